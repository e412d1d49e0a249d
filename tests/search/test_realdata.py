"""The search table on the full real dataset (imported once for this module).

Every row must pass on PostgreSQL and on SQLite: the fallback corrects misspellings
too, so no row is skipped on either backend.
"""

from collections import Counter

import pytest
from django.db import connection

from careers.search import search

from .cases import CASES

pytestmark = pytest.mark.realdata


def test_the_table_covers_every_kind_of_query():
    kinds = Counter(case.kind for case in CASES)
    assert len(CASES) >= 30
    assert {"title", "alternate", "reported", "typo", "abbreviation"} <= set(kinds)
    assert kinds["typo"] >= 8 and kinds["abbreviation"] >= 12


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c.query for c in CASES])
def test_expected_career_comes_first(real_data, case):
    results = search(case.query)
    top = [real_data[h.occupation_id] for h in results.hits[:3]]
    assert top and top[0] == case.code, (connection.vendor, case, top, results.corrected)
    if case.kind != "typo":
        assert not results.corrected, "a correct query is never respelt"


@pytest.mark.django_db
def test_misspelt_search_page_says_what_it_searched(real_data, client):
    html = client.get("/search/", {"q": "registerd nurse"}).content.decode()
    assert "so these are results for <strong>“registered nurse”</strong>" in html
    first = html.split('<li class="card">')[1]
    assert 'href="/careers/registered-nurses/"' in first


@pytest.mark.django_db
def test_suggestions_for_a_prefix(real_data, client):
    data = client.get("/search/suggest.json", {"q": "regis"}).json()
    assert data["results"][0]["code"] == "29-1141.00"
    assert data["results"][0]["median_pay"] == 97550  # May 2025, the release shown
    assert len(data["results"]) <= 8
