"""Hostile input (hypothesis): random and malicious strings posted into every page form.

For every form: no server error; what is saved renders escaped (no raw markup comes back); every
rejection is a readable message on the form. Which forms, as whom, with what data: FORMS below and
hostile_forms.py. Bounded to MAX_EXAMPLES per form so CI stays fast. Each example is counted
(KAKETOE_HOSTILE_COUNT_FILE) for `./kaketoe manage security_report`.
"""

from __future__ import annotations

import os

import pytest
from django.forms import BaseForm, BaseFormSet
from django.test.utils import ContextList
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaketoe.cases.tests import hostile_forms
from kaketoe.testing import login, make_cast

MAX_EXAMPLES = 25  # per form: the whole file stays under ~90 s on SQLite
NASTY = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(document.cookie)",
    "'; DROP TABLE cases_family; --",
    "1 OR 1=1",
    "\u202egnp.exe",  # right-to-left override
    "😀👨‍👩‍👧‍👦🏳️‍🌈",
    "\x00null\x00",
    "\x07\x08\x1b[31mred\r\n\t",
    "{{ request.user }}{% debug %}",
    "%(password)s %s %d",
    "A" * 5000,
    "😀" * 1000,
    "\u202e" * 500,
    "",
    "   ",
]
LOOKALIKES = [  # nearly an id, a number or a date
    "9" * 25,
    "-1",
    "²",  # "²".isdigit(), but int("²") is a ValueError
    "١٢",
    "0001-01-01",
    "9999-12-31",
]
HOSTILE = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(LOOKALIKES),
    st.text(min_size=1, max_size=300),
    st.builds(
        lambda a, b: a + "<script>alert(1)</script>" + b,
        st.text(max_size=20),
        st.text(max_size=20),
    ),
)
FUZZ = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples in every run: CI does not flake
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _count() -> None:
    path = os.environ.get("KAKETOE_HOSTILE_COUNT_FILE")
    if path:
        with open(path, "a") as out:
            out.write("1\n")


T = hostile_forms.Target
FORMS = {
    # cases
    "new family": T(hostile_forms.new_family),
    "family edit": T(hostile_forms.family_edit),
    "person": T(hostile_forms.person),
    "person edit": T(hostile_forms.person_edit),
    "team informal member": T(hostile_forms.informal_member),
    "team colleague": T(hostile_forms.colleague_member),
    "break-glass reason": T(hostile_forms.break_glass),
    # assessments
    "preconditions note": T(hostile_forms.preconditions_note),
    "factor free text": T(hostile_forms.factor),
    "protective measure": T(hostile_forms.measure),
    "best-interests assessment": T(hostile_forms.best_interests),
    "safety assessment": T(hostile_forms.safety),
    # plans
    "plan item": T(hostile_forms.plan_item),
    "plan item from precondition": T(hostile_forms.item_from_precondition),
    "plan attention points": T(hostile_forms.attention),
    "plan child's voice": T(hostile_forms.child_voice),
    "meeting": T(hostile_forms.meeting),
    "meeting decision": T(hostile_forms.decision),
    "network trust": T(hostile_forms.network_trust),
    # guidance
    "guidance signal": T(hostile_forms.signal),
    "grief note": T(hostile_forms.grief_note),
    "school handover": T(hostile_forms.school_handover),
    "parent conversation": T(hostile_forms.parent_conversation),
    # consent
    "consent scope": T(hostile_forms.consent_scope),
    "consent withdrawal": T(hostile_forms.consent_withdrawal),
    "handover": T(hostile_forms.handover, saves=False),
    "consent scan": T(hostile_forms.consent_scan),
    # monitoring: the partner abroad
    "monitoring visit": T(hostile_forms.visit, "partner", hostile_forms.handed_over, saves=False),
    "alert follow-up": T(hostile_forms.alert_follow_up, "partner", hostile_forms.handed_over),
    "alert closing": T(hostile_forms.alert_closing, "partner", hostile_forms.handed_over),
    "progress report": T(hostile_forms.progress_report, "partner", hostile_forms.handed_over),
    "monitoring work done": T(hostile_forms.work_done, "partner", hostile_forms.handed_over),
    # toolkit: the professional, then the child on the tablet
    "toolkit start": T(hostile_forms.toolkit_start, saves=False),
    "toolkit session record": T(hostile_forms.session_record),
    "farewell message": T(hostile_forms.farewell),
    "farewell agreement": T(hostile_forms.farewell_agreement),
    "child words": T(hostile_forms.child_words, setup=hostile_forms.in_child_mode),
    "child drawing": T(hostile_forms.child_drawing, setup=hostile_forms.in_child_mode, saves=False),
    "child wish": T(hostile_forms.child_wish, setup=hostile_forms.in_child_mode),
    "child farewell message": T(hostile_forms.child_farewell, setup=hostile_forms.in_child_mode),
    "child language": T(hostile_forms.child_language, setup=hostile_forms.in_child_mode),
    "child mode PIN": T(hostile_forms.child_pin, setup=hostile_forms.in_child_mode, saves=False),
    # accounts and the audit log
    "login": T(hostile_forms.login, user=None, saves=False),
    "login code": T(
        hostile_forms.login_code, user=None, setup=hostile_forms.password_pending, saves=False
    ),
    "interface language": T(hostile_forms.interface_language),
    "add colleague": T(hostile_forms.add_colleague, "orgadmin"),
    "password change": T(hostile_forms.password_change),
    "password reset request": T(hostile_forms.password_reset, user=None, saves=False),
    "password reset new password": T(
        hostile_forms.reset_new_password, user=None, setup=hostile_forms.reset_link_opened
    ),
    "family import": T(hostile_forms.family_import, "orgadmin", done=200),
    "audit log search": T(hostile_forms.audit_search, "privacy", method="get"),
    "erasure request": T(
        hostile_forms.erasure_request, "privacy", hostile_forms.second_privacy_officer
    ),
    "erasure rejection": T(
        hostile_forms.erasure_rejection, "privacy", hostile_forms.second_privacy_officer
    ),
    "erasure approval": T(
        hostile_forms.erasure_approval, "privacy", hostile_forms.second_privacy_officer
    ),
}


def _filled(client, url, data, fields):
    """The valid data to post and the names of the fields a hostile value may replace."""
    if isinstance(data, hostile_forms.AsShown):  # the form as the browser has it, then changed
        form = client.get(url).context["form"]
        data = {**{name: _shown(form, name) for name in form.fields}, **data.changes}
        fields = [name for name in data if name.startswith(fields)]
    return data, fields


def _sent(data: dict, name: str | None = None, value: str = "") -> dict:
    """The data with `value` in field `name`; a file field gets a hostile file made of it."""
    sent = {key: v.file() if isinstance(v, hostile_forms.Upload) else v for key, v in data.items()}
    if name is not None:
        upload = data.get(name)
        sent[name] = upload.spoilt(value) if isinstance(upload, hostile_forms.Upload) else value
    return sent


def _shown(form, name: str):
    value = form[name].value()
    if value is None:
        return [] if getattr(form.fields[name].widget, "allow_multiple_selected", False) else ""
    return value


def _readable(message: str, value: str) -> bool:
    """A sentence, not a traceback. It may quote the refused value back, as Django's choice
    fields do ("Select a valid choice. X is not one of the available choices."); the rest must
    be readable on its own."""
    text = message.replace(value, "…") if value else message
    return bool(text.strip()) and "Traceback" not in text and "\x00" not in text


def _rejections(context) -> list[str]:
    """Every error message on every bound form (and formset) the page was rendered with."""
    layers = context if isinstance(context, ContextList) else [context] if context else []
    found = {id(v): v for layer in layers for d in layer.dicts for v in d.values()}
    formsets = [v for v in found.values() if isinstance(v, BaseFormSet) and v.is_bound]
    forms = [v for v in found.values() if isinstance(v, BaseForm) and v.is_bound]
    forms += [form for formset in formsets for form in formset.forms]
    messages = [m for formset in formsets for m in formset.non_form_errors()]
    messages += [m for form in forms for errors in form.errors.values() for m in errors]
    return [str(m) for m in messages]


def assert_safe(client, response, value):
    assert response.status_code < 500
    rejections = _rejections(response.context)
    assert all(_readable(m, value) for m in rejections), rejections
    pages = [response]
    if response.status_code == 302:
        pages.append(client.get(response.url))
    for page in pages:
        html = page.content.decode(errors="replace")
        assert "<script>alert" not in html
        assert "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
        if "<" in value and len(value) < 1000:
            assert value not in html


@pytest.mark.django_db
@pytest.mark.parametrize("form_name", sorted(FORMS))
def test_hostile_input_is_refused_readably_or_stored_and_shown_escaped(client, form_name):
    target = FORMS[form_name]
    cast = make_cast()
    if target.user:
        login(client, getattr(cast, target.user))
    if target.setup:
        target.setup(client, cast)
    send = client.get if target.method == "get" else client.post
    statuses = []

    @FUZZ
    @given(value=HOSTILE, which=st.integers(min_value=0, max_value=5))
    def post(value, which):
        _count()
        url, data, fields = target.build(cast, value)
        data, fields = _filled(client, url, data, fields)
        response = send(url, _sent(data, fields[which % len(fields)], value))
        statuses.append(response.status_code)
        assert_safe(client, response, value)

    post()
    done = target.done or (200 if target.method == "get" else 302)
    if done not in statuses:  # every example refused: is it the values, or the data?
        assert not target.saves, "no example was saved: the form's base data is not valid"
        url, data, fields = target.build(cast, "")
        response = send(url, _sent(_filled(client, url, data, fields)[0]))
        assert response.status_code == done, "the form's base data is not valid"
        if done == 302:  # back to the login page (a lost login step) is no success
            assert response.url != reverse("accounts:login"), "the form's base data is not valid"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "day"), [("until", "9999-12-31"), ("since", "0001-01-01"), ("until", "0001-01-01")]
)
def test_the_audit_search_refuses_days_outside_the_log(client, field, day):
    cast = make_cast()
    login(client, cast.privacy)
    response = client.get(reverse("audit:log"), {field: day})
    assert response.status_code == 200 and response.context["form"].errors[field]
