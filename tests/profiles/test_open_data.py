"""Open data: /careers/<slug>.json and /careers.csv, and their documentation."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse
from markupsafe import escape

from careers.models import Occupation
from profiles.contributions import services
from profiles.contributions.models import Feedback
from profiles.serializers import CSV_HEADER
from salaries.models import Area, Wage

from .test_career_page import _inflate

IPM = "11-3051.00"
SITE = "http://127.0.0.1:8000"


@pytest.fixture
def ipm(demo):
    return Occupation.objects.get(code=IPM)


def get_json(client, occ):
    response = client.get(reverse("careers:detail_json", args=[occ.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def get_csv(client):
    response = client.get(reverse("careers:catalog_csv"))
    assert response.status_code == 200
    return response, list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


# --- one career as JSON -----------------------------------------------------------


def test_json_url_sits_beside_the_page():
    assert reverse("careers:detail_json", args=["registered-nurses"]) == (
        "/careers/registered-nurses.json"
    )
    assert reverse("careers:catalog_csv") == "/careers.csv"


def test_career_json_matches_the_page(client, ipm):
    data = get_json(client, ipm)
    html = client.get(ipm.get_absolute_url()).content.decode()
    occ = data["occupation"]
    assert data["url"] == f"{SITE}{ipm.get_absolute_url()}"
    assert data["json_url"] == f"{SITE}/careers/{ipm.slug}.json"
    assert (occ["code"], occ["title"], occ["category"]["name"]) == (IPM, ipm.title, "Management")
    shown = data["pay"]["shown"]
    wage = Wage.objects.filter(occupation=ipm).order_by("-release_year")[0]
    assert shown["release_year"] == wage.release_year
    assert shown["annual"] == {
        "p10": wage.annual_p10,
        "p25": wage.annual_p25,
        "median": wage.annual_median,
        "p75": wage.annual_p75,
        "p90": wage.annual_p90,
        "mean": wage.annual_mean,
    }
    assert shown["hourly"]["median"] == float(wage.hourly_median)
    for figure in (shown["annual"]["median"], shown["annual"]["p10"], shown["annual"]["p90"]):
        assert f"${figure:,}" in html
    assert f"${shown['hourly']['median']:.2f}" in html
    # Every task, rating, tool and title on the page is in the file.
    for t in data["tasks"]:
        assert escape(t["statement"]) in html
    assert len(data["tasks"]) == ipm.tasks.count()
    for section in ("abilities", "skills", "knowledge"):
        for r in data[section]:
            assert escape(r["name"]) in html
            assert f"importance {r['importance']:.1f}/5" in html
    assert data["work_styles"] and all(r["importance"] is not None for r in data["work_styles"])
    assert [t["name"] for t in data["technology"]] == [t.name for t in ipm.technology_skills.all()]
    assert len(data["alternate_titles"]) == ipm.alternate_titles.count()
    for c in data["related"] + data["same_category"]:
        assert f'href="{c["url"].removeprefix(SITE)}"' in html
        assert c["json_url"] == c["url"].rstrip("/") + ".json"
    assert [s["annual_wage"] for s in data["pay"]["progression"]] == [
        wage.annual_p10,
        wage.annual_p25,
        wage.annual_median,
        wage.annual_p75,
        wage.annual_p90,
    ]
    assert data["education"]["typical_entry_education"] == ipm.education.typical_education
    assert data["education"]["tuition_low"] == ipm.education.cost_low
    assert data["outlook"]["change_percent"] == float(ipm.outlook.change_percent)
    assert data["outlook"]["annual_openings"] == ipm.outlook.annual_openings
    ai = data["ai_resilience"]
    assert ai["label"] == ipm.ai_resilience.label and ai["score"] == ipm.ai_resilience.score
    assert ai["reason"] == ipm.ai_resilience.reason
    assert ai["inputs"]["exposure_percentile"] == ipm.ai_resilience.exposure_percentile
    assert ai["inputs"]["human_advantage"] == ipm.ai_resilience.human_advantage
    assert ai["inputs"]["growth_percent"] == ipm.ai_resilience.growth_percent
    # Every source's percentile, the consensus and its spread, and each component's points.
    given = dict(ipm.ai_exposures.values_list("source", "percentile"))
    assert given and ai["inputs"]["source_percentiles"] == {
        k: given.get(k) for k in ("aioe", "lm_aioe", "gpt4_beta", "human_beta", "microsoft")
    }
    assert ai["inputs"]["exposure_spread"] == pytest.approx(
        max(given.values()) - min(given.values())
    )
    assert ai["inputs"]["exposure_sources"] == len(given)
    p = ai["points"]
    assert ai["score"] == round(p["start"] + p["exposure"] + p["human_advantage"] + p["outlook"], 1)


def test_career_json_has_every_release_and_state_wages(client, ipm):
    state = Area.objects.create(
        kind="state", code="06", name="California", state="CA", slug="california"
    )
    Wage.objects.create(
        occupation=ipm, area=state, release_year=2024, soc_code="11-3051", annual_median=140000
    )
    data = get_json(client, ipm)
    national = data["pay"]["national"]
    assert [w["release_year"] for w in national] == sorted(
        Wage.objects.filter(occupation=ipm, area__kind="national").values_list(
            "release_year", flat=True
        ),
        reverse=True,
    )
    assert len(national) >= 2
    assert data["pay"]["states"] == [
        {
            "release": "May 2024",
            "release_year": 2024,
            "area": {"kind": "state", "code": "06", "name": "California"},
            "state": "CA",
            "soc_code": "11-3051",
            "soc_title": "",
            "for_broader_soc": False,
            "employment": None,
            "annual": {
                "p10": None,
                "p25": None,
                "median": 140000,
                "p75": None,
                "p90": None,
                "mean": None,
            },
            "hourly": dict.fromkeys(("p10", "p25", "median", "p75", "p90", "mean")),
            "annual_only": False,
            "top_coded": [],
        }
    ]


def test_career_json_names_its_sources_and_license(client, ipm):
    data = get_json(client, ipm)
    assert [d["key"] for d in data["sources"]["datasets"]] == ["demo"]
    sections = data["sources"]["sections"]
    assert "Occupational Employment and Wage Statistics" in sections["pay"]
    assert sections["outlook"] == ipm.outlook.source
    assert sections["ai_resilience"] == ipm.ai_resilience.sources
    assert "CC BY 4.0" in sections["occupation"]
    license = data["license"]
    assert license["onet"]["license"] == "CC BY 4.0"
    assert "USDOL/ETA" in license["onet"]["attribution"]
    assert "public domain" in license["bls"]


def test_career_json_leaves_out_contributed_notes(client, ipm, moderator, experience_note):
    note = experience_note(ipm, "Most of the week goes on supplier calls.")
    services.transition(note, Feedback.ACCEPTED, moderator)
    services.transition(note, Feedback.PUBLISHED, moderator)
    # Shown on the page, but not published as open data.
    assert note.message in client.get(ipm.get_absolute_url()).content.decode()
    body = client.get(reverse("careers:detail_json", args=[ipm.slug])).content.decode()
    assert "notes" not in json.loads(body)
    assert "supplier calls" not in body


def test_onet_code_json_redirects_to_the_slug(client, ipm):
    response = client.get(f"/careers/{IPM}.json")
    assert response.status_code == 301
    assert response["Location"] == f"/careers/{ipm.slug}.json"


@pytest.mark.parametrize(
    "path",
    ["/careers/no-such-career.json", "/careers/99-9999.99.json", "/careers/.json.json"],
)
def test_unknown_career_json_is_a_json_404(client, demo, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"error": "No career at this address"}


def test_json_and_page_urls_do_not_clash(client, ipm):
    # The page keeps its trailing slash; "x.json/" is a (missing) page, not the data.
    assert client.get(ipm.get_absolute_url()).status_code == 200
    assert client.get(f"/careers/{ipm.slug}.json/").status_code == 404
    assert client.get(f"/careers/{ipm.slug}.json").status_code == 200


def test_career_json_query_count(client, ipm, django_assert_num_queries):
    # The career page without its notes and local-pay queries (10, with pay over time), then every wage row,
    # the sources, and the careers with the closest interest ratings (the ranking, then
    # their cards).
    with django_assert_num_queries(14):
        assert client.get(reverse("careers:detail_json", args=[ipm.slug])).status_code == 200


@pytest.mark.parametrize("size", [1, 150])
def test_career_json_query_count_is_constant(
    client, make_occupation, django_assert_num_queries, size
):
    occ = make_occupation()
    _inflate(occ, size)
    # No interest ratings here, so no interest matches to read: one query fewer.
    with django_assert_num_queries(12):
        data = get_json(client, occ)
    assert len(data["tasks"]) == size
    assert len(data["pay"]["national"]) == 3


# --- the catalog as CSV ---------------------------------------------------------


def test_csv_has_one_row_per_active_career(client, demo, make_occupation):
    make_occupation(is_active=False)
    response, rows = get_csv(client)
    assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
    assert response["Content-Disposition"] == 'attachment; filename="careers.csv"'
    assert list(rows[0].keys()) == CSV_HEADER
    active = dict(Occupation.objects.active().values_list("code", "slug"))
    assert [r["onet_code"] for r in rows] == sorted(active)
    assert {r["url"] for r in rows} == {f"{SITE}/careers/{s}/" for s in active.values()}


def test_csv_row_matches_the_page_figures(client, ipm):
    _, rows = get_csv(client)
    row = next(r for r in rows if r["onet_code"] == IPM)
    wage = Wage.objects.filter(occupation=ipm).order_by("-release_year")[0]
    assert row["title"] == ipm.title and row["category"] == "Management"
    assert int(row["median_annual_wage"]) == wage.annual_median
    assert int(row["p10_annual_wage"]) == wage.annual_p10
    assert int(row["p90_annual_wage"]) == wage.annual_p90
    assert row["wage_release"] == f"May {wage.release_year}"
    assert row["wage_for_broader_soc"] == "false"
    assert row["typical_education"] == ipm.education.typical_education
    assert row["training_time"] == ipm.education.training_time
    assert float(row["growth_percent"]) == float(ipm.outlook.change_percent)
    assert row["projection_period"] == "2024-34"
    assert int(row["annual_openings"]) == ipm.outlook.annual_openings
    assert row["bright_outlook"] == ("true" if ipm.bright_outlook else "false")
    assert row["ai_resilience_label"] == ipm.ai_resilience.label
    assert float(row["ai_resilience_score"]) == round(ipm.ai_resilience.score, 1)
    assert float(row["ai_exposure_consensus"]) == ipm.ai_resilience.exposure_percentile
    assert float(row["ai_exposure_spread"]) == ipm.ai_resilience.exposure_spread
    assert int(row["ai_exposure_sources"]) == ipm.ai_resilience.exposure_sources
    for source, pct in ipm.ai_exposures.values_list("source", "percentile"):
        assert float(row[f"ai_exposure_{source}"]) == pct


def test_csv_quotes_awkward_text_and_defuses_formulas(client, make_occupation):
    tricky = make_occupation(title='Welders, "Cutters", and Brazers\u00e9')
    formula = make_occupation(title='=HYPERLINK("http://x")')
    bare = make_occupation()
    response, rows = get_csv(client)
    by_code = {r["onet_code"]: r for r in rows}
    assert by_code[tricky.code]["title"] == 'Welders, "Cutters", and Brazers\u00e9'
    assert '"Welders, ""Cutters"", and Brazers\u00e9"' in response.content.decode("utf-8")
    assert by_code[formula.code]["title"] == '\'=HYPERLINK("http://x")'
    empty = by_code[bare.code]
    assert empty["median_annual_wage"] == "" and empty["ai_resilience_label"] == ""
    assert empty["bright_outlook"] == "false"


def test_csv_top_coded_and_broader_wages(client, make_occupation):
    occ = make_occupation(code="11-1011.03")
    area = Area.objects.create(kind="national", code="99", name="United States", slug="us")
    for year, median in ((2023, 200000), (2024, 206420)):
        Wage.objects.create(
            occupation=occ,
            area=area,
            release_year=year,
            soc_code="11-1011",
            is_broader=True,
            annual_median=median,
            annual_p90=239200,
            top_coded=["annual_p90", "hourly_p90"],
        )
    row = get_csv(client)[1][0]
    assert row["median_annual_wage"] == "206420" and row["wage_release"] == "May 2024"
    assert row["wage_top_coded"] == "p90"
    assert row["wage_for_broader_soc"] == "true"


@pytest.mark.parametrize("n", [3, 60])
def test_csv_query_count_is_constant(client, make_occupation, django_assert_num_queries, n):
    for _ in range(n):
        _inflate(make_occupation(), 1)
    with django_assert_num_queries(2):
        _, rows = get_csv(client)
    assert len(rows) == n and all(r["median_annual_wage"] == "50000" for r in rows)
    assert {r["wage_release"] for r in rows} == {"May 2024"}


# --- documentation ----------------------------------------------------------------


def test_about_data_documents_the_open_data(client, demo):
    html = client.get(reverse("careers:about_data")).content.decode()
    section = html[html.index('id="open-data"') :]
    assert f'href="{reverse("careers:catalog_csv")}"' in section
    assert "/careers/&lt;slug&gt;.json" in section
    for column in CSV_HEADER:
        assert f"<code>{column}</code>" in section, column
    for key in ("occupation", "tasks", "pay", "sources", "license", "ai_resilience"):
        assert f"<code>{key}</code>" in section, key
    assert "CC BY 4.0" in section and "public domain" in section
    assert re.search(r"Experience notes contributed by readers are not included", section)
