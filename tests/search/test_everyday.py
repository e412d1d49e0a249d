"""Everyday searches (tests/search/everyday.py) on the full real dataset.

The session's one real import (tests/conftest.py real_data) is shared with every other
real-data test. PostgreSQL must pass every row; SQLite computes the name tiers in
Python and must pass at least 90% of them (test_pass_rate); a row SQLite misses shows
as an expected failure by name.
"""

import re
from collections import Counter

import pytest
from django.db import connection

from careers.search import WORDS, explain, search

from .everyday import EVERYDAY_CASES, acceptable

pytestmark = pytest.mark.realdata

SQLITE_PASS_RATE = 0.9


def top_codes(real_data, query, n=3):
    return [real_data[h.occupation_id] for h in search(query).hits[:n]]


def test_the_everyday_table_is_broad_and_well_formed():
    kinds = Counter(c.kind for c in EVERYDAY_CASES)
    assert len(EVERYDAY_CASES) >= 60
    assert set(kinds) == {"activity", "subject", "place", "goal", "thing"}
    assert min(kinds.values()) >= 5
    queries = [c.query for c in EVERYDAY_CASES]
    assert len(set(queries)) == len(queries)
    for case in EVERYDAY_CASES:
        assert case.acceptable, case
        assert all(re.fullmatch(r"\d\d-(\d{1,4}(\.\d\d)?)?", a) for a in case.acceptable), case


def test_acceptable_matches_codes_and_families():
    assert acceptable("29-1141.00", ("29-1",)) and acceptable("29-1141.03", ("29-1141",))
    assert acceptable("41-2031.00", ("41-",))
    assert not acceptable("39-1141.00", ("29-1",)) and not acceptable("15-1252.00", ("15-1251",))


@pytest.mark.django_db
@pytest.mark.parametrize("case", EVERYDAY_CASES, ids=[c.query for c in EVERYDAY_CASES])
def test_an_acceptable_career_is_in_the_top_three(real_data, case):
    results = search(case.query)
    assert not results.corrected, "a correctly spelt everyday query is never respelt"
    top = [real_data[h.occupation_id] for h in results.hits[:3]]
    found = any(acceptable(code, case.acceptable) for code in top)
    if not found and connection.vendor != "postgresql":
        pytest.xfail(f"SQLite may miss up to 10% (test_pass_rate): {top}")
    assert found, (connection.vendor, case, top)


@pytest.mark.django_db
def test_pass_rate(real_data):
    passed = sum(
        any(acceptable(code, c.acceptable) for code in top_codes(real_data, c.query))
        for c in EVERYDAY_CASES
    )
    bar = 1.0 if connection.vendor == "postgresql" else SQLITE_PASS_RATE
    assert passed >= bar * len(EVERYDAY_CASES), (passed, len(EVERYDAY_CASES))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "family"),
    [("police", "33-"), ("coding", "15-"), ("fix cars", "49-30"), ("teeth", "29-")],
)
def test_careers_named_for_the_words_come_before_those_mentioning_them(real_data, query, family):
    """Issue 13: "police" put Secretaries first and "coding" a teaching job."""
    top = top_codes(real_data, query)
    assert top[0].startswith(family) and sum(c.startswith(family) for c in top) >= 2, top


@pytest.mark.django_db
def test_police_finds_officers_and_detectives_first(real_data):
    top = top_codes(real_data, "police", n=5)
    assert "33-3051.00" in top[:3]
    assert "43-6014.00" not in top[:3], "Secretaries list 'Police' as a one-source alternate"


@pytest.mark.django_db
def test_autocomplete_ranks_own_titles_first(real_data, client):
    titles = [
        r["title"] for r in client.get("/search/suggest.json", {"q": "vet"}).json()["results"]
    ]
    assert titles[:2] == ["Veterinarians", "Veterinary Technologists and Technicians"], titles
    assert not any(t.startswith("Social Workers") for t in titles[:3]), titles


@pytest.mark.django_db
def test_every_result_says_why_it_matched(real_data, client):
    results = search("fix cars")
    reasons = explain(results.query, results.hits[:20])
    assert set(reasons) == {h.occupation_id for h in results.hits[:20]}
    found_by_words = [reasons[h.occupation_id] for h in results.hits[:20] if h.via == WORDS]
    assert found_by_words and all(
        kind in {"alternate", "task", "technology", "description"} for kind, _text in found_by_words
    )
    html = client.get("/search/", {"q": "help sick people"}).content.decode()
    matches = re.findall(r'<p class="card-match">(.*?)</p>', html)
    assert len(matches) == len(re.findall(r'<li class="card">', html)) > 0
    assert any(m.startswith(("Task: ", "Also called ")) for m in matches), matches[:5]


@pytest.mark.django_db
def test_a_misspelt_long_query_is_corrected_and_capped(real_data, client):
    text = "sofware develper databse hospitl nurce carpanter electrican plumbr welder"
    results = search(text)
    assert len(results.query.tokens) == 8 and results.query.dropped == 1
    assert results.corrected and "software" in results.corrected.split()
    html = client.get("/search/", {"q": text}).content.decode()
    assert "Searches use the first 8 words; “welder” was left out." in html
