"""JSON only, and not too much of it: an oversized body is refused before it is read, and JSON
nested deeper than any Kaketoe record (MAX_DEPTH) is refused as a 400, never a RecursionError."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# Kaketoe's records nest a few levels (a visit's ratings hold lists of indicators); far less
# than this, and far less than Python's recursion limit, which a 1,000-deep body would reach.
MAX_DEPTH = 32


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        limit = settings.KAKETOE_API_MAX_BODY_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0) if request else 0
        except ValueError:
            length = 0
        if length > limit:
            raise ParseError(
                _("The body is too large (at most %(limit)d bytes).") % {"limit": limit}
            )
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise _too_deep() from None
        if depth(data) > MAX_DEPTH:
            raise _too_deep()
        if not isinstance(data, dict):
            raise ParseError(_("Send a JSON object."))
        return data


def _too_deep() -> ParseError:
    return ParseError(
        _("The JSON is nested too deeply (at most %(limit)d levels).") % {"limit": MAX_DEPTH}
    )


def depth(data) -> int:
    """How deeply lists and objects nest in parsed JSON (a plain value is 0), without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, level + 1) for child in children)
    return deepest
