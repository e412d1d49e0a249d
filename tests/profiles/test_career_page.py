import re

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from markupsafe import escape

from careers.ai_resilience import EXPOSURE_SOURCES, LABEL_TEXT
from careers.models import (
    AlternateTitle,
    Descriptor,
    Education,
    JobZone,
    Occupation,
    Rating,
    Task,
    TechnologySkill,
)
from careers.services import refresh_derived
from salaries.models import Area, Wage, WageHistory

IPM = "11-3051.00"
SECTION_ORDER = [
    "facts-h",
    "video-h",
    "tasks-h",
    "inside-h",
    "pay-h",
    "local-pay-h",
    "education-h",
    "ai-h",
    "outlook-h",
    "technology-h",
    "abilities-h",
    "titles-h",
    "related-h",
    "sources-h",
    "cta-h",
]


def page(client, occupation):
    response = client.get(occupation.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def ipm(demo):
    return Occupation.objects.get(code=IPM)


def test_ipm_page_has_every_section_in_order(client, ipm):
    html = page(client, ipm)
    positions = [html.index(f'id="{s}"') for s in SECTION_ORDER]
    assert positions == sorted(positions)
    crumbs = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    assert [t.strip() for t in re.findall(r">([^<>]+)</a>", crumbs)] == [
        "Home",
        "Careers",
        "Management",
        "Industrial Production Managers",
    ]
    assert "<h1>Industrial Production Managers</h1>" in html


def test_facts_strip_shows_median_range_training_ai_and_education(client, ipm):
    wage = Wage.objects.filter(occupation=ipm).order_by("-release_year").first()
    html = page(client, ipm)
    facts = re.search(r'<section class="facts".*?</section>', html, re.S).group(0)
    assert f"${wage.annual_median:,}" in facts
    assert f"${wage.annual_p10:,}" in facts and f"${wage.annual_p90:,}" in facts
    assert ipm.education.training_time and ipm.education.training_time in facts
    assert ipm.ai_resilience.get_label_display() in facts
    assert escape(ipm.education.typical_education) in facts


def test_pay_is_one_chart_of_five_stages_and_one_table_behind_details(client, ipm):
    wage = Wage.objects.filter(occupation=ipm).order_by("-release_year").first()
    pay = re.search(r'<section id="pay".*?</section>', page(client, ipm), re.S).group(0)
    assert pay.count('<svg class="chart"') == 1 and pay.count('class="chart-bar"') == 5
    for pct in ("10th", "25th", "50th", "75th", "90th"):
        assert f"({pct} percentile)</text>" in pay
    table = re.search(r"<details class=\"pay-figures print-open\">.*?</details>", pay, re.S).group(
        0
    )
    assert f'<th scope="row">25th</th><td>${wage.annual_p25:,}</td>' in table
    assert "<td>Early career, 2-5 years</td>" in table
    # No figure is printed twice outside the table: the chart holds each value once.
    outside = pay.replace(table, "")
    assert outside.count(f"${wage.annual_p25:,}") == 2  # the bar's label and its <desc>


def test_education_ai_and_sources_sections(client, ipm):
    html = page(client, ipm)
    edu = ipm.education
    assert f"${edu.cost_low:,} to ${edu.cost_high:,}" in html
    assert "College Board" in html
    ai = ipm.ai_resilience
    assert escape(ai.reason) in html
    assert f"{ai.growth_percent:+.1f}% over 2024-34" in html
    assert "Used under the" in html and "CC BY 4.0" in html
    assert f"O*NET-SOC code <strong>{IPM}</strong>" in html
    assert f'href="/careers/{ipm.slug}/feedback/"' in html


def test_also_known_as_shows_a_few_and_expands_the_rest_without_js(client, ipm):
    from profiles.selectors import ALSO_KNOWN_AS_SHOWN

    n = ipm.alternate_titles.count()
    assert n > ALSO_KNOWN_AS_SHOWN, "the demo career needs more titles for this test"
    html = page(client, ipm)
    assert f"<summary>{n - ALSO_KNOWN_AS_SHOWN} more titles</summary>" in html


def test_also_known_as_lists_the_titles_workers_use_first(client, make_occupation):
    occ = make_occupation()
    alt, rep = AlternateTitle.ALTERNATE, AlternateTitle.REPORTED
    for title, kind, sources, mnm in [
        ("Zeta Lead", alt, "08", False),
        ("Alpha Lead", alt, "10", False),
        ("Beta Manager", alt, "02,04", False),
        ("Plant Manager", alt, "02,04", False),
        ("Plant Manager", rep, "", True),
        ("Omega Supervisor", rep, "", False),
    ]:
        AlternateTitle.objects.create(
            occupation=occ, title=title, kind=kind, sources=sources, in_my_next_move=mnm
        )
    titles = re.search(r'<section id="titles".*?</section>', page(client, occ), re.S).group(0)
    shown = re.findall(r"<li>([^<]+)</li>", titles)
    assert shown == ["Plant Manager", "Beta Manager", "Omega Supervisor", "Alpha Lead", "Zeta Lead"]


def test_markdown_is_rendered_safely(client, make_occupation):
    occ = make_occupation(inside="**Bold** <script>alert(1)</script> [x](javascript:alert(2))")
    html = page(client, occ)
    assert "<strong>Bold</strong>" in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html


def test_career_with_no_data_says_so_in_every_section(client, make_occupation):
    occ = make_occupation()
    html = page(client, occ)
    for sentence in [
        "No task list has been published",
        "BLS has not published pay",
        "No education or training data",
        "has not been assessed yet",
        "has not published a projection",
        "No technology skills",
        "No abilities, skills or knowledge",
        "No other job titles",
        "No related careers",
    ]:
        assert sentence in html, sentence


def test_partial_ai_assessment_has_no_label(client, make_occupation):
    occ = make_occupation()
    refresh_derived()
    html = page(client, occ)
    assert "Partial assessment" in html
    for text in LABEL_TEXT.values():
        assert text not in html
    assert "exposure-chart" not in html  # no source: no chart


def test_ai_section_shows_four_components_and_each_sources_percentile(client, ipm):
    ai = ipm.ai_resilience
    html = page(client, ipm)
    section = re.search(r'<section id="ai".*?</section>', html, re.S).group(0)
    for term in (
        "Exposure to current AI",
        "Agreement of the sources",
        "Human advantage",
        "Job growth",
    ):
        assert f"<dt>{term}</dt>" in section
    assert f"{LABEL_TEXT[ai.label]}</strong>" in section
    given = dict(ipm.ai_exposures.values_list("source", "percentile"))
    assert len(given) == ai.exposure_sources > 1
    for key, pct in given.items():
        short = EXPOSURE_SOURCES[key].short
        assert f'<th scope="row">{short}</th>' in section
        assert f"{short}: percentile {floatformat(pct, 0)}" in section  # the SVG's description
    consensus = floatformat(ai.exposure_percentile, 0)
    assert (
        f'<tr><th scope="row">Consensus</th><td>{len(given)} of 5 sources</td><td>{consensus}</td></tr>'
        in section
    )
    assert ("The sources disagree about this career." in section) == ai.sources_disagree
    assert "not a forecast that the job will be replaced" in section


def test_a_missing_source_is_named_under_the_chart(client, ipm):
    ipm.ai_exposures.filter(source="microsoft").delete()
    refresh_derived()
    html = page(client, ipm)
    assert "Not scored by Microsoft applicability." in html
    assert f"from {len(EXPOSURE_SOURCES) - 1} of 5 sources" in html


def test_onet_code_redirects_permanently_to_slug(client, ipm):
    response = client.get(f"/careers/{IPM}/")
    assert response.status_code == 301
    assert response["Location"] == ipm.get_absolute_url()


@pytest.mark.parametrize("path", ["/careers/no-such-career/", "/careers/99-9999.99/"])
def test_unknown_career_is_a_helpful_404(client, demo, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'href="/careers/"' in html
    assert "Industrial Production Managers" in html  # featured suggestions


def _inflate(occ, n):
    Task.objects.bulk_create(
        Task(occupation=occ, statement=f"Task {i}", position=i) for i in range(n)
    )
    AlternateTitle.objects.bulk_create(
        AlternateTitle(occupation=occ, title=f"Title {i}") for i in range(n)
    )
    TechnologySkill.objects.bulk_create(
        TechnologySkill(occupation=occ, name=f"Tool {i}") for i in range(n)
    )
    descriptors = Descriptor.objects.bulk_create(
        Descriptor(element_id=f"9.{domain}.{occ.pk}.{i}", name=f"{domain} {i}", domain=domain)
        for domain in ("skill", "work_style")
        for i in range(n)
    )
    Rating.objects.bulk_create(
        Rating(occupation=occ, descriptor=d, importance=2) for d in descriptors
    )
    # Everything "Inside this career" shows: interests, a job zone and its reference row,
    # the education, experience and training distributions.
    for i, letter in enumerate("RIASEC"):
        d = Descriptor.objects.get_or_create(
            element_id=f"1.B.1.{'abcdef'[i]}", defaults={"name": letter, "domain": "interest"}
        )[0]
        Rating.objects.create(occupation=occ, descriptor=d, importance=1 + i)
    JobZone.objects.get_or_create(zone=3, defaults={"name": "Job Zone Three", "education": "Some."})
    shares = [{"category": c, "label": f"C{c}", "percent": 100 / 12} for c in range(1, 13)]
    Education.objects.update_or_create(
        occupation=occ,
        defaults={
            "distributions": {
                key: {"n": n, "date": "08/2023", "categories": shares}
                for key in ("required_education", "related_experience", "on_the_job_training")
            }
        },
    )
    Occupation.objects.filter(pk=occ.pk).update(job_zone=3, interest_code="CES")
    area = Area.objects.get_or_create(
        kind="national", code="99", defaults={"name": "United States", "slug": "us"}
    )[0]
    for year in (2022, 2023, 2024):
        Wage.objects.create(
            occupation=occ, area=area, release_year=year, soc_code=occ.soc_code, annual_median=50000
        )
    # Pay over time: up to 14 releases of the occupation and of All Occupations.
    WageHistory.objects.bulk_create(
        (
            WageHistory(
                soc_2018=code,
                release_year=year,
                soc_code=code,
                link="same",
                annual_p25=40000 + year,
                annual_median=50000 + year,
                annual_p75=60000 + year,
            )
            for code in (occ.soc_code, "00-0000")
            for year in range(2012, 2012 + min(n, 14))
        ),
        ignore_conflicts=True,  # occupations of one test may share a SOC code
    )  # occupations of one test may share a SOC code


@pytest.mark.parametrize("size", [1, 150])
def test_career_page_query_count_is_constant(
    client, make_occupation, django_assert_num_queries, size
):
    occ = make_occupation()
    _inflate(occ, size)
    with django_assert_num_queries(13):
        response = client.get(occ.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<li>Task ") == size
    assert html.count('<th scope="row">20') == min(size, 14)  # one table row per release
    # The inside parts came with those queries: zone, distributions, styles, interests.
    for part in ('id="job-zone"', 'id="getting-in"', 'id="work-styles"', 'id="interests"'):
        assert part in html
    assert html.count('<table class="data dist">') == 4


def test_demo_page_query_count(client, ipm, django_assert_num_queries):
    with django_assert_num_queries(13):
        assert client.get(ipm.get_absolute_url()).status_code == 200


def test_top_coded_and_broader_wages_are_explained(client, make_occupation):
    occ = make_occupation(code="11-1011.03", title="Chief Sustainability Officers")
    area = Area.objects.create(kind="national", code="99", name="United States", slug="us")
    Wage.objects.create(
        occupation=occ,
        area=area,
        release_year=2024,
        soc_code="11-1011",
        soc_title="Chief Executives",
        is_broader=True,
        annual_p10=80000,
        annual_p25=130000,
        annual_median=206000,
        annual_p75=239200,
        annual_p90=239200,
        top_coded=["annual_p75", "annual_p90"],
    )
    html = page(client, occ)
    assert "$239,200 or more" in html
    # The row is the SOC occupation itself, so the note about finer occupations is true.
    assert "for the SOC occupation 11-1011 &ldquo;Chief Executives&rdquo;" in html
    assert "BLS does not publish pay for O*NET's finer occupations" in html


def test_index_and_home_link_to_the_page(client, ipm):
    assert ipm.get_absolute_url() in client.get(reverse("careers:home")).content.decode()
    assert client.get(reverse("careers:index")).status_code == 200
