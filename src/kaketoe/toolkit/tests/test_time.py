"""A sense of time without numbers in child mode (issue 14 §3): Tuki's sun reaches the end of its
path at the length appendix 6 suggests for the child's age, then a gentle word about a break;
the adult's record shows the minutes used. Rules without HTTP, then the pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from kaketoe.testing import login
from kaketoe.toolkit import rules
from kaketoe.toolkit.models import ChildSession
from kaketoe.toolkit.tests.test_views import cast, lina, start  # noqa: F401 (fixtures)


@pytest.mark.parametrize(
    ("seconds", "length", "step", "due"),
    [
        (0, 15, 0, False),
        (-30, 15, 0, False),  # a clock a little behind
        (74, 15, 0, False),  # 12 steps of 75 seconds for 15 minutes
        (75, 15, 1, False),
        (7.5 * 60, 15, 6, False),
        (15 * 60 - 1, 15, 11, False),
        (15 * 60, 15, 12, True),
        (3 * 60 * 60, 15, 12, True),
        (30 * 60, 45, 8, False),
        (0, 0, 12, True),
    ],
)
def test_the_sun_reaches_the_end_at_the_length_for_the_age(seconds, length, step, due):
    assert rules.time_step(seconds, length) == step
    assert rules.break_due(seconds, length) is due


@pytest.mark.parametrize(
    ("seconds", "minutes"), [(0, 0), (10, 1), (89, 1), (91, 2), (17 * 60 + 20, 17)]
)
def test_the_adult_reads_whole_minutes(seconds, minutes):
    assert rules.minutes_used(seconds) == minutes


@pytest.fixture
def playing(client, cast, lina):  # noqa: F811
    login(client, cast.casemanager)
    start(client, lina)
    return ChildSession.objects.get()


def been_at_it(session, minutes: int) -> None:
    session.started_at = timezone.now() - timedelta(minutes=minutes)
    session.save(update_fields=["started_at"])


@pytest.mark.django_db
def test_every_child_page_shows_the_sun_without_numbers_and_the_stop_on_top(client, playing):
    been_at_it(playing, 5)  # 5 of 15 minutes for a 7-year-old: 4 of 12 steps
    html = client.get(playing.child_url("child_part", part_code="A")).content.decode()
    assert 'class="kid-time kid-time--s4"' in html
    assert "data-kid-time" in html and "toolkit/child_time.js" in html
    header = html[html.index("<header") : html.index("</header>")]
    assert "I am done for now" in header and "<nav" in header
    assert not re.search(r">[^<]*\d[^<]*<", header)  # no number the child can read
    assert "Maybe it is time for a little break?" not in header.split("data-text=")[0]
    assert '<p class="kid-break" role="status" data-kid-break data-text="' in header
    assert header.rstrip().endswith('?"></p>')  # the word is there for the script, not shown


@pytest.mark.django_db
def test_after_the_length_for_the_age_the_child_reads_a_gentle_word_about_a_break(client, playing):
    been_at_it(playing, 16)
    html = client.get(playing.child_url()).content.decode()
    assert "kid-time--s12 kid-time--done" in html
    assert "Maybe it is time for a little break?</p>" in html


@pytest.mark.django_db
def test_the_adults_record_shows_the_minutes_used(client, playing):
    been_at_it(playing, 17)
    client.post(playing.child_url("child_unlock"), {"pin": "2468"})
    html = client.get(playing.get_absolute_url()).content.decode()
    assert "Time used: 17 minutes" in html
    assert "appendix 6 suggests 15–20 minutes at this age" in html
