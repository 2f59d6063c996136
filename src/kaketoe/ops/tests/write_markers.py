"""Write a unique marker into every free-text field of every page form (issue 15, H1).

Run as its own process on a file-based SQLite database (`test_no_plaintext.py` starts it):

    DATABASE_URL=sqlite:///DIR/db.sqlite3 KAKETOE_VAR_DIR=DIR python -m \
        kaketoe.ops.tests.write_markers OUT.json

It migrates the database, then posts every form of the hostile-input test
(`cases/tests/test_hostile_input.py`, `hostile_forms.py`) once per field, with a marker in that
one field, as the form's user. OUT.json lists {marker: [form, field]} for each post that was
saved (a marker the form refused, in a date or choice field, is not listed).
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path


def _setup(var: Path) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaketoe.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings, setup_test_environment

    call_command("migrate", verbosity=0, interactive=False)
    setup_test_environment()
    override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        LANGUAGE_CODE="en",
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        KAKETOE_UPLOAD_DIR=var / "uploads",
        KAKETOE_AUDIT_CHECKPOINT_FILE=var / "audit-checkpoints.log",
    ).enable()


def _write(out: Path) -> None:
    from kaketoe.cases.tests.test_hostile_input import FORMS
    from kaketoe.testing import make_cast

    cast = make_cast()
    run = secrets.token_hex(3)
    clients: dict = {}
    written: dict[str, list[str]] = {}
    last = ("consent withdrawal", "erasure approval")  # they end what the other forms need
    order = [name for name in FORMS if name not in last] + list(last)
    for number, form_name in enumerate(order):
        target = FORMS[form_name]
        try:
            _post(cast, clients, target, form_name, number, run, written)
        except Exception as error:  # noqa: BLE001  # a form we could not fill: say so, go on
            print(f"write_markers: {form_name}: {error!r}", file=sys.stderr)
    out.write_text(json.dumps(written, indent=1))


def _child_mode(client, cast):
    """As hostile_forms.in_child_mode, but the toolkit-start form already made sessions."""
    from kaketoe.cases.tests import hostile_forms
    from kaketoe.testing import today

    response = client.post(
        hostile_forms._child("toolkit:start", cast),
        {"kit": "booklet", "language": "en", "pin": hostile_forms.PIN}
        | {"pin_again": hostile_forms.PIN, "parents_informed_on": today().isoformat()},
    )
    assert response.status_code == 302, "child mode did not start"
    cast.session = cast.narek.toolkit_sessions.latest("pk")


def _handed_over(client, cast):
    """As hostile_forms.handed_over, plus the 18-month visit with its alerts (a reason given)."""
    from kaketoe.cases.tests import hostile_forms
    from kaketoe.monitoring import services as monitoring
    from kaketoe.testing import today

    hostile_forms.handed_over(client, cast)
    labour = [{"domain": "education_work", "indicators": ["education_work.unsatisfactory.4"]}]
    reason = "Visited early: the family moves to another town next month."
    monitoring.record_visit(None, cast.partner, cast.narek, 18, today(), labour, reason)


def _set_up(target):
    from kaketoe.cases.tests import hostile_forms

    replaced = {hostile_forms.in_child_mode: _child_mode, hostile_forms.handed_over: _handed_over}
    return replaced.get(target.setup, target.setup)


def _post(cast, clients, target, form_name, number, run, written) -> None:
    from django.test import Client

    from kaketoe.cases.tests.test_hostile_input import _filled, _sent
    from kaketoe.testing import login

    key = (target.user, target.setup)
    if key not in clients:  # one browser per user and set-up (child mode locks a browser)
        client = clients[key] = Client()
        if target.user:
            login(client, getattr(cast, target.user))
        if target.setup:
            _set_up(target)(client, cast)
    client = clients[key]
    for person in (cast.hakobyan, cast.narek):  # other forms changed them
        person.refresh_from_db()
    send = client.get if target.method == "get" else client.post
    done = target.done or (200 if target.method == "get" else 302)
    url, data, fields = target.build(cast, "")
    data, fields = _filled(client, url, data, fields)
    for index, name in enumerate(fields):
        marker = f"zq{run}m{number:02d}f{index:02d}xv"
        url, data, fields_again = target.build(cast, marker)  # some builders advance state
        data, _fields = _filled(client, url, data, fields_again)
        response = send(url, _sent(data, name, f"Slaapt slecht {marker} sinds het nieuws"))
        if response.status_code == done:
            written[marker] = [form_name, name]


def main() -> None:
    out = Path(sys.argv[1])
    _setup(Path(os.environ["KAKETOE_VAR_DIR"]))
    _write(out)  # the connection stays open: the WAL is left on disk as a running server has it


if __name__ == "__main__":
    main()
