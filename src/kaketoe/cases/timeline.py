"""Timeline text in the reader's language (issue 17 §2).

Services store what happened as a kind and plain parameters (codes, names), never as text in the
writer's language; the subject is rendered when it is read, so a partner abroad reads English
where the Dutch team reads Dutch. Each app registers the renderers of its own kinds (as the
route map does), so cases never imports a step app. Events written before this have no
parameters and show the subject as it was stored.
"""

from __future__ import annotations

from collections.abc import Callable

from kaketoe.cases.models import Stage

Renderer = Callable[[dict], str]
_RENDERERS: dict[tuple[str, str], Renderer] = {}


def renders(kind: str, form: str = ""):
    """Register the renderer of a timeline kind (and `form` in params, if the kind has several)."""

    def register(function: Renderer) -> Renderer:
        _RENDERERS[(kind, form)] = function
        return function

    return register


def render(kind: str, params: dict | None) -> str | None:
    """The subject of an event of this kind, or None when it has no parameters to render."""
    if not params:
        return None
    function = _RENDERERS.get((kind, params.get("form", "")))
    if function is None:
        return None
    try:
        return function(params)
    except (KeyError, ValueError):  # a code that has been renamed since the event was written
        return None


@renders("stage")
def _stage(params: dict) -> str:
    return str(Stage(params["stage"]).label)
