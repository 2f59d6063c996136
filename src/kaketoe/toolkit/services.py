"""Everything that changes toolkit data: starting and ending child mode, saving the child's
answers, wishes and stickers, and the professional's record after the session."""

from __future__ import annotations

import random

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kaketoe.audit.services import Action, record
from kaketoe.cases.models import Person, TimelineEvent
from kaketoe.catalogues.loader import load
from kaketoe.toolkit import content, lock, rules
from kaketoe.toolkit.models import (
    Answer,
    ChildSession,
    FarewellConsent,
    FarewellMessage,
    Sticker,
)


class WrongPin(Exception):
    pass


class PinLocked(Exception):
    pass


@transaction.atomic
def start_session(
    request,
    user,
    child: Person,
    *,
    kit: str,
    language: str,
    pin: str,
    only_part: str = "",
    **before,
):
    """Open a toolkit session and put this browser in child mode for it. `before` holds what
    the prepare page records (ChildSession.BEFORE_FIELDS): the facts the child may see, who
    will meet the family, the child's wishes for a man or a woman, the date the parents were
    informed, and why the session starts without that date (audited)."""
    unknown = set(before) - set(ChildSession.BEFORE_FIELDS)
    if unknown:
        raise TypeError(f"unknown session fields {sorted(unknown)}")
    before["shown_facts"] = rules.ticked_facts(before.get("shown_facts"))
    session = ChildSession.objects.create(
        family=child.family,
        child=child,
        kit=kit,
        language=language,
        catalogue_version=load(content.TOOLKIT).version,
        pin_hash=make_password(pin),
        started_by=user,
        only_part=only_part,
        **before,
    )
    if session.started_without_parents_informed:
        record(
            request,
            Action.CREATE,
            session,
            detail="toolkit session started before the parents were informed: "
            + session.started_without_parents_informed[:200],
        )
    TimelineEvent.objects.create(
        family=child.family,
        kind=TimelineEvent.Kind.TOOLKIT_STARTED,
        subject=f"{child.given_name} ({session.get_kit_display()})",
        actor=user,
    )
    record(request, Action.CREATE, session, detail="toolkit session started")
    lock.engage(request, session)
    return session


def leave_child_mode(request, session: ChildSession, pin: str) -> None:
    """End child mode with the professional's PIN. WrongPin / PinLocked otherwise.

    Each try first claims one of the MAX_PIN_FAILURES tries in a single conditional UPDATE
    (pin_failures + 1 where it is still below the limit), and only then checks the PIN; the right
    PIN gives its try back. So wrong PINs sent at the same moment are never checked more than
    MAX_PIN_FAILURES times in all (tests/test_pin.py, on PostgreSQL)."""
    if not _claim_pin_try(session):
        raise PinLocked
    if not check_password(pin, session.pin_hash):
        record(request, Action.DENIED, session, detail="wrong toolkit PIN")
        raise WrongPin
    ChildSession.objects.filter(pk=session.pk).update(pin_failures=F("pin_failures") - 1)
    session.pin_failures -= 1
    end_session(request, request.user, session)
    lock.release(request)


def _claim_pin_try(session: ChildSession) -> bool:
    """Count one more PIN try in the database, unless the limit is reached (then False);
    `session.pin_failures` is the count as the database has it afterwards."""
    claimed = ChildSession.objects.filter(
        pk=session.pk, pin_failures__lt=rules.MAX_PIN_FAILURES
    ).update(pin_failures=F("pin_failures") + 1)
    session.refresh_from_db(fields=["pin_failures"])
    return bool(claimed)


@transaction.atomic
def end_session(request, user, session: ChildSession) -> None:
    """Mark the session ended (once) and say so on the case timeline."""
    if session.ended_at is not None:
        return
    session.ended_at = timezone.now()
    session.save(update_fields=["ended_at"])
    TimelineEvent.objects.create(
        family_id=session.family_id,
        kind=TimelineEvent.Kind.TOOLKIT_ENDED,
        subject=session.child.given_name,
        actor=user,
    )
    record(request, Action.CHANGE, session, detail="toolkit session ended")


def set_language(session: ChildSession, language: str) -> None:
    if language in rules.CHILD_LANGUAGES:
        session.language = language
        session.save(update_fields=["language"])


def save_answer(
    request,
    session: ChildSession,
    question: content.Question,
    *,
    words: str = "",
    choices: list[str] | None = None,
    drawing: bytes | None = None,
) -> Answer:
    """Keep the child's answer to one question (a later answer in the session replaces it)."""
    answer, _created = Answer.objects.update_or_create(
        session=session,
        question_code=question.code,
        defaults={
            "family_id": session.family_id,
            "child_id": session.child_id,
            "kind": question.kind,
            "words": words.strip(),
            "choices": list(choices or []),
            "drawing": drawing,
            "language": session.language,
            "updated_at": timezone.now(),
            # A new answer is private again until the child says who may see it.
            "shared_with": rules.SHARE_PRIVATE,
        },
    )
    record(request, Action.CHANGE, answer, detail=f"toolkit answer {question.code}")
    return answer


def add_wish(request, session: ChildSession, what: str, helper: str) -> Answer:
    """A wish on the child's own "my return plan" page: meant for the plan from the start."""
    answer = Answer.objects.create(
        session=session,
        family_id=session.family_id,
        child_id=session.child_id,
        question_code=content.PLAN,
        kind=Answer.Kind.WISH,
        words=what.strip(),
        helper=helper.strip(),
        language=session.language,
        for_return_plan=True,
    )
    record(request, Action.CREATE, answer, detail="toolkit return-plan wish")
    return answer


def add_info_point(request, session: ChildSession, page: content.InfoPage, what: str) -> Answer:
    """A point the child writes in the information booklet (10-12) for his own return plan:
    a wish on that page, meant for the plan; who may see it is the child's choice (§1)."""
    answer = Answer.objects.create(
        session=session,
        family_id=session.family_id,
        child_id=session.child_id,
        question_code=page.code,
        kind=Answer.Kind.WISH,
        words=what.strip(),
        language=session.language,
        for_return_plan=True,
    )
    record(request, Action.CREATE, answer, detail="toolkit information booklet point")
    return answer


def put_sticker(session: ChildSession, part: str) -> Sticker:
    sticker, _created = Sticker.objects.get_or_create(
        child_id=session.child_id, part=part, defaults={"session": session}
    )
    return sticker


def draw_card(session: ChildSession, deck: content.Deck, rng: random.Random | None = None) -> str:
    """A random card from the deck, not the one the child just had (when there is a choice)."""
    codes = [card.code for card in deck.cards]
    others = [code for code in codes if code != session.drawn_card] or codes
    session.drawn_card = (rng or random).choice(others)
    session.save(update_fields=["drawn_card"])
    return session.drawn_card


@transaction.atomic
def record_after(request, user, session: ChildSession) -> ChildSession:
    """Save the professional's record after the session (the form filled `session`)."""
    session.recorded_by = user
    session.recorded_at = timezone.now()
    session.save()
    record(request, Action.CHANGE, session, detail="toolkit session record")
    end_session(request, user, session)
    return session


def set_sharing(request, answer: Answer, shared_with: str, *, in_child_mode: bool) -> Answer:
    """The child's choice of who may see this answer: chosen in child mode, or recorded by the
    professional the child talked with. Audited either way (who, and what was chosen)."""
    if shared_with not in rules.SHARING:
        raise ValueError(f"unknown sharing {shared_with!r}")
    if answer.shared_with == shared_with:
        return answer
    answer.shared_with = shared_with
    answer.save(update_fields=["shared_with"])
    how = "chosen by the child in child mode" if in_child_mode else "recorded by the adult"
    record(request, Action.CHANGE, answer, detail=f"sharing: {shared_with} ({how})")
    return answer


def mark_for_plan(request, answer: Answer, wanted: bool) -> Answer:
    answer.for_return_plan = wanted
    answer.save(update_fields=["for_return_plan"])
    record(request, Action.CHANGE, answer, detail=f"for return plan: {'yes' if wanted else 'no'}")
    return answer


# -- farewell pages ------------------------------------------------------------------------------


class ContactNotAgreed(Exception):
    """Contact details were offered for a child whose parents have not agreed to them."""


def contact_allowed(child: Person) -> bool:
    """May farewell pages for this child hold contact details (the parents' agreement)?"""
    return FarewellConsent.objects.filter(child=child, withdrawn_on__isnull=True).exists()


@transaction.atomic
def record_farewell_consent(request, user, child: Person, *, agreed_on, agreed_by: Person):
    """The parents agree to contact details on this child's farewell pages (a new agreement
    replaces a withdrawn one)."""
    consent, _created = FarewellConsent.objects.update_or_create(
        child=child,
        defaults={
            "agreed_on": agreed_on,
            "agreed_by": agreed_by,
            "recorded_by": user,
            "recorded_at": timezone.now(),
            "withdrawn_on": None,
        },
    )
    record(request, Action.CHANGE, consent, detail="farewell contact details: parents agreed")
    return consent


@transaction.atomic
def withdraw_farewell_consent(request, user, child: Person, withdrawn_on) -> int:
    """The parents no longer agree: the agreement ends and every contact detail already written
    on this child's farewell pages is erased. Returns how many were erased."""
    consent = FarewellConsent.objects.select_for_update().filter(child=child).first()
    if consent is None or not consent.in_force:
        return 0
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    erased = FarewellMessage.objects.filter(child=child).exclude(contact="").update(contact="")
    record(
        request,
        Action.CHANGE,
        consent,
        detail=f"farewell contact details: agreement withdrawn, {erased} erased",
    )
    return erased


def add_farewell(
    request,
    user,
    child: Person,
    *,
    writer: str,
    name: str,
    memory: str = "",
    wish: str = "",
    contact: str = "",
    session: ChildSession | None = None,
    language: str = "nl",
) -> FarewellMessage:
    """Keep one farewell page. ContactNotAgreed when contact details come without the parents'
    agreement in force (nothing is saved then)."""
    contact = contact.strip()
    if contact and not contact_allowed(child):
        record(request, Action.DENIED, child, detail="farewell contact details without agreement")
        raise ContactNotAgreed  # the refusal stays in the audit log (no transaction to undo)
    with transaction.atomic():
        message = FarewellMessage.objects.create(
            family_id=child.family_id,
            child=child,
            session=session,
            writer=writer,
            name=name.strip(),
            memory=memory.strip(),
            wish=wish.strip(),
            contact=contact,
            language=session.language if session else language,
            entered_by=user,
        )
        record(request, Action.CREATE, message, detail="farewell page")
    return message
