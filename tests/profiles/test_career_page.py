import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from careers.models import AlternateTitle, Descriptor, Occupation, Rating, Task, TechnologySkill
from salaries.models import Area, Wage, WageHistory

IPM = "11-3051.00"
SECTION_ORDER = [
    "facts-h",
    "video-h",
    "tasks-h",
    "inside-h",
    "progression-h",
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


def test_progression_has_five_stages_with_percentile_bands(client, ipm):
    wage = Wage.objects.filter(occupation=ipm).order_by("-release_year").first()
    html = page(client, ipm)
    ladder = re.search(r'<ol class="ladder">.*?</ol>', html, re.S).group(0)
    assert ladder.count("<li>") == 5
    for pct in ("10th", "25th", "50th", "75th", "90th"):
        assert f"{pct} percentile" in ladder
    assert f"${wage.annual_p25:,}" in ladder
    low, high = int(round(wage.annual_p25 * 0.9, -2)), int(round(wage.annual_p25 * 1.1, -2))
    assert f"(typically ${low:,} to ${high:,})" in ladder


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
    n = ipm.alternate_titles.count()
    assert n > 6, "the demo career needs more than six titles for this test"
    html = page(client, ipm)
    assert f"<summary>+{n - 6} more</summary>" in html


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
        "No video is available",
        "No task list has been published",
        "Nobody who works in this career has written",
        "no progression to show",
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
    from careers.services import refresh_derived

    occ = make_occupation()
    refresh_derived()
    html = page(client, occ)
    assert "Partial assessment" in html
    assert "High resilience" not in html and "Lower resilience" not in html


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
        Descriptor(element_id=f"9.Z.{occ.pk}.{i}", name=f"Skill {i}", domain="skill")
        for i in range(n)
    )
    Rating.objects.bulk_create(
        Rating(occupation=occ, descriptor=d, importance=3) for d in descriptors
    )
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
    client, make_occupation, django_assert_max_num_queries, size
):
    occ = make_occupation()
    _inflate(occ, size)
    with django_assert_max_num_queries(12):
        response = client.get(occ.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<li>Task ") == size
    assert html.count('<th scope="row">20') == min(size, 14)  # one table row per release


def test_demo_page_query_count(client, ipm, django_assert_num_queries):
    with django_assert_num_queries(12):
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
