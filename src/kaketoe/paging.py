"""Pages of a list in one query: the rows of the page carry the length of the whole list.

Django's Paginator asks the database twice, once for COUNT(*) and once for the page. When the
list is costly to find (the families a user may see go through cases/access.py), that finds it
twice. `get_page` asks once: each row also carries COUNT(*) OVER (), the size of the whole list.
Only a page past the end (or an empty list) costs the usual count, to answer as Paginator does.

Use it where finding the list costs more than holding it: the database computes the window over
every row of the list (SQLite materialises them). Where an index answers the count on its own,
as for the caseload (cases/queries.py), Django's separate count is cheaper. Not for a
`.distinct()` queryset: the window counts the rows before DISTINCT.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

# Page numbers beyond this are past the end of any list here: Paginator answers them (the last
# page) without an OFFSET the database could not hold.
LAST_SENSIBLE_PAGE = 1_000_000


def page_number(value) -> int:
    """The page asked for as a number; 1 for anything that is not a whole number."""
    if isinstance(value, float) and not value.is_integer():
        return 1
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return 1


def get_page(queryset: QuerySet, value, per_page: int) -> Page:
    """As Paginator(queryset, per_page).get_page(value): a page that is not a whole number gives
    the first page, a number below 1 or past the end the last page."""
    paginator = Paginator(queryset, per_page)
    number = page_number(value)
    if 1 <= number <= LAST_SENSIBLE_PAGE:
        start = (number - 1) * per_page
        counted = queryset.annotate(list_length=Window(Count("*")))
        rows = list(counted[start : start + per_page])
        if rows:
            paginator.count = rows[0].list_length
            return Page(rows, number, paginator)
    return paginator.get_page(number)
