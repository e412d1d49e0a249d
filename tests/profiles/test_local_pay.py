"""Pay by state and area: the career page's map, table and picker, the area page and /pay/."""

import re

import pytest
from django.urls import reverse

from salaries.models import Area, Wage

from .test_breadcrumbs import crumbs

US = {"kind": "national", "code": "99", "name": "United States", "state": "", "slug": "us"}
STATES = [
    ("39", "Ohio", "OH"),
    ("06", "California", "CA"),
    ("28", "Mississippi", "MS"),
    ("72", "Puerto Rico", "PR"),
]


def area(kind, code, name, state, slug):
    return Area.objects.get_or_create(
        kind=kind, code=code, defaults={"name": name, "state": state, "slug": slug}
    )[0]


def pay(occupation, where, year, median, *, employment=1000, top=(), soc=None, **kw):
    """A wage row with percentiles around `median` (p10 = 70%, p90 = 140%)."""
    figures = {
        "annual_p10": int(median * 0.7),
        "annual_p25": int(median * 0.85),
        "annual_median": median,
        "annual_p75": int(median * 1.2),
        "annual_p90": int(median * 1.4),
        "hourly_median": round(median / 2080, 2),
    }
    figures.update(kw)
    return Wage.objects.create(
        occupation=occupation,
        area=where,
        release_year=year,
        soc_code=soc or occupation.soc_code,
        employment=employment,
        top_coded=list(top),
        **figures,
    )


@pytest.fixture
def places(db):
    places = {"us": area(**US)}
    for code, name, abbr in STATES:
        places[abbr] = area("state", code, name, abbr, abbr.lower())
    places["cleveland"] = area(
        "metro", "17460", "Cleveland-Elyria, OH", "OH", "cleveland-elyria-oh-metro"
    )
    places["nonmetro"] = area(
        "nonmetro", "3900003", "Northeast Ohio nonmetropolitan area", "OH", "ne-ohio-nonmetro"
    )
    return places


@pytest.fixture
def nurse(make_occupation, places):
    occ = make_occupation(code="29-1141.00", title="Registered Nurses", slug="registered-nurses")
    pay(occ, places["us"], 2024, 92580, employment=3282010)
    pay(occ, places["us"], 2023, 89010)
    pay(occ, places["OH"], 2023, 70000)  # older: not shown
    pay(occ, places["OH"], 2024, 82990, employment=132480)
    pay(occ, places["CA"], 2024, 135000, employment=325000)
    pay(occ, places["MS"], 2023, 67000, employment=None)  # newest release for Mississippi
    pay(occ, places["PR"], 2024, 40000)
    pay(occ, places["cleveland"], 2024, 85490, employment=27590, annual_mean=None)
    return occ


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def section(html, id_):
    return re.search(rf'<section id="{id_}".*?</section>', html, re.S).group(0)


def no_inline_styles(html):
    assert "style=" not in html and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)


# --- career page ------------------------------------------------------------------------


def test_career_page_has_a_state_table_with_the_newest_release_of_each_state(client, nurse):
    html = section(page(client, nurse.get_absolute_url()), "local-pay")
    rows = re.findall(r'<tr><th scope="row"><a href="([^"]+)">([^<]+)</a></th>(.*?)</tr>', html)
    assert [name for _, name, _ in rows] == ["California", "Mississippi", "Ohio", "Puerto Rico"]
    cells = {name: re.findall(r"<td[^>]*>(.*?)</td>", rest) for _, name, rest in rows}
    p10, p90 = int(82990 * 0.7), int(82990 * 1.4)
    assert cells["Ohio"] == ["132,480", "$82,990", f"${p10:,}", f"${p90:,}", "May 2024"]
    assert cells["Mississippi"][0] == "not published"
    assert cells["Mississippi"][-1] == "May 2023"
    assert "$70,000" not in html  # Ohio's older release
    assert rows[2][0] == "/careers/registered-nurses/pay/?area=oh"


def test_career_page_map_is_an_accessible_svg(client, nurse):
    html = section(page(client, nurse.get_absolute_url()), "local-pay")
    svg = re.search(r'<figure class="state-map">.*?</svg>', html, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="state-map-t state-map-d"' in svg
    assert '<title id="state-map-t">Median annual pay by state</title>' in svg
    desc = re.search(r'<desc id="state-map-d">(.*?)</desc>', svg).group(1)
    assert "Highest: California, $135,000." in desc and "Lowest: Puerto Rico, $40,000." in desc
    tiles = re.findall(
        r"<g>\s*<title>(.*?)</title>\s*<rect ([^>]*)/>\s*<text[^>]*>(\w\w)</text>", svg
    )
    assert len(tiles) == 52  # 50 states, DC and Puerto Rico (a territory with data)
    by_abbr = {abbr: (title, rect) for title, rect, abbr in tiles}
    assert by_abbr["OH"][0] == "Ohio: $82,990 (May 2024)"
    assert by_abbr["MS"][0] == "Mississippi: $67,000 (May 2023)"
    assert 'class="map-tile map-step-4"' in by_abbr["CA"][1]
    assert by_abbr["WY"][0] == "Wyoming: no data" and 'fill="url(#map-nodata)"' in by_abbr["WY"][1]
    assert '<pattern id="map-nodata"' in svg
    assert "No data</li>" in html  # the legend explains the hatch


def test_career_page_picker_lists_states_and_metros_with_figures(client, nurse, places):
    html = section(page(client, nurse.get_absolute_url()), "local-pay")
    form = re.search(r'<form class="area-picker".*?</form>', html, re.S).group(0)
    assert 'method="get" action="/careers/registered-nurses/pay/"' in form
    assert '<label for="area-pick">' in form and 'id="area-pick" name="area"' in form
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', form, re.S)
    assert [label for label, _ in groups] == ["States and territories", "Metropolitan areas"]
    assert re.findall(r'value="([^"]+)"', groups[1][1]) == ["cleveland-elyria-oh-metro"]
    assert "Mississippi" in groups[0][1]
    assert "ne-ohio-nonmetro" not in form  # no figures for this career there
    assert "csrfmiddlewaretoken" not in html


def test_career_page_charts_are_svg_with_text_alternatives(client, nurse):
    html = page(client, nurse.get_absolute_url())
    no_inline_styles(html)
    # One pay chart: the career stages on one scale, the percentile table its alternative.
    pay_section = section(html, "pay")
    assert pay_section.count('role="img"') == 1
    assert 'aria-labelledby="ladder-chart-t ladder-chart-d"' in pay_section
    assert f"Entry level (0-2 years, 10th percentile): ${int(92580 * 0.7):,}" in pay_section
    assert 'viewBox="0 0 360 ' in pay_section and 'width="100%"' in pay_section
    assert ">$92,580</text>" in pay_section
    table = pay_section.index('<table class="data">')
    assert pay_section.index('role="img"') < pay_section.index("<details") < table
    assert '<th scope="row">Median</th><td>$92,580</td>' in pay_section
    assert "<td>Mid-career, 5-10 years</td>" in pay_section


def test_top_coded_values_in_the_chart_read_or_more(client, make_occupation, places):
    occ = make_occupation()
    pay(occ, places["us"], 2024, 206000, annual_p75=239200, annual_p90=239200, top=["annual_p90"])
    html = section(page(client, occ.get_absolute_url()), "pay")
    assert ">$239,200 or more</text>" in html  # the 90th percentile bar
    assert ">$239,200</text>" in html  # the 75th
    assert "<td>$239,200 or more</td>" in html and "<td>$239,200</td>" in html


def test_career_without_local_figures_says_so(client, make_occupation, places):
    occ = make_occupation()
    pay(occ, places["us"], 2024, 50000)
    html = section(page(client, occ.get_absolute_url()), "local-pay")
    assert "No state figures have been loaded for this career." in html
    assert "<form" not in html and '<svg class="chart"' not in html and "state-map" not in html


@pytest.mark.parametrize("states", [1, 40])
def test_career_page_query_count_with_local_pay(
    client, make_occupation, places, django_assert_num_queries, states
):
    occ = make_occupation()
    pay(occ, places["us"], 2024, 50000)
    for i in range(states):
        where = area("state", f"{i + 1:02d}", f"State {i}", f"S{i % 10}", f"s{i}")
        for year in (2022, 2023, 2024):
            pay(occ, where, year, 40000 + i * 100)
        metro = area("metro", f"M{i}", f"Metro {i}", "", f"metro-{i}")
        pay(occ, metro, 2024, 45000)
    with django_assert_num_queries(13):
        html = page(client, occ.get_absolute_url())
    assert html.count('<tr><th scope="row"><a href="/careers/') == states
    assert html.count('<option value="metro-') == states


# --- the area page: /careers/<slug>/pay/?area=<slug> --------------------------------------


def area_url(occupation, slug=None):
    url = reverse("careers:area_pay", args=[occupation.slug])
    return f"{url}?area={slug}" if slug is not None else url


def test_area_page_shows_the_state_beside_the_nation(client, nurse):
    html = page(client, area_url(nurse, "oh"))
    assert "<h1>Registered Nurses: pay in Ohio</h1>" in html
    annual, hourly = re.findall(r'<table class="data">.*?</table>', html, re.S)
    assert "<caption>Annual pay</caption>" in annual and "<caption>Hourly pay</caption>" in hourly
    median = r'<tr><th scope="row">Median</th>(.*?)</tr>'
    assert re.findall(r"<td>(.*?)</td>", re.search(median, annual).group(1)) == [
        "$82,990",
        "$92,580",
    ]
    assert re.findall(r"<td>(.*?)</td>", re.search(median, hourly).group(1)) == [
        "$39.90",
        "$44.51",
    ]
    assert "Jobs: 132,480 in Ohio, 3,282,010 in the United States" in html
    assert "10.4% below the national median of $92,580" in html
    assert html.count('role="img"') == 2  # Ohio and the nation, on one scale
    assert re.search(r'<option value="oh" selected>Ohio</option>', html)
    assert 'href="/pay/oh/"' in html
    assert '<meta name="robots" content="noindex, follow">' in html
    no_inline_styles(html)


def test_area_page_for_a_metro_links_to_its_state(client, nurse):
    html = page(client, area_url(nurse, "cleveland-elyria-oh-metro"))
    assert "pay in Cleveland-Elyria, OH" in html
    assert "$85,490" in html and "27,590" in html
    assert "7.7% below" in html
    mean = re.search(r'<tr><th scope="row">Mean</th>(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<td>(.*?)</td>", mean)[0] == "not published"
    assert 'href="/pay/oh/">Best-paid and most common careers in Ohio' in html


@pytest.mark.parametrize("asked", ["wyoming", "ne-ohio-nonmetro", "<script>", "x" * 500])
def test_unknown_area_is_a_message_not_an_error(client, nurse, asked):
    html = page(client, area_url(nurse, asked))
    assert "No figures for &ldquo;" in html
    assert "<script>" not in html.split("<main", 1)[1]
    assert "Choose a state or metropolitan area" in html
    assert '<option value="oh">Ohio</option>' in html


def test_area_page_without_an_area_shows_the_national_median(client, nurse):
    html = page(client, area_url(nurse))
    assert "No figures for" not in html
    assert "The median pay in the United States is <strong>$92,580</strong>" in html
    assert 'name="robots"' not in html


@pytest.mark.parametrize(
    "asked, last",
    [
        ("cleveland-elyria-oh-metro", "Pay in Cleveland-Elyria, OH"),
        (None, "Pay by area"),
        ("nowhere", "Pay by area"),
    ],
)
def test_area_page_trail_ends_at_the_area_asked(client, nurse, asked, last):
    trail = crumbs(page(client, area_url(nurse, asked)))
    assert [name for name, _, _ in trail][-2:] == ["Registered Nurses", last]
    here = area_url(nurse, asked if last != "Pay by area" else None)
    assert trail[-1] == (last, here, True)


def test_area_page_of_an_unknown_career_is_404(client, db):
    assert client.get("/careers/nobody/pay/?area=oh").status_code == 404


@pytest.mark.parametrize("asked", [None, "oh", "cleveland-elyria-oh-metro", "nowhere"])
def test_area_page_query_count(client, nurse, django_assert_num_queries, asked):
    with django_assert_num_queries(3):
        page(client, area_url(nurse, asked))


# --- /pay/ and /pay/<state>/ --------------------------------------------------------------


@pytest.fixture
def ohio_jobs(make_occupation, places):
    """Careers in Ohio (May 2024) and one older release that must not count."""
    oh = places["OH"]
    made = {}
    for i, (title, median, jobs) in enumerate(
        [
            ("Surgeons", 239200, 900),
            ("Anesthesiologists", 239200, 700),  # tied with surgeons at the top code
            ("Managers", 120000, 11000),
            ("Cashiers", 29000, 90000),
            ("Nurses", 82990, 132480),
            ("Painters", 45000, None),  # employment not published
        ]
    ):
        occ = make_occupation(code=f"29-{2000 + i * 10}.00", title=title)
        top = ["annual_median"] if median == 239200 else []
        pay(occ, oh, 2024, median, employment=jobs, top=top)
        made[title] = occ
    # O*NET codes sharing the managers' SOC row: listed once.
    sharing = make_occupation(code="29-2020.01", title="Quality Managers")
    pay(sharing, oh, 2024, 120000, employment=11000, soc="29-2020", is_broader=True)
    retired = make_occupation(code="29-2090.00", title="Retired Career", is_active=False)
    pay(retired, oh, 2024, 500000 // 3, employment=999999)
    old = make_occupation(code="29-2100.00", title="Old Release Only")
    pay(old, oh, 2023, 230000, employment=500000)
    return made


def ranking(html, heading_id):
    part = html.split(f'id="{heading_id}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr><td>(\d+)</td><th scope="row"><a href="[^"]+">([^<]+)</a>', part)


def test_state_page_ranks_by_median_and_by_employment(client, ohio_jobs):
    html = page(client, reverse("careers:state_pay", args=["oh"]))
    assert "<h1>Careers and pay in Ohio</h1>" in html
    assert ranking(html, "best-paid-h") == [
        ("1", "Anesthesiologists"),
        ("1", "Surgeons"),
        ("3", "Managers"),
        ("4", "Nurses"),
        ("5", "Painters"),
        ("6", "Cashiers"),
    ]
    assert ranking(html, "most-jobs-h") == [
        ("1", "Nurses"),
        ("2", "Cashiers"),
        ("3", "Managers"),
        ("4", "Surgeons"),
        ("5", "Anesthesiologists"),
    ]
    assert "$239,200 or more" in html
    assert "Quality Managers" not in html and "Retired Career" not in html
    assert "Old Release Only" not in html
    assert "May 2024" in html and "Occupational Employment and Wage Statistics" in html
    assert "out of 6 occupations" in html
    assert 'href="/careers/' in html
    no_inline_styles(html)


def test_state_page_trail(client, ohio_jobs):
    assert crumbs(page(client, reverse("careers:state_pay", args=["oh"]))) == [
        ("Home", "/", False),
        ("Pay by state", "/pay/", False),
        ("Ohio", "/pay/oh/", True),
    ]


def test_state_page_keeps_the_top_25(client, make_occupation, places):
    for i in range(30):
        occ = make_occupation(code=f"15-{1100 + i}.00", title=f"Career {i:02d}")
        pay(occ, places["CA"], 2024, 50000 + i * 1000, employment=1000 + i)
    html = page(client, "/pay/ca/")
    best, most = ranking(html, "best-paid-h"), ranking(html, "most-jobs-h")
    assert len(best) == len(most) == 25
    assert best[0] == ("1", "Career 29") and best[-1] == ("25", "Career 05")
    assert most[0] == ("1", "Career 29")


def test_state_page_query_count(client, ohio_jobs, django_assert_num_queries):
    with django_assert_num_queries(2):
        page(client, "/pay/oh/")


def test_unknown_state_is_a_helpful_404(client, ohio_jobs, places):
    html = page(client, "/pay/atlantis/", status=404)
    assert "We have no pay figures for &ldquo;atlantis&rdquo;" in html
    assert 'href="/pay/oh/">Ohio</a>' in html
    # A metro's slug is not a state.
    assert client.get("/pay/cleveland-elyria-oh-metro/").status_code == 404


def test_state_name_redirects_to_its_postal_slug(client, ohio_jobs):
    response = client.get("/pay/ohio/")
    assert response.status_code == 301 and response["Location"] == "/pay/oh/"


def test_state_index_lists_states_with_figures(client, ohio_jobs, django_assert_num_queries):
    with django_assert_num_queries(1):
        html = page(client, reverse("careers:state_index"))
    assert re.findall(r'<li><a href="/pay/(\w+)/">', html) == ["oh"]  # others have no wages
