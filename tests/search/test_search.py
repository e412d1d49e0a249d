"""Search on the demo data and on hand-made occupations (no real data needed)."""

import re

import pytest
from django.db import connection, transaction

from careers import search as engine
from careers.models import AlternateTitle
from careers.services import rebuild_search_index, refresh_search_indexes
from careers.soc import ONET_CODE_RE

PG = connection.vendor == "postgresql"


def results_html(response):
    html = response.content.decode()
    match = re.search(r'<ol class="cards".*?</ol>', html, re.S)
    return match.group(0) if match else ""


def result_items(response):
    return re.findall(r'<li class="card">.*?</li>', results_html(response), re.S)


# ---------------------------------------------------------------- normalization


@pytest.mark.parametrize(
    ("typed", "primary"),
    [
        ("RN", "registered nurse"),
        ("hr mgr", "human resources manager"),
        ("Dental Asst.", "dental assistant"),
        ("software dev", "software developer"),
        ("sr accountant", "senior accountant"),
        ("IT manager", "information technology manager"),
        ("Café  cook!", "cafe cook"),
        ("emt", "emergency medical technician"),
    ],
)
def test_abbreviations_are_expanded(typed, primary):
    assert engine.parse(typed).primary == primary


def test_every_reading_of_a_shorthand_is_searched():
    variants = engine.parse("vet tech").variants
    assert "veterinary technician" in variants and "veterinary technologist" in variants
    assert engine.parse("sr accountant").variants == ("senior accountant", "accountant")
    assert len(engine.parse("vet tech admin asst dev eng").variants) <= engine.MAX_VARIANTS


def test_the_abbreviation_table_is_well_formed():
    for key, expansions in engine.ABBREVIATIONS.items():
        assert re.fullmatch(r"[a-z0-9]+", key), key
        assert expansions and all(re.fullmatch(r"[a-z ]+", e) for e in expansions), key


def test_unfinished_last_word_is_kept_as_typed_for_autocomplete():
    assert "rep" in engine.parse("rep", prefix=True).variants
    assert "rep" not in engine.parse("rep").variants


@pytest.mark.parametrize(
    "typed", ["", "   ", "!!!???", "\x00\x00", "the and of", "(((", "—", "\u202e\u200b"]
)
def test_nothing_to_search(typed):
    assert engine.parse(typed).variants == ()


def test_input_is_cleaned_and_capped():
    query = engine.parse("nurse\x00" + "x" * 1000)
    assert "\x00" not in query.text and len(query.text) <= engine.MAX_QUERY_CHARS
    assert len(engine.parse(" ".join(["word"] * 50)).tokens) == engine.MAX_TOKENS


# ---------------------------------------------------------------- ranking


@pytest.fixture
def wombats(make_occupation):
    """Occupations built so that each ranking tier has exactly one member."""
    made = {
        "exact title": make_occupation(title="Wombat Keepers", description="Feeds animals."),
        "alternate": make_occupation(title="Zoo Staff", description="Works at a zoo."),
        "title with more words": make_occupation(title="Wombat Keeper Supervisors"),
        "description": make_occupation(
            title="Animal Carers", description="Often works as a wombat keeper in a sanctuary."
        ),
        "inactive": make_occupation(title="Wombat Keepers", is_active=False),
        "reported": make_occupation(title="Soil Surveyors"),
    }
    AlternateTitle.objects.create(
        occupation=made["alternate"], title="Wombat Keeper", kind=AlternateTitle.ALTERNATE
    )
    AlternateTitle.objects.create(
        occupation=made["reported"], title="Burrow Inspector", kind=AlternateTitle.REPORTED
    )
    rebuild_search_index()
    refresh_search_indexes()
    return made


def test_ranking_exact_title_then_alternate_then_title_words_then_description(wombats):
    results = engine.search("wombat keeper")
    order = [h.occupation_id for h in results.hits]
    expected = ["exact title", "alternate", "title with more words", "description"]
    assert order == [wombats[k].pk for k in expected]
    assert [h.via for h in results.hits] == ["title", "alternate", "title", "words"]
    assert results.hits[1].matched == "Wombat Keeper"
    scores = [h.score for h in results.hits]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 4


def test_reported_titles_are_searched(wombats):
    hit = engine.search("burrow inspectors").hits[0]
    assert (hit.occupation_id, hit.via) == (wombats["reported"].pk, "reported")


def test_inactive_occupations_are_never_found(wombats):
    found = {h.occupation_id for h in engine.search("wombat keepers").hits}
    assert wombats["inactive"].pk not in found
    assert wombats["exact title"].pk in found


def test_misspelling_is_corrected(wombats):
    results = engine.search("wombat keepr")
    assert results.corrected == "wombat keeper"
    assert results.hits[0].occupation_id == wombats["exact title"].pk


@pytest.mark.django_db
def test_occupation_codes_can_be_searched(demo, client):
    html = client.get("/search/", {"q": " 15-1252.00 "}).content.decode()
    assert "O*NET-SOC 15-1252.00" in html and "1 career found" in html
    hit = engine.search("29-1141").hits[0]
    assert (hit.via, hit.matched) == ("code", "29-1141.00")
    assert engine.search("99-9999.00").hits == []


# ---------------------------------------------------------------- the page


@pytest.mark.django_db
def test_results_show_title_category_pay_and_ai_label(demo, client):
    response = client.get("/search/", {"q": "nurse"})
    assert response.status_code == 200
    first = result_items(response)[0]
    assert 'href="/careers/registered-nurses/"' in first
    assert "Healthcare Practitioners and Technical" in first
    assert re.search(r"<dt>Median pay</dt><dd>\$\d{2},\d{3}</dd>", first)
    assert re.search(
        r"<dt>AI resilience</dt><dd>(More resilient than most|About typical|Less resilient than most)</dd>",
        first,
    )
    # An alternate-title match says which title matched.
    managers = next(i for i in result_items(response) if "health-services-managers" in i)
    assert "Also called Nurse Manager" in managers
    assert '<meta name="robots" content="noindex, follow">' in response.content.decode()


@pytest.mark.django_db
def test_add_to_compare_extends_the_current_comparison(demo, client):
    response = client.get(
        "/search/", {"q": "nurse", "compare": "29-1141.00, nonsense,15-1252.00,29-1141.00"}
    )
    html = response.content.decode()
    items = result_items(response)
    rn = next(i for i in items if "/careers/registered-nurses/" in i)
    lpn = next(i for i in items if "licensed-practical" in i)
    assert "In your comparison" in rn and "Add to compare" not in rn
    assert 'href="/compare/?c=29-1141.00,15-1252.00,29-2061.00"' in lpn
    assert '<input type="hidden" name="compare" value="29-1141.00,15-1252.00">' in html
    assert "nonsense" not in html


@pytest.mark.django_db
def test_add_to_compare_without_a_comparison(demo, client):
    response = client.get("/search/", {"q": "electrician"})
    assert 'href="/compare/?c=47-2111.00"' in result_items(response)[0]
    assert 'name="compare"' not in response.content.decode()


@pytest.mark.django_db
def test_a_full_comparison_offers_no_more_adds(demo, client):
    codes = "11-3051.00,13-2011.00,15-1252.00,23-1011.00,27-1024.00"
    response = client.get("/search/", {"q": "nurse", "compare": codes})
    html = response.content.decode()
    assert result_items(response) and "Add to compare" not in html
    assert "the comparison is full" in html
    assert 'value="11-3051.00,13-2011.00,15-1252.00,23-1011.00"' in html  # at most 4 kept


def test_compare_codes_are_validated():
    from profiles.compare import compare_codes

    assert compare_codes("") == []
    assert compare_codes("15-1252.00,15-1252,x,15-1252.00, 11-3051.00") == [
        "15-1252.00",
        "11-3051.00",
    ]
    many = ",".join(f"11-30{n:02d}.00" for n in range(10))
    assert len(compare_codes(many)) == 4
    assert all(ONET_CODE_RE.match(c) for c in compare_codes(many))


@pytest.mark.django_db
def test_no_results_offer_the_browse_filters_and_categories(demo, client):
    response = client.get("/search/", {"q": "zzxqv"})
    html = response.content.decode()
    assert "No careers match “zzxqv”" in html
    assert '<ol class="cards"' not in html and "Close matches" not in html
    filters = re.search(
        r'<form class="browse-filters" method="get" action="/careers/".*?</form>', html, re.S
    )
    assert (
        filters and 'name="category"' in filters.group(0) and 'name="pay_min"' in filters.group(0)
    )
    assert "<h2>Browse by category</h2>" in html
    assert 'href="/careers/?category=' in html


@pytest.mark.django_db
def test_some_words_matching_is_not_no_results(demo, client):
    """A career holding one of two words is listed (fewer words rank lower), not a dead end."""
    response = client.get("/search/", {"q": "nurse zzxqv"})
    assert 'href="/careers/registered-nurses/"' in result_items(response)[0]
    assert "No careers match" not in response.content.decode()


@pytest.mark.django_db
def test_empty_query_shows_the_form_and_categories(demo, client):
    response = client.get("/search/")
    html = response.content.decode()
    assert '<input id="search-q" name="q" type="search" value=""' in html
    assert '<label for="search-q">' in html
    assert "<h2>Browse by category</h2>" in html and '<ol class="cards"' not in html


@pytest.mark.django_db
def test_a_misspelt_query_says_what_was_searched(demo, client):
    html = client.get("/search/", {"q": "electrican"}).content.decode()
    assert "results for <strong>“electrician”</strong>" in html
    assert 'href="/careers/electricians/"' in html


@pytest.mark.django_db
def test_results_are_paginated_and_links_keep_the_query(make_occupation, client):
    for n in range(25):
        make_occupation(title=f"Quokka Handler {chr(65 + n)}")
    refresh_search_indexes()
    first = client.get("/search/", {"q": "quokka handler", "compare": "15-1252.00"})
    assert len(result_items(first)) == 20
    html = first.content.decode()
    assert "25 careers found; showing 1 to 20" in html
    assert 'href="?q=quokka%20handler&amp;compare=15-1252.00&amp;page=2"' in html
    second = client.get("/search/", {"q": "quokka handler", "page": "2"})
    assert len(result_items(second)) == 5
    assert '<ol class="cards" start="21">' in second.content.decode()
    for page in ("abc", "-1", "999", "2.5"):
        assert client.get("/search/", {"q": "quokka handler", "page": page}).status_code == 200


BAD_INPUT = [
    "x" * 1000,
    "nurse\x00",
    "\x00",
    "!!!???",
    "' OR 1=1 --",
    "nurse & | ! :* ( ) <-> \\",
    "%_%",
    "\U0001d52b\U0001d532\U0001d52f\U0001d530\U0001d522",  # fraktur "nurse"
    "\u202enurse",
    "a" * 40 + " " + "b" * 40,
]


@pytest.mark.django_db
@pytest.mark.parametrize("text", BAD_INPUT, ids=range(len(BAD_INPUT)))
def test_odd_input_never_fails(demo, client, text):
    page = client.get("/search/", {"q": text})
    if "\x00" in text:
        # Refused before any view (config.core.middleware.RequestGuardMiddleware).
        assert page.status_code == 400
        assert client.get("/search/suggest.json", {"q": text}).status_code == 400
        return
    assert page.status_code == 200
    title = re.search(r"<h1>(.*?)</h1>", page.content.decode(), re.S).group(1)
    assert "\x00" not in title and len(title) < engine.MAX_QUERY_CHARS + 40
    suggest = client.get("/search/suggest.json", {"q": text})
    assert suggest.status_code == 200
    assert len(suggest.json()["query"]) <= engine.MAX_QUERY_CHARS


@pytest.mark.django_db
def test_only_get_and_head(client):
    assert client.post("/search/", {"q": "nurse"}).status_code == 405
    assert client.head("/search/?q=nurse").status_code == 200


# ---------------------------------------------------------------- autocomplete


@pytest.mark.django_db
def test_suggest_returns_the_contracted_shape(demo, client):
    response = client.get("/search/suggest.json", {"q": "regis"})
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["query"] == "regis"
    assert 1 <= len(data["results"]) <= 8
    first = data["results"][0]
    assert set(first) == {"title", "code", "url", "category", "median_pay", "median_top_coded"}
    assert first["title"] == "Registered Nurses" and first["code"] == "29-1141.00"
    assert first["url"] == "/careers/registered-nurses/"
    assert first["category"] == "Healthcare Practitioners and Technical"
    assert isinstance(first["median_pay"], int) and first["median_top_coded"] is False


@pytest.mark.django_db
def test_suggest_caps_results_and_ignores_one_letter(make_occupation, client):
    for n in range(12):
        make_occupation(title=f"Platypus Groomer {chr(65 + n)}")
    refresh_search_indexes()
    assert len(client.get("/search/suggest.json", {"q": "platyp"}).json()["results"]) == 8
    assert client.get("/search/suggest.json", {"q": "p"}).json() == {"query": "p", "results": []}
    assert client.get("/search/suggest.json").json() == {"query": "", "results": []}


# ---------------------------------------------------------------- query counts


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "queries"),
    [
        ({"q": "nurse"}, 3),  # names, weighted terms, cards
        ({"q": "nurse", "compare": "29-1141.00", "page": "1"}, 3),
        ({}, 1),  # categories
        ({"q": "!!!"}, 2),  # nothing searchable: categories, the filter form's education
        # names, terms, word lookup, names and terms again, cards
        ({"q": "electrican"}, 6),
        # everyday readings only (no plain names), terms, reasons of the term hits, cards
        ({"q": "fix cars"}, 4),
        # names, terms, word lookup, categories, the filter form's education
        ({"q": "zzxqv"}, 5),
    ],
)
def test_search_page_query_count(demo, client, django_assert_num_queries, params, queries):
    # PostgreSQL: two more, setting and restoring the statement timeout of the search.
    searched = engine.parse(params.get("q", "")).searchable
    with django_assert_num_queries(queries + 2 * (PG and searched)):
        assert client.get("/search/", params).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("q", "queries"), [("nur", 2), ("software dev", 2), ("x", 0)])
def test_suggest_query_count(demo, client, django_assert_num_queries, q, queries):
    with django_assert_num_queries(queries + 2 * (PG and queries > 0)):
        assert client.get("/search/suggest.json", {"q": q}).status_code == 200


# ---------------------------------------------------------------- templates and assets


@pytest.mark.django_db
def test_header_and_home_page_search_forms(demo, client):
    html = client.get("/about/data/").content.decode()
    header = re.search(r'<header class="site-header">.*?</header>', html, re.S).group(0)
    form = re.search(r'<form class="site-search" role="search"[^>]*>.*?</form>', header, re.S)
    assert form and 'action="/search/"' in form.group(0)
    assert '<label class="visually-hidden" for="site-search">Search careers</label>' in header
    assert re.search(r'<input id="site-search" name="q" type="search"', header)
    html = client.get("/").content.decode()  # home: its own box, the header's left out
    assert 'id="home-search" name="q"' in html and '<label for="home-search">' in html
    assert 'id="site-search"' not in html
    assert re.search(r'<script src="/static/js/autocomplete\.js" defer></script>', html)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/search/?q=nurse", "/search/?q=zzzz", "/search/"])
def test_pages_stay_within_the_content_security_policy(demo, client, url):
    html = client.get(url).content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", html)
    assert inline_scripts == []
    assert not re.search(r"\sstyle=|<style|\son[a-z]+=", html)


# ---------------------------------------------------------------- database support


@pytest.mark.django_db
def test_search_indexes_exist_only_on_postgresql():
    with connection.cursor() as cursor:
        columns = [
            c.name
            for c in connection.introspection.get_table_description(cursor, "careers_occupation")
        ]
        if not PG:
            assert "search_document" not in columns
            return
        assert "search_document" in columns
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'careers_%%'"
        )
        indexes = dict(cursor.fetchall())
    for name in ("careers_occ_search_doc", "careers_alt_title_tsv"):
        assert "USING gin" in indexes[name]
    for name in ("careers_occ_title_trgm", "careers_alt_title_trgm"):
        assert "gin_trgm_ops" in indexes[name]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/search/?q=nurse", "/search/suggest.json?q=nur"])
def test_search_and_suggest_are_cached_public_pages(demo, client, path, django_assert_num_queries):
    first = client.get(path)
    assert first["X-Page-Cache"] == "miss" and first["Cache-Control"] == "public, max-age=300"
    with django_assert_num_queries(0):
        second = client.get(path)
    assert second["X-Page-Cache"] == "hit" and second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


# ---------------------------------------------------------------- everyday words and tasks


def test_the_everyday_table_is_well_formed():
    for key, meanings in engine.EVERYDAY.items():
        assert re.fullmatch(r"[a-z0-9]+", key), key
        assert key not in engine.ABBREVIATIONS, f"{key}: a shorthand already"
        assert meanings and all(re.fullmatch(r"[a-z ]+", m) for m in meanings), key
        assert key not in meanings and len(set(meanings)) == len(meanings), key
        assert key not in engine.STOPWORDS and key not in engine.FILLER_WORDS, key


def test_everyday_words_are_read_in_their_everyday_sense():
    query = engine.parse("fix cars")
    assert query.variants == ()  # no plain reading: both words are everyday words
    assert "repair automotive" in query.everyday
    slots = [dict(slot) for slot in query.slots]
    assert slots[0]["fix"] == 1.0 and slots[0]["repair"] == engine.EVERYDAY_FACTOR
    assert engine.stem("vehicle") in slots[1]
    # Filler words are not words to match; titles still see them.
    assert len(engine.parse("jobs where i help sick people").slots) == 1
    assert engine.parse("social work").variants == ("social work",)


@pytest.fixture
def repairers(make_occupation):
    """Careers whose titles never say "fix" or "cars": only their tasks and tools do."""
    from careers.models import Task, TechnologySkill

    made = {
        "cars": make_occupation(title="Wheel Crew", description="Keeps a fleet running."),
        "bikes": make_occupation(title="Cycle Crew", description="Keeps bicycles running."),
        "cakes": make_occupation(title="Oven Crew", description="Makes desserts."),
    }
    Task.objects.create(
        occupation=made["cars"], statement="Repair brakes and engines of automotive vehicles."
    )
    Task.objects.create(occupation=made["bikes"], statement="Repair bicycle gears and brakes.")
    Task.objects.create(occupation=made["cakes"], statement="Decorate cakes for weddings.")
    TechnologySkill.objects.create(occupation=made["cakes"], name="Recipe costing software")
    rebuild_search_index()
    return made


def test_tasks_find_careers_and_say_so(repairers):
    results = engine.search("fix cars")
    assert [h.occupation_id for h in results.hits[:2]] == [
        repairers["cars"].pk,
        repairers["bikes"].pk,
    ], "both words before one word"
    assert results.hits[0].words == 2 and results.hits[1].words == 1
    reasons = engine.explain(results.query, results.hits)
    assert reasons[repairers["cars"].pk] == (
        "task",
        "Repair brakes and engines of automotive vehicles.",
    )
    costing = engine.search("recipe costing")
    assert engine.explain(costing.query, costing.hits)[repairers["cakes"].pk][0] == "technology"


@pytest.mark.django_db
def test_the_page_quotes_the_task_that_matched(repairers, client):
    items = result_items(client.get("/search/", {"q": "fix cars"}))
    assert "Wheel Crew" in items[0]
    assert (
        '<p class="card-match">Task: Repair brakes and engines of automotive vehicles.</p>'
        in (items[0])
    )


def test_the_weighted_terms_put_titles_before_tasks(make_occupation):
    from careers.models import SearchTerm, Task

    named = make_occupation(title="Harbor Pilots")
    mentions = make_occupation(title="Dock Clerks")
    Task.objects.create(occupation=mentions, statement="Radio harbor pilots about berths.")
    rebuild_search_index()
    weights = dict(
        SearchTerm.objects.filter(term=engine.stem("pilots")).values_list("occupation_id", "weight")
    )
    assert weights[named.pk] > weights[mentions.pk] > 0
    assert engine.search("pilots").hits[0].occupation_id == named.pk


def test_a_word_in_no_document_is_respelt_only_when_confident(repairers):
    assert engine.search("fix cakse").corrected == "fix cakes"
    assert engine.search("zzqxv cakes").corrected == ""  # nothing close: not respelt
    assert engine.search("cakes").corrected == ""  # known words never are


# ---------------------------------------------------------------- bounded cost


@pytest.mark.django_db
def test_words_past_the_cap_are_ignored_with_a_note(demo, client):
    words = "nurse registered hospital patients care night shift unit pediatric ward"
    query = engine.parse(words)
    assert len(query.tokens) == engine.MAX_TOKENS and query.dropped == 2
    html = client.get("/search/", {"q": words}).content.decode()
    assert "Searches use the first 8 words; “pediatric ward” were left out." in html


@pytest.mark.django_db
def test_uncached_searches_are_rate_limited_per_client(demo, client, settings, still_clock):
    settings.SEARCH_RATE = "2/m"
    for q in ("nurse", "welder"):
        assert client.get("/search/", {"q": q}).status_code == 200
    # A page already cached is served before the view: it costs nothing and is not limited.
    assert client.get("/search/", {"q": "nurse"}).status_code == 200
    refused = client.get("/search/", {"q": "electrician", "compare": "29-1141.00"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1 and refused["Cache-Control"] == "no-store"
    html = refused.content.decode()
    assert '<input id="search-q" name="q" type="search" value="electrician"' in html
    assert '<input type="hidden" name="compare" value="29-1141.00">' in html
    assert "Please wait" in html and '<ol class="cards"' not in html
    # Another client is not affected.
    other = client.get("/search/", {"q": "electrician"}, REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 200


@pytest.mark.django_db
def test_searches_past_the_shared_slots_get_a_busy_page_that_keeps_the_query(
    demo, client, settings
):
    from django.core.cache import cache

    settings.SEARCH_SLOTS = 2
    settings.SEARCH_RATE = ""
    # Two searches in flight in other workers hold both slots.
    assert cache.add("slot:search:0", 1) and cache.add("slot:search:1", 1)
    busy = client.get("/search/", {"q": "electrician"})
    assert busy.status_code == 503
    assert busy["Retry-After"] == "1" and busy["Cache-Control"] == "no-store"
    html = busy.content.decode()
    assert '<input id="search-q" name="q" type="search" value="electrician"' in html
    assert "Search is busy right now" in html and '<ol class="cards"' not in html
    # One slot frees: the search runs, and gives its slot back when done.
    cache.delete("slot:search:1")
    done = client.get("/search/", {"q": "electrician"})
    assert done.status_code == 200 and "Search is busy" not in done.content.decode()
    assert cache.get("slot:search:1") is None and cache.get("slot:search:0") == 1
    cache.delete("slot:search:0")


@pytest.mark.django_db
def test_autocomplete_has_its_own_limit(demo, client, settings, still_clock):
    settings.SUGGEST_RATE = "1/m"
    assert client.get("/search/suggest.json", {"q": "nur"}).status_code == 200
    refused = client.get("/search/suggest.json", {"q": "elec"})
    assert refused.status_code == 429 and refused.json() == {"query": "elec", "results": []}
    assert client.get("/search/", {"q": "electrician"}).status_code == 200


@pytest.mark.skipif(not PG, reason="statement_timeout is PostgreSQL's; SQLite has none")
@pytest.mark.django_db
def test_a_search_statement_over_the_timeout_is_canceled(demo, client, settings, monkeypatch):
    settings.SEARCH_TIMEOUT_MS = 50
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]

    def slow_terms(query):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(1)")  # canceled by PostgreSQL after 50 ms
        return {}, set()

    ok = engine.search("nurse")
    assert ok.hits and not ok.timed_out
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == before, "the search's timeout does not outlive it"
    monkeypatch.setattr(engine, "_terms", slow_terms)
    with transaction.atomic():  # the canceled statement breaks only this savepoint
        results = engine.search("nurse")
        transaction.set_rollback(True)
    assert results.timed_out and results.hits == []
