"""JSON nested deeper than any record, even far below the size limit, is a 400 with a clear
message: never a RecursionError and a server error (issue 15, L1)."""

from __future__ import annotations

import pytest

from kaketoe.api.parsers import MAX_DEPTH, depth
from kaketoe.testing import make_cast

from .helpers import client_for


@pytest.mark.django_db
@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 1_000, 100_000])
def test_deeply_nested_json_is_a_400_on_post_and_patch(levels):
    cast = make_cast()
    api = client_for(cast.casemanager)
    nested = "[" * levels + "]" * levels
    family = f"/api/v1/families/{cast.hakobyan.pk}/"
    for method, url, body in [
        ("POST", family + "members/", f'{{"relation": "other", "given_name": {nested}}}'),
        ("PATCH", family, f'{{"version": 1, "place_of_return": {nested}}}'),
    ]:
        response = api.generic(method, url, body, "application/json")
        assert response.status_code == 400, (method, levels)
        assert "nested too deeply" in response.json()["detail"]


def test_depth_counts_lists_and_objects_not_plain_values():
    assert depth("text") == 0
    assert depth({"a": 1}) == 1
    assert depth({"ratings": [{"indicators": ["x"]}]}) == 4
