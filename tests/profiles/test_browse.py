"""Browse /careers/: every filter and sort against the demo data, checked by plain Python.

The expected lists are built from the models one row at a time, not through the selector,
so a wrong filter or ordering in the query shows up as a different list of titles.
"""

import re
from html import unescape
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse

from careers.ai_resilience import SHORT_LABEL
from careers.derive import EDUCATION_LEVELS
from careers.models import AIResilience, Category, Education, Occupation, Outlook
from config.core import pagecache
from profiles.views import PAGE_SIZE
from salaries.models import Area, Wage

INDEX = "/careers/"


def titles(html: str) -> list[str]:
    return [unescape(t) for t in re.findall(r'class="card-title" href="[^"]*">([^<]+)</a>', html)]


def get(client, params=None):
    response = client.get(INDEX, params or {})
    assert response.status_code == 200
    return response.content.decode()


def facts():
    """What each listed career is filtered and sorted on, read model by model."""
    rank = {
        pk: i
        for i, pk in enumerate(
            Occupation.objects.filter(is_active=True)
            .order_by("title", "pk")
            .values_list("pk", flat=True)
        )
    }
    rows = []
    for o in Occupation.objects.filter(is_active=True).select_related("category"):
        wage = (
            Wage.objects.filter(occupation=o, area__kind=Area.NATIONAL)
            .order_by("-release_year")
            .first()
        )
        outlook = Outlook.objects.filter(occupation=o).first()
        ai = AIResilience.objects.filter(occupation=o).first()
        edu = Education.objects.filter(occupation=o).first()
        change = outlook.change_percent if outlook else None
        rows.append(
            SimpleNamespace(
                title=o.title,
                rank=rank[o.pk],
                category=o.category.slug,
                zone=o.job_zone,
                bright=o.bright_outlook,
                pay=wage.annual_median if wage else None,
                change=float(change) if change is not None else None,
                openings=outlook.annual_openings if outlook else None,
                ai=ai.label if ai else "",
                education=edu.typical_education if edu else "",
            )
        )
    return rows


def ordered(rows, attr=None, descending=False):
    """Titles by attr (missing values last in either direction), then by title."""
    if attr is None:
        return [r.title for r in sorted(rows, key=lambda r: r.rank, reverse=descending)]

    def key(r):
        value = getattr(r, attr)
        if value is None:
            return (1, 0, r.rank)
        return (0, -value if descending else value, r.rank)

    return [r.title for r in sorted(rows, key=key)]


@pytest.fixture
def data(demo):
    """The demo set plus one career with no pay, no projection and a partial assessment,
    so the null handling of every sort and the "partial" filter are exercised."""
    o = Occupation.objects.get(code="27-1024.00")
    Wage.objects.filter(occupation=o).delete()
    Outlook.objects.filter(occupation=o).delete()
    AIResilience.objects.filter(occupation=o).update(label="", score=None)
    return facts()


def test_unfiltered_lists_every_career_by_name(client, data):
    html = get(client)
    assert titles(html) == ordered(data)
    assert f"{len(data)} careers, sorted by name, a to z" in html
    assert len(data) <= PAGE_SIZE


@pytest.mark.parametrize(
    ("sort", "attr", "descending"),
    [
        ("name", None, False),
        ("-name", None, True),
        ("pay", "pay", False),
        ("-pay", "pay", True),
        ("growth", "change", False),
        ("-growth", "change", True),
        ("openings", "openings", False),
        ("-openings", "openings", True),
    ],
)
def test_each_sort_orders_with_missing_values_last(client, data, sort, attr, descending):
    got = titles(get(client, {"sort": sort}))
    assert got == ordered(data, attr, descending)
    if attr:
        assert got[-1] == "Graphic Designers"  # the career without pay or projection


def test_category_filter(client, data):
    cat = Category.objects.get(code="29")
    html = get(client, {"category": cat.slug})
    assert titles(html) == ordered([r for r in data if r.category == cat.slug])
    assert titles(html) == [
        "Licensed Practical and Licensed Vocational Nurses",
        "Registered Nurses",
    ]
    assert "<h1>Healthcare Practitioners and Technical careers</h1>" in html


def test_education_filter_and_options_in_education_order(client, data):
    html = get(client, {"education": "doctoral-or-professional-degree"})
    assert titles(html) == ["Lawyers", "Medical Scientists, Except Epidemiologists"]
    assert titles(html) == ordered(
        [r for r in data if r.education == "Doctoral or professional degree"]
    )
    select = re.search(r'<select name="education".*?</select>', html, re.S).group(0)
    offered = [
        unescape(t) for t in re.findall(r'<option value="[^"]+"[^>]*>([^<]+)</option>', select)
    ]
    present = {r.education for r in data} - {""}
    assert offered == [label for label in EDUCATION_LEVELS if label in present]
    assert "Associate's degree" not in unescape(select)  # not in the demo data, so not offered
    assert 'value="doctoral-or-professional-degree" selected' in select


def test_pay_range_filters_on_the_national_median(client, data):
    got = titles(get(client, {"pay_min": "80000", "pay_max": "110000"}))
    expected = ordered([r for r in data if r.pay is not None and 80000 <= r.pay <= 110000])
    assert got == expected and expected
    assert titles(get(client, {"pay_min": "$120,000"})) == ordered(
        [r for r in data if r.pay is not None and r.pay >= 120000]
    )
    low = titles(get(client, {"pay_max": "40000"}))
    assert low == ordered([r for r in data if r.pay is not None and r.pay <= 40000])
    assert "Graphic Designers" not in low  # no pay published: not "under $40,000"


@pytest.mark.parametrize(
    ("outlook", "test"),
    [
        ("declining", lambda r: r.change is not None and r.change < 0),
        ("little-change", lambda r: r.change is not None and 0 <= r.change < 2),
        ("growing", lambda r: r.change is not None and 2 <= r.change < 5),
        ("growing-fast", lambda r: r.change is not None and r.change >= 5),
        ("bright", lambda r: r.bright),
    ],
)
def test_outlook_bands(client, data, outlook, test):
    expected = ordered([r for r in data if test(r)])
    assert expected, "each band should have demo careers"
    assert titles(get(client, {"outlook": outlook})) == expected


def test_outlook_bands_partition_the_projected_careers(client, data):
    seen = []
    for band in ("declining", "little-change", "growing", "growing-fast"):
        seen += titles(get(client, {"outlook": band}))
    assert sorted(seen) == sorted(r.title for r in data if r.change is not None)


@pytest.mark.parametrize(
    ("change", "band"), [("5.0", "growing-fast"), ("2.0", "growing"), ("0.0", "little-change")]
)
def test_band_lower_bounds_are_inclusive(client, data, change, band):
    Outlook.objects.filter(occupation__code="23-1011.00").update(change_percent=change)
    for slug in ("declining", "little-change", "growing", "growing-fast"):
        assert ("Lawyers" in titles(get(client, {"outlook": slug}))) == (slug == band), slug


@pytest.mark.parametrize("label", ["high", "moderate", "low", "partial"])
def test_ai_resilience_filter(client, data, label):
    wanted = "" if label == "partial" else label
    expected = ordered([r for r in data if r.ai == wanted])
    assert expected
    assert titles(get(client, {"ai": label})) == expected


def test_partial_includes_careers_never_assessed(client, data):
    AIResilience.objects.filter(occupation__code="43-4051.00").delete()
    got = titles(get(client, {"ai": "partial"}))
    assert got == ["Customer Service Representatives", "Graphic Designers"]


@pytest.mark.parametrize("zone", [1, 2, 3, 4, 5])
def test_job_zone_filter(client, data, zone):
    got = titles(get(client, {"zone": str(zone)}))
    assert got == ordered([r for r in data if r.zone == zone])


HOLLAND_CODES = {"11-3051.00": "ECR", "29-1141.00": "SI", "47-2111.00": "RC", "13-2011.00": "CE"}


@pytest.mark.parametrize("letter", ["R", "S", "E", "C", "A"])
def test_interest_filter_keeps_careers_whose_holland_code_starts_with_the_letter(
    client, data, letter
):
    for code, holland in HOLLAND_CODES.items():
        Occupation.objects.filter(code=code).update(interest_code=holland)
    wanted = {
        Occupation.objects.get(code=code).title
        for code, holland in HOLLAND_CODES.items()
        if holland[0] == letter
    }
    html = get(client, {"interest": letter})
    assert titles(html) == ordered([r for r in data if r.title in wanted])
    if wanted:
        assert "Strongest interest: " in html  # the chip that removes the filter


def test_an_unknown_interest_letter_is_ignored_and_said(client, data):
    html = get(client, {"interest": "X"})
    assert titles(html) == ordered(data)
    assert "Strongest interest (Holland code): “X” is not a valid value" in html


def test_filters_combine(client, data):
    params = {"education": "bachelors-degree", "ai": "moderate", "sort": "-pay"}
    got = titles(get(client, params))
    expected = ordered(
        [r for r in data if r.education == "Bachelor's degree" and r.ai == "moderate"],
        "pay",
        descending=True,
    )
    assert got == expected and len(expected) >= 3
    params = {"zone": "3", "outlook": "growing-fast", "pay_min": "50000", "sort": "-openings"}
    expected = ordered(
        [
            r
            for r in data
            if r.zone == 3 and r.change is not None and r.change >= 5 and (r.pay or 0) >= 50000
        ],
        "openings",
        descending=True,
    )
    assert titles(get(client, params)) == expected and expected


def test_no_match_says_so(client, data):
    html = get(client, {"zone": "1"})
    assert titles(html) == []
    assert "0 careers match" in html and "No careers match these filters" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"category": "astronauts"}, "Category: “astronauts”"),
        ({"education": "phd"}, "Typical education: “phd”"),
        ({"pay_min": "lots"}, "Median pay from ($ a year): “lots”"),
        ({"pay_max": "-5"}, "Median pay up to ($ a year): “-5”"),
        ({"pay_min": "9" * 5000}, "Median pay from ($ a year): “999"),
        ({"outlook": "rosy"}, "Projected job growth: “rosy”"),
        ({"ai": "none"}, "AI resilience: “none”"),
        ({"zone": "6"}, "Job zone (preparation needed): “6”"),
        ({"zone": "two"}, "Job zone (preparation needed): “two”"),
        ({"sort": "salary"}, "Sort by: “salary”"),
    ],
)
def test_invalid_values_are_ignored_and_reported(client, data, params, message):
    html = get(client, params)
    assert message in html and "so it was ignored" in html
    assert titles(html) == ordered(data)  # the bad value changed nothing
    assert '<meta name="robots" content="noindex, follow">' in html


def test_one_bad_value_keeps_the_good_ones(client, data):
    html = get(client, {"zone": "9", "ai": "high", "sort": "-pay"})
    assert "Job zone (preparation needed): “9”" in html
    assert titles(html) == ordered([r for r in data if r.ai == "high"], "pay", descending=True)


def test_reversed_pay_range_is_swapped_and_said(client, data):
    html = get(client, {"pay_min": "110000", "pay_max": "80000"})
    assert "the two were swapped" in html
    assert titles(html) == titles(get(client, {"pay_min": "80000", "pay_max": "110000"}))
    assert 'name="pay_min" value="80000"' in html  # the form shows what was applied


def test_bad_page_number_falls_back_to_a_page(client, data):
    assert titles(get(client, {"page": "abc"})) == ordered(data)
    assert titles(get(client, {"page": "999"})) == ordered(data)


def form_query(html: str) -> str:
    """The query string the rendered filter form submits as it stands."""
    form = re.search(r'<form class="browse-filters".*?</form>', html, re.S).group(0)
    pairs = []
    for name, body in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*\bselected\b', body)
        pairs.append((name, unescape(chosen.group(1)) if chosen else ""))
    for tag in re.findall(r"<input [^>]*>", form):
        name = re.search(r'name="(\w+)"', tag).group(1)
        value = re.search(r'value="([^"]*)"', tag)
        pairs.append((name, unescape(value.group(1)) if value else ""))
    return urlencode(pairs)


@pytest.mark.parametrize(
    "params",
    [
        {"education": "bachelors-degree", "ai": "moderate", "sort": "-pay"},
        {"category": "management", "pay_min": "100000", "sort": "growth"},
        {"outlook": "bright", "zone": "2", "sort": "-openings"},
        {"pay_max": "60000", "sort": "-name"},
    ],
)
def test_a_filtered_url_reproduces_the_same_list(client, data, params):
    first = get(client, params)
    cache.clear()  # render again from the database, not from the page cache
    pagecache.local.clear()  # nor from this process's copy
    again = get(client, params)
    assert titles(first) == titles(again) and titles(first)
    # The form, submitted as rendered, gives the same list.
    assert titles(get(client, dict(parse_qsl(form_query(first))))) == titles(first)
    # So does the canonical address built from the cleaned filters.
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', first).group(1)
    query = urlsplit(unescape(canonical)).query
    assert dict(parse_qsl(query)) == params
    assert titles(get(client, dict(parse_qsl(query)))) == titles(first)


def test_chips_show_active_filters_and_each_removes_only_itself(client, data):
    params = {"category": "management", "ai": "moderate", "pay_min": "50000", "sort": "-pay"}
    html = get(client, params)
    chips = re.search(r'<ul class="filter-chips".*?</ul>', html, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)">([^<]+)<span class="visually-hidden">', chips)
    assert [text for _url, text in links] == [
        "Category: Management",
        "Pay from $50,000",
        "AI resilience: About typical",
    ]
    for (url, _text), removed in zip(links, ["category", "pay_min", "ai"], strict=True):
        query = dict(parse_qsl(urlsplit(unescape(url)).query))
        assert query == {k: v for k, v in params.items() if k != removed}
    assert 'href="/careers/">Clear all</a>' in chips


def test_no_chips_without_filters(client, data):
    assert "filter-chips" not in get(client, {"sort": "-pay"})


def test_cards_show_pay_growth_and_ai_label(client, data):
    html = get(client, {"category": "computer-and-mathematical"})
    card = re.search(
        r'<li class="card">\s*<a class="card-title" href="/careers/software-developers/">.*?</li>\s*(?=<li class="card">|</ul>)',
        html,
        re.S,
    ).group(0)
    sd = next(r for r in data if r.title == "Software Developers")
    assert f"${sd.pay:,}" in card
    assert f"+{sd.change:.1f}%" in card and "bright outlook" in card
    assert f"<dd>{SHORT_LABEL[sd.ai]}</dd>" in card
    assert 'href="/compare/?c=15-1252.00"' in card
    gd = get(client, {"category": "arts-design-entertainment-sports-and-media"})
    assert "not published" in gd and "not projected" in gd and "partial data" in gd


@pytest.fixture
def many(make_occupation):
    for i in range(PAGE_SIZE + 5):
        make_occupation(code=f"15-{1000 + i}.00", title=f"Analyst {i:02d}", job_zone=4)
    make_occupation(code="29-1141.00", title="Registered Nurses", job_zone=3)


def test_pagination_keeps_the_filters(client, many):
    params = {"category": "computer-and-mathematical", "zone": "4", "sort": "-name"}
    first = get(client, params)
    assert titles(first)[:2] == ["Analyst 28", "Analyst 27"] and len(titles(first)) == PAGE_SIZE
    nxt = re.search(r'<a rel="next" href="([^"]+)">', first).group(1)
    query = dict(parse_qsl(urlsplit(unescape(nxt)).query))
    assert query == {**params, "page": "2"}
    second = get(client, query)
    assert titles(second) == [f"Analyst {i:02d}" for i in range(4, -1, -1)]
    prev = re.search(r'<a rel="prev" href="([^"]+)">', second).group(1)
    assert dict(parse_qsl(urlsplit(unescape(prev)).query)) == {**params, "page": "1"}
    assert (
        '<link rel="canonical" href="http://127.0.0.1:8000/careers/?category=computer-and-mathematical&amp;zone=4&amp;sort=-name&amp;page=2">'
        in second
    )


@pytest.mark.parametrize(
    "params",
    [{}, {"education": "bachelors-degree", "ai": "moderate", "pay_min": "1", "sort": "-growth"}],
)
def test_query_count_does_not_grow_with_results(client, data, django_assert_num_queries, params):
    # categories, education options, count, one page of cards
    with django_assert_num_queries(4):
        html = get(client, params)
    assert titles(html)


def test_query_count_with_a_full_page(client, many, django_assert_num_queries):
    with django_assert_num_queries(4):
        html = get(client, {"zone": "4"})
    assert len(titles(html)) == PAGE_SIZE


def test_only_plain_category_pages_are_indexable(client, data):
    assert "noindex" not in get(client, {"category": "management"})
    assert "noindex" not in get(client)
    assert "noindex" in get(client, {"category": "management", "sort": "-pay"})
    assert "noindex" in get(client, {"ai": "high"})


def test_filter_form_is_labeled_get_and_has_reset(client, data):
    html = get(client)
    form = re.search(r'<form class="browse-filters".*?</form>', html, re.S).group(0)
    assert 'method="get"' in form and 'action="/careers/"' in form
    ids = re.findall(r'<(?:select|input)[^>]*\bid="([^"]+)"', form)
    assert len(ids) == 9
    for control_id in ids:
        assert f'<label for="{control_id}">' in form
    assert '<a href="/careers/">Reset all filters</a>' in form


def test_no_inline_script_style_or_handlers(client, data):
    html = get(client, {"ai": "high", "zone": "x"})
    assert "style=" not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_category_links_from_elsewhere_still_work(client, data):
    cat = Category.objects.get(code="11")
    response = client.get(cat.get_absolute_url())
    assert titles(response.content.decode()) == ordered([r for r in data if r.category == cat.slug])
    assert reverse("careers:index") == INDEX


@pytest.mark.parametrize("sort", ["-ai", "ai"])
def test_sort_by_ai_resilience_score(client, data, sort):
    scored = AIResilience.objects.exclude(score=None).select_related("occupation")
    ordered_scores = sorted(
        scored, key=lambda a: (-a.score if sort == "-ai" else a.score, a.occupation.title)
    )
    expected = [a.occupation.title for a in ordered_scores]
    shown = titles(get(client, {"sort": sort}))
    # Scored careers first, in score order; partial ones (no score) after them.
    assert shown[: len(expected)] == expected[: len(shown)]
