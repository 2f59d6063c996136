"""The toolkit's rules in the handbook's words (chapter 4, appendix 6). Pure Python, no HTTP."""

from __future__ import annotations

import base64
import binascii
import re

BOOKLET = "booklet"
CARDS = "cards"
# Handbook §13.2: the booklet with roadmap for about 6-9 years, the conversation cards for about
# 10-12. Teenagers get the cards too (the nearest kit); toddlers get neither.
KIT_BY_AGE_BAND = {"6-9": BOOKLET, "10-12": CARDS, "13-17": CARDS}

CHILD_LANGUAGES = ("nl", "en", "ar", "hy", "ru")
RIGHT_TO_LEFT = frozenset({"ar"})

# The child's choice of who sees an answer (issue 14): just the child and the professional who
# held the session (the default), the parents too, or the team around the family too.
SHARE_PRIVATE = "private"
SHARE_PARENTS = "parents"
SHARE_TEAM = "team"
SHARING = (SHARE_PRIVATE, SHARE_PARENTS, SHARE_TEAM)

# The PIN that ends child mode: 4 to 8 digits that a child watching cannot guess. Refused: one
# digit repeated (0000), a run up or down (1234, 9876, 0123), and PINs people pick most often.
PIN_PATTERN = re.compile(r"[0-9]{4,8}")
MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 8
COMMON_PINS = frozenset(
    {"1212", "1122", "2580", "0852", "1004", "6969", "2000", "2001", "1010", "1313", "2020"}
    | {"5683", "0007", "1231", "12341234", "11223344", "00001111", "12121212"}
)
MAX_PIN_FAILURES = 5

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_DRAWING_BYTES = 1_000_000
DATA_URL_PREFIX = "data:image/png;base64,"


def kit_for(age_band: str | None) -> str | None:
    """Which kit fits a child of this age band: the booklet, the cards, or none."""
    return KIT_BY_AGE_BAND.get(age_band or "")


def direction(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


def pin_problem(pin: str) -> str | None:
    """What is wrong with this PIN, or None: "digits" (not 4-8 digits 0-9), "same" (one digit
    repeated), "run" (each digit one up or one down from the last) or "common"."""
    if not isinstance(pin, str) or not PIN_PATTERN.fullmatch(pin):
        return "digits"
    if len(set(pin)) == 1:
        return "same"
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:], strict=False)}
    if steps in ({1}, {-1}):
        return "run"
    if pin in COMMON_PINS:
        return "common"
    return None


def is_valid_pin(pin: str) -> bool:
    return pin_problem(pin) is None


def may_try_pin(failures: int) -> bool:
    """After MAX_PIN_FAILURES wrong PINs only logging in again ends child mode."""
    return failures < MAX_PIN_FAILURES


def guidance_group(age: int | None, groups: list[dict]) -> dict:
    """The appendix-6 age group for a child: from_age <= age < to_age (bands overlap at 8 and
    10 in the source; the lower bound wins). Younger children get the first group, older the
    last; an unknown age gets the first (the shortest conversation)."""
    if age is not None:
        for group in groups:
            if group["from_age"] <= age < group["to_age"]:
                return group
        if age >= groups[-1]["to_age"]:
            return groups[-1]
    return groups[0]


# -- a sense of time in child mode ------------------------------------------------------------

# Tuki's sun crosses the top of the child's screen in TIME_STEPS steps, no numbers shown. It
# reaches the end at the shorter length appendix 6 gives for the child's age (15 of 15-20 minutes
# for 6-8); from then on the child sees a gentle word about a break.
TIME_STEPS = 12


def time_step(elapsed_seconds: float, length_minutes: int) -> int:
    """How far the sun has come: 0 at the start, TIME_STEPS at (and after) the length."""
    if length_minutes <= 0:
        return TIME_STEPS
    done = max(elapsed_seconds, 0) / (length_minutes * 60)
    return min(TIME_STEPS, int(done * TIME_STEPS))


def break_due(elapsed_seconds: float, length_minutes: int) -> bool:
    """Has the age-appropriate length passed (time to suggest a break)?"""
    return elapsed_seconds >= length_minutes * 60


def minutes_used(elapsed_seconds: float) -> int:
    """The time a session took, in whole minutes as the adult reads it (at least 1 once begun)."""
    if elapsed_seconds <= 0:
        return 0
    return max(1, round(elapsed_seconds / 60))


def png_from_data_url(value: str) -> bytes:
    """The PNG bytes of a canvas data URL; ValueError unless it really is a PNG of at most
    MAX_DRAWING_BYTES."""
    if not isinstance(value, str) or not value.startswith(DATA_URL_PREFIX):
        raise ValueError("not a PNG data URL")
    encoded = value[len(DATA_URL_PREFIX) :]
    if len(encoded) > (MAX_DRAWING_BYTES * 4) // 3 + 4:
        raise ValueError("drawing too large")
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValueError("not valid base64") from error
    if len(data) > MAX_DRAWING_BYTES:
        raise ValueError("drawing too large")
    if not data.startswith(PNG_MAGIC):
        raise ValueError("not a PNG image")
    return data


# -- child mode: the lock -------------------------------------------------------------------------

# Pages a child may use while child mode is on, all under the session they belong to.
CHILD_PAGES = frozenset(
    {
        "child_home",
        "child_language",
        "child_part",
        "child_sticker",
        "child_question",
        "child_deck",
        "child_draw_card",
        "child_card",
        "child_plan",
        "child_farewell",
        "child_unlock",
        "child_drawing",
        "child_share",
        "child_info",
        "child_info_booklet",
    }
)
# Reachable from child mode whatever the session: logging out ends child mode (the professional
# then logs in again), and the load balancer's health check shows nothing.
ALWAYS_ALLOWED = frozenset({"accounts:logout", "health"})


def allowed_in_child_mode(view_name: str, kwargs: dict, lock: dict) -> bool:
    """May this page be shown while the browser is locked to the child session in `lock`?"""
    if view_name in ALWAYS_ALLOWED:
        return True
    namespace, _, url_name = view_name.rpartition(":")
    return (
        namespace == "toolkit"
        and url_name in CHILD_PAGES
        and kwargs.get("pk") == lock.get("family")
        and kwargs.get("child_pk") == lock.get("child")
        and kwargs.get("session_pk") == lock.get("session")
    )


# -- the information pages: case facts only where the adult ticked them (issue 14 §2) ----------

# What an information page may show of the family's case, and nothing else: the country and
# the city or town of return, the month of departure, who will meet the family, the partner
# organisation's name and the new school. The adult ticks them on the prepare page per session.
FACT_COUNTRY = "country"
FACT_CITY = "city"
FACT_MONTH = "month"
FACT_MET_BY = "met_by"
FACT_PARTNER = "partner"
FACT_SCHOOL = "school"
CASE_FACTS = (FACT_COUNTRY, FACT_CITY, FACT_MONTH, FACT_MET_BY, FACT_PARTNER, FACT_SCHOOL)


def ticked_facts(ticked) -> list[str]:
    """The ticks worth keeping: known fact names only, each once, in CASE_FACTS order."""
    wanted = set(ticked or ())
    return [fact for fact in CASE_FACTS if fact in wanted]


def facts_to_show(page_facts, ticked, known: dict[str, str]) -> list[tuple[str, str]]:
    """(fact, value) for an information page: facts the page is about, that the adult ticked
    for this session and that the case knows. Anything else stays off the child's screen."""
    allowed = set(ticked_facts(ticked))
    return [
        (fact, known[fact])
        for fact in page_facts
        if fact in allowed and (known.get(fact) or "").strip()
    ]


# -- before a first session: the parents know (issue 14 §2, handbook §13.8.5) -------------------

MIN_START_ANYWAY_REASON = 10


def needs_parents_confirmation(first_session: bool, parents_informed_on) -> bool:
    """A first session with a child asks the adult to confirm when no date is recorded on which
    the parents were told how and when their child is involved. Later sessions do not ask."""
    return first_session and parents_informed_on is None


# -- the child's wish: a man or a woman to talk with, and as interpreter -------------------------

NO_PREFERENCE = "either"
PREFER_WOMAN = "woman"
PREFER_MAN = "man"
NOT_ASKED = ""


# -- after return: part D with the partner organisation (issue 14 §2) ---------------------------

PART_AFTER_RETURN = "D"
# Child-mode pages that a part-D-only session may show; the road, the decks, the plan page and
# the farewell pages belong to the sessions of the Dutch team.
PART_ONLY_PAGES = frozenset(
    {
        "child_home",
        "child_language",
        "child_part",
        "child_sticker",
        "child_question",
        "child_deck",
        "child_draw_card",
        "child_card",
        "child_unlock",
        "child_drawing",
        "child_share",
        "child_info",
        "child_info_booklet",
    }
)


def part_allowed(only_part: str, part: str) -> bool:
    """May a session limited to `only_part` ("" = no limit) show this part or deck?"""
    return not only_part or part == only_part
