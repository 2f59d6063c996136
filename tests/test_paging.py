"""kaketoe.paging: the same pages as Django's Paginator, in one query when the page exists."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kaketoe import paging
from kaketoe.accounts.models import Organisation
from kaketoe.testing import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations():
    for letter in "ABCDEFG":
        OrganisationFactory(name=f"Paging test {letter}")
    return Organisation.objects.filter(name__startswith="Paging test").order_by("name")


def names(page):
    return [organisation.name[-1] for organisation in page.object_list]


def test_a_page_and_the_length_of_the_list_come_from_one_query(organisations):
    with CaptureQueriesContext(connection) as queries:
        page = paging.get_page(organisations, "2", 3)
        assert names(page) == ["D", "E", "F"]
        assert page.paginator.count == 7
        assert page.paginator.num_pages == 3
        assert page.has_previous() and page.has_next()
    assert len(queries) == 1


@pytest.mark.parametrize(
    "asked",
    [None, "", "1", "2", "3", "4", "0", "-2", "abc", "2.5", "2.0", 2.0, 2.5, "1000000", "1000001"]
    + ["99999999999999999999999"],
)
def test_every_page_number_gets_the_page_djangos_paginator_gives(organisations, asked):
    ours = paging.get_page(organisations, asked, 3)
    django = Paginator(organisations, 3).get_page(asked)
    assert (ours.number, names(ours), ours.paginator.count) == (
        django.number,
        names(django),
        django.paginator.count,
    )


def test_past_the_end_gives_the_last_page(organisations):
    page = paging.get_page(organisations, "9", 3)
    assert (page.number, names(page)) == (3, ["G"])


def test_an_empty_list_gives_an_empty_first_page(organisations):
    page = paging.get_page(organisations.none(), "4", 3)
    assert (page.number, list(page.object_list), page.paginator.count) == (1, [], 0)
