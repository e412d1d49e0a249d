"""/compare/?c=<code>,<code>: the URL is the state; bad input is explained, never fatal."""

import itertools
import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse

from careers.models import AIResilience, Descriptor, Occupation, Rating, Task
from profiles.compare import parse_codes, resolve_added
from salaries.models import Area, Wage

SD, RN, IPM, LAW, EL = "15-1252.00", "29-1141.00", "11-3051.00", "23-1011.00", "47-2111.00"
CSA = "15-1211.00"


def compare_url(*codes):
    return reverse("careers:compare") + ("?c=" + ",".join(codes) if codes else "")


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def column_titles(html):
    head = re.search(r"<thead>.*?</thead>", html, re.S)
    if not head:
        return []
    return [
        unescape(t)
        for t in re.findall(r'<th scope="col">\s*<a href="[^"]+">([^<]+)</a>', head.group(0))
    ]


def row(html, header):
    """The cells of the row whose header is `header`, as text."""
    found = re.search(rf'<tr><th scope="row">{re.escape(header)}</th>(.*?)</tr>', html, re.S)
    assert found, header
    return [
        re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", c))).strip()
        for c in re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)
    ]


def notes(html):
    box = re.search(r'<div class="notice" role="status">.*?</div>', html, re.S)
    return [unescape(n) for n in re.findall(r"<li>(.*?)</li>", box.group(0))] if box else []


def remove_links(html):
    return [unescape(u) for u in re.findall(r'<a class="compare-remove" href="([^"]+)">', html)]


def codes_of(url):
    query = dict(parse_qsl(urlsplit(url).query))
    return query["c"].split(",") if "c" in query else []


def newest_national(code):
    return (
        Wage.objects.filter(occupation__code=code, area__kind=Area.NATIONAL)
        .order_by("-release_year")
        .first()
    )


def test_two_careers_side_by_side_in_the_order_given(client, demo):
    html = get(client, compare_url(SD, RN))
    assert column_titles(html) == ["Software Developers", "Registered Nurses"]
    assert column_titles(get(client, compare_url(RN, SD))) == [
        "Registered Nurses",
        "Software Developers",
    ]
    assert "<title>Compare Software Developers and Registered Nurses |" in html
    assert f'<link rel="canonical" href="http://127.0.0.1:8000/compare/?c={SD},{RN}">' in html
    assert notes(html) == []


def test_every_section_is_compared(client, demo):
    html = get(client, compare_url(SD, IPM))
    sd, ipm = (
        Occupation.objects.select_related("education", "outlook", "ai_resilience").get(code=c)
        for c in (SD, IPM)
    )
    for label, field in [
        ("10th percentile", "annual_p10"),
        ("25th percentile", "annual_p25"),
        ("Median", "annual_median"),
        ("75th percentile", "annual_p75"),
        ("90th percentile", "annual_p90"),
    ]:
        assert row(html, label) == [f"${getattr(newest_national(c), field):,}" for c in (SD, IPM)]
    assert row(html, "Pay source")[0].startswith(f"BLS OEWS May {newest_national(SD).release_year}")
    assert row(html, "Typical entry education") == [
        sd.education.typical_education,
        ipm.education.typical_education,
    ]
    assert row(html, "Related work experience") == ["None", "5 years or more"]
    assert row(html, "On-the-job training") == [
        sd.education.on_the_job_training,
        ipm.education.on_the_job_training,
    ]
    assert row(html, "Training time") == [sd.education.training_time, ipm.education.training_time]
    assert row(html, "Years of education after high school") == ["About 4 years"] * 2
    assert row(html, "Estimated tuition") == [
        f"${o.education.cost_low:,} to ${o.education.cost_high:,}" for o in (sd, ipm)
    ]
    assert row(html, "Projected change in jobs") == [
        f"{float(o.outlook.change_percent):+.1f}% over {o.outlook.period}" for o in (sd, ipm)
    ]
    assert row(html, "Openings each year") == [f"{o.outlook.annual_openings:,}" for o in (sd, ipm)]
    assert row(html, "Bright outlook") == ["Yes", "No"]
    assert row(html, "Assessment") == [o.ai_resilience.get_label_display() for o in (sd, ipm)]
    assert row(html, "Score") == [f"{round(o.ai_resilience.score)} of 100" for o in (sd, ipm)]
    assert row(html, "Why") == [unescape(o.ai_resilience.reason) for o in (sd, ipm)]


def test_top_five_tasks_core_first_and_top_five_skills(client, demo):
    ipm = Occupation.objects.get(code=IPM)
    # A supplemental task placed first must not push out the core ones.
    Task.objects.filter(occupation=ipm, kind=Task.SUPPLEMENTAL).update(position=0)
    html = get(client, compare_url(IPM, SD))
    tasks = re.findall(r"<li>([^<]+)</li>", row_html(html, "Main tasks")[0])
    expected = list(
        Task.objects.filter(occupation=ipm, kind=Task.CORE)
        .order_by("position", "id")
        .values_list("statement", flat=True)[:5]
    )
    assert [unescape(t) for t in tasks] == expected
    skills = [
        unescape(s)
        for s in re.findall(r"<li>([^<]+?) <span", row_html(html, "Most important skills")[0])
    ]
    ratings = sorted(
        Rating.objects.filter(occupation=ipm, descriptor__domain=Descriptor.SKILL).select_related(
            "descriptor"
        ),
        key=lambda r: (-r.importance, r.descriptor.name),
    )
    assert skills == [r.descriptor.name for r in ratings[:5]]
    assert len(re.findall(r"<li>", row_html(html, "Main tasks")[1])) == 5


def row_html(html, header):
    found = re.search(rf'<tr><th scope="row">{re.escape(header)}</th>(.*?)</tr>', html, re.S)
    return re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)


def test_remove_links_drop_only_their_column(client, demo):
    codes = [SD, RN, IPM]
    html = get(client, compare_url(*codes))
    links = remove_links(html)
    assert [codes_of(u) for u in links] == [[RN, IPM], [SD, IPM], [SD, RN]]
    assert column_titles(get(client, links[1])) == [
        "Software Developers",
        "Industrial Production Managers",
    ]
    assert (
        'Remove<span class="visually-hidden"> Registered Nurses from the comparison</span>' in html
    )


def test_removing_down_to_nothing(client, demo):
    html = get(client, compare_url(SD, RN))
    one = get(client, remove_links(html)[0])
    assert column_titles(one) == ["Registered Nurses"]
    assert remove_links(one) == ["/compare/"]
    assert "Put two to 4 careers side by side" in get(client, remove_links(one)[0])


def test_one_career_is_shown_and_asks_for_another(client, demo):
    html = get(client, compare_url(RN))
    assert column_titles(html) == ["Registered Nurses"]
    assert "Add at least one more career to compare with Registered Nurses." in html
    assert row(html, "Median") == [f"${newest_national(RN).annual_median:,}"]
    # Careers in the same field are offered, the compared one is not.
    pick = re.search(r'<select id="compare-pick".*?</select>', html, re.S).group(0)
    assert "Licensed Practical and Licensed Vocational Nurses" in pick and RN not in pick


def test_nothing_to_compare_explains_how(client, demo):
    html = get(client, "/compare/")
    assert column_titles(html) == [] and "<table" not in html
    assert "Put two to 4 careers side by side" in html
    assert 'href="/careers/"' in html
    pick = re.search(r'<select id="compare-pick".*?</select>', html, re.S).group(0)
    featured = Occupation.objects.filter(featured=True).values_list("code", flat=True)
    assert featured and all(f'value="{c}"' in pick for c in featured)


@pytest.mark.parametrize(
    ("query", "kept", "expected_notes"),
    [
        (
            f"c=banana,{SD},15-1252,{RN},{SD}",
            ["Software Developers", "Registered Nurses"],
            [
                "“15-1252.00” appeared more than once; each career is shown once.",
                "No career page is called “banana”, so it was left out.",
            ],
        ),
        (
            f"c=99-9999.00,{LAW}",
            ["Lawyers"],
            ["No career has the code “99-9999.00”, so it was left out."],
        ),
        (
            f"c={SD},{RN},{IPM},{LAW},{EL}",
            [
                "Software Developers",
                "Registered Nurses",
                "Industrial Production Managers",
                "Lawyers",
            ],
            [f"Up to 4 careers can be compared at once; left out “{EL}”."],
        ),
        (
            f"c=11-1111.00,{SD},{RN},{IPM},{LAW},{EL}",
            [
                "Software Developers",
                "Registered Nurses",
                "Industrial Production Managers",
                "Lawyers",
            ],
            [
                "No career has the code “11-1111.00”, so it was left out.",
                f"Up to 4 careers can be compared at once; left out “{EL}”.",
            ],
        ),
        (
            "c=<script>alert(1)</script>",
            [],
            [
                "Left out “<script>alert(1)</script>”: not an O*NET-SOC code (codes look like 15-1252.00)."
            ],
        ),
        ("c=,,,", [], []),
        ("x=1", [], []),
    ],
)
def test_bad_input_is_dropped_with_a_note(client, demo, query, kept, expected_notes):
    html = get(client, f"/compare/?{query}")
    assert column_titles(html) == kept
    assert notes(html) == expected_notes
    assert "<script>alert" not in html


def test_page_slugs_work_like_codes_and_redirect_to_the_code_address(client, demo):
    r = client.get("/compare/", {"c": "registered-nurses,software-developers"})
    assert r.status_code == 302 and r["Location"] == f"/compare/?c={RN},{SD}"
    mixed = client.get("/compare/", {"c": f"Registered-Nurses,{IPM}"})
    assert mixed.status_code == 302 and mixed["Location"] == f"/compare/?c={RN},{IPM}"
    html = get(client, "/compare/?c=registered-nurses,no-such-career")
    assert column_titles(html) == ["Registered Nurses"]
    assert notes(html) == ["No career page is called “no-such-career”, so it was left out."]
    assert f'<link rel="canonical" href="http://127.0.0.1:8000/compare/?c={RN}">' in html


def test_max_four_keeps_the_first_four(client, demo):
    html = get(client, compare_url(SD, RN, IPM, LAW, EL, CSA))
    assert len(column_titles(html)) == 4
    assert "left out “47-2111.00”, “15-1211.00”." in html
    add = re.search(r'<section class="compare-add".*?</section>', html, re.S).group(0)
    assert "This comparison is full" in add and "<form" not in add
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    assert codes_of(canonical) == [SD, RN, IPM, LAW]


def test_very_long_input_is_bounded(client, demo):
    html = get(
        client, "/compare/?c=" + ",".join(f"15-{1000 + i}.00" for i in range(500)) + f",{SD}"
    )
    assert column_titles(html) == []
    assert any(n.startswith("No career has the code") and "more" in n for n in notes(html))
    assert any(n.startswith("Up to 4 careers") for n in notes(html))


def test_add_forms_carry_the_current_codes(client, demo):
    html = get(client, compare_url(SD, RN))
    search = re.search(r'<form class="compare-form" role="search".*?</form>', html, re.S).group(0)
    assert 'action="/search/"' in search and 'method="get"' in search
    assert f'<input type="hidden" name="compare" value="{SD},{RN}">' in search
    assert '<label for="compare-q">' in search and 'name="q"' in search
    add = re.search(
        r'<form class="compare-form" method="get" action="/compare/">.*?</form>', html, re.S
    ).group(0)
    assert f'<input type="hidden" name="c" value="{SD},{RN}">' in add
    assert '<label for="compare-add">' in add and 'name="add"' in add
    pick = re.search(r'<select id="compare-pick" name="c">.*?</select>', add, re.S).group(0)
    assert f'value="{CSA}"' in pick and SD not in pick  # same field, not already compared


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"c": [f"{SD},{RN}", IPM]}, [SD, RN, IPM]),  # the same-field select
        ({"c": [f"{SD},{RN}", ""], "add": "lawyers"}, [SD, RN, LAW]),  # a typed title
        ({"c": [SD, ""], "add": "Registered Nurses (29-1141.00)"}, [SD, RN]),  # title and code
        ({"c": [SD], "add": "electric"}, [SD, EL]),  # a part only one title has
        ({"c": [SD], "add": " 47-2111 "}, [SD, EL]),  # a SOC code
        ({"add": RN}, [RN]),
    ],
)
def test_adding_redirects_to_the_shareable_address(client, demo, params, expected):
    response = client.get("/compare/", params)
    assert response.status_code == 302
    assert response["Location"] == compare_url(*expected)


def test_adding_something_unknown_stays_and_explains(client, demo):
    response = client.get("/compare/", {"c": SD, "add": "Astronaut"})
    assert response.status_code == 200
    html = response.content.decode()
    assert column_titles(html) == ["Software Developers"]
    assert notes(html) == [
        "No career is called “Astronaut”; check the name or enter its O*NET-SOC code."
    ]
    html = get(client, f"/compare/?c={SD}&add=nurses")
    assert column_titles(html) == ["Software Developers"]
    assert notes(html) == [
        "Several careers match “nurses”: “Licensed Practical and Licensed Vocational Nurses”, "
        "“Registered Nurses”. Type more of the name, or search for it."
    ]


def test_parse_codes_keeps_order_and_first_occurrence():
    assert parse_codes([f" {RN} , {SD},{RN}", "15-1252", ""]) == (
        [RN, SD],
        [f"“{RN}”, “{SD}” appeared more than once; each career is shown once."],
    )
    codes, notes_ = parse_codes(["1-2.3, 15-1252.0, abc"])
    assert codes == [] and notes_ == [
        "Left out “1-2.3”, “15-1252.0”, “abc”: not an O*NET-SOC code (codes look like 15-1252.00)."
    ]


def test_resolve_added():
    choices = [(SD, "Software Developers", "Computer", False)]
    assert resolve_added("", choices) == (None, None)
    assert resolve_added("software   DEVELOPERS", choices) == (SD, None)
    assert resolve_added("x 29-1141.00 y", choices) == (RN, None)
    assert resolve_added("develop", choices) == (SD, None)
    assert resolve_added("Pilots", choices)[0] is None
    long = [
        (f"11-{1000 + i}.00", f"Manager of a very long named department number {i}", "", False)
        for i in range(7)
    ]
    _code, note = resolve_added("manager", long)
    assert note.startswith("Several careers match “manager”: “Manager of a very long named")
    assert note.endswith("number 4” and 2 more. Type more of the name, or search for it.")


@pytest.mark.parametrize("n", [2, 4])
def test_query_count_is_constant(client, demo, django_assert_num_queries, n):
    codes = [SD, RN, IPM, LAW][:n]
    # careers for the add forms, the occupations, newest wages, top tasks, top skills
    with django_assert_num_queries(5):
        html = get(client, compare_url(*codes))
    assert len(column_titles(html)) == n
    assert html.count('<ol class="compare-list">') == 2 * n


def test_a_redirect_skips_the_details(client, demo, django_assert_num_queries):
    # careers for the add forms and the occupations; wages, tasks and skills only on a page
    with django_assert_num_queries(2):
        response = client.get("/compare/", {"c": [SD, RN]})
    assert response.status_code == 302 and response["Location"] == compare_url(SD, RN)


def test_query_count_without_careers(client, demo, django_assert_num_queries):
    with django_assert_num_queries(1):
        get(client, "/compare/")


def test_missing_data_reads_as_not_published(client, demo):
    Wage.objects.filter(occupation__code=LAW).delete()
    AIResilience.objects.filter(occupation__code=LAW).delete()
    Task.objects.filter(occupation__code=LAW).delete()
    Occupation.objects.get(code=LAW).outlook.delete()
    html = get(client, compare_url(SD, LAW))
    assert row(html, "Median")[1] == "Not published"
    assert row(html, "Pay source")[1] == "No pay figures published"
    assert row(html, "Projected change in jobs")[1] == "Not projected"
    assert row(html, "Assessment")[1] == "Not assessed"
    assert row(html, "Main tasks")[1] == "No tasks published"


def test_top_coded_pay_says_or_more(client, demo):
    wage = newest_national(LAW)
    wage.top_coded = ["annual_p90"]
    wage.save()
    html = get(client, compare_url(SD, LAW))
    assert row(html, "90th percentile")[1] == f"${wage.annual_p90:,} or more"


def test_table_is_accessible_and_scrollable(client, demo):
    html = get(client, compare_url(SD, RN))
    assert (
        '<div class="compare-scroll" role="region" aria-labelledby="compare-caption" tabindex="0">'
        in html
    )
    assert '<caption id="compare-caption">2 careers side by side</caption>' in html
    assert html.count('<th scope="col">') == 2
    assert html.count('<th scope="rowgroup" colspan="3">') == 5
    assert html.count('<th scope="row">') == 22  # main's 21 rows and the 10-year pay change
    assert '<meta name="robots" content="noindex, follow">' in html
    assert "style=" not in html and not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\son[a-z]+=", html)
    headings = re.findall(r"<h([1-6])", html)
    assert headings[0] == "1" and all(int(b) - int(a) <= 1 for a, b in itertools.pairwise(headings))


def test_career_page_links_to_compare(client, demo):
    html = get(client, "/careers/registered-nurses/")
    assert (
        f'<a class="compare-link" href="/compare/?c={RN}" data-compare-code="{RN}">Add to compare</a>'
        in html
    )
    assert html.index("compare-link") < html.index('id="facts-h"')


def test_compare_script_is_a_deferred_file(client, demo):
    html = get(client, compare_url(SD, RN))
    assert re.search(r'<script src="/static/js/compare\.js" defer></script>', html)
    assert f'data-compare-codes="{SD},{RN}"' in html
