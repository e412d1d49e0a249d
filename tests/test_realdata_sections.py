"""Every section of the page filled from the real O*NET files (skipped without ../shared/data).

The expectations are read from the official files here, independently of the importer.
"""

import csv
import io
import json
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.urls import reverse

from careers.models import RIASEC, Education, Occupation
from profiles import inside
from profiles.selectors import career_page, section_counts

pytestmark = [pytest.mark.realdata, pytest.mark.django_db]


def tab(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def files(shared_data):
    onet = shared_data / "onet"
    zones = {r["O*NET-SOC Code"]: int(r["Job Zone"]) for r in tab(onet / "Job Zones.txt")}
    interests, high = defaultdict(dict), defaultdict(dict)
    for r in tab(onet / "Interests.txt"):
        if r["Scale ID"] == "OI":
            interests[r["O*NET-SOC Code"]][r["Element Name"]] = float(r["Data Value"])
        elif r["Scale ID"] == "IH":
            high[r["O*NET-SOC Code"]][r["Element ID"]] = int(float(r["Data Value"]))
    holland = {}
    for code, points in high.items():
        letters = ""
        for eid in ("1.B.1.g", "1.B.1.h", "1.B.1.i"):
            if not points.get(eid):
                break
            letters += RIASEC[points[eid] - 1][0]
        holland[code] = letters
    styles = {
        r["O*NET-SOC Code"]
        for r in tab(onet / "Work Styles.txt")
        if r["Scale ID"] == "WI" and float(r["Data Value"]) > 0
    }
    shares = defaultdict(lambda: defaultdict(dict))
    for r in tab(onet / "Education, Training, and Experience.txt"):
        if r["Scale ID"] in ("RL", "RW", "OJ"):
            shares[r["O*NET-SOC Code"]][r["Scale ID"]][int(r["Category"])] = float(r["Data Value"])
    return {
        "zones": zones,
        "interests": interests,
        "holland": holland,
        "styles": styles,
        "shares": shares,
    }


def test_section_counts_match_the_files(real_data, files):
    counts = section_counts()
    filled = set(files["zones"]) | set(files["interests"]) | files["styles"] | set(files["shares"])
    expected = {
        "careers": 1016,
        "inside": len(filled),
        "interests": len(files["interests"]),
        "holland_code": sum(1 for c in files["holland"].values() if c),
        "job_zone": len(files["zones"]),
        "education_distribution": len(files["shares"]),
        "work_styles": len(files["styles"]),
        "video": 0,
    }
    print("\nCareers with each section filled after import_all:", json.dumps(counts))
    assert counts == expected
    assert (counts["inside"], counts["job_zone"], counts["education_distribution"]) == (
        923,
        923,
        878,
    )


def test_every_career_page_agrees_with_the_files(real_data, files):
    """All 1,016 careers: each inside part is there exactly when the files rate the career,
    and its sentence says what the figures say."""
    scales = {"required_education": "RL", "related_experience": "RW", "on_the_job_training": "OJ"}
    checked = 0
    for code, slug in Occupation.objects.values_list("code", "slug"):
        page = career_page(slug, export=True)
        zone = files["zones"].get(code)
        assert (page.job_zone.zone if page.job_zone else None) == zone, code
        if zone:
            assert page.job_zone.name and page.job_zone.experience, code
        scores = files["interests"].get(code)
        if scores:
            assert {s.name: s.score for s in page.interests.scores} == scores, code
            assert page.interests.code == files["holland"][code], code
        else:
            assert page.interests is None, code
        assert bool(page.top_work_styles) == (code in files["styles"]), code
        assert all(w.impact > 0 for w in page.top_work_styles)
        got = {d.key: d for d in page.distributions}
        published = files["shares"].get(code, {})
        assert {scales[k] for k in got} == {s for s, v in published.items() if any(v.values())}
        for key, d in got.items():
            values = published[scales[key]]
            best = max(values.values())
            top = [c for c, v in values.items() if v == best]
            assert [s.category for s in d.top] == sorted(top), code
            assert f"({inside.percent_text(best)} of {d.respondents}" in d.sentence, code
            assert [s.category for s in d.shown] == sorted(c for c, v in values.items() if v > 0)
        assert page.has_inside == (bool(zone or scores or code in files["styles"] or got)), code
        checked += 1
    assert checked == 1016


def test_a_real_page_and_its_json(client, real_data):
    occ = Occupation.objects.get(code="11-1011.00")
    html = client.get(occ.get_absolute_url()).content.decode()
    assert "O*NET places this career in Job Zone 5 of 5" in html
    assert "Holland code EC: the work suits people whose strongest interest is Enterprising" in html
    assert "Key skills and work styles (ability ratings not available)" in html
    assert html.count("Do you work in this career?") == 1
    data = json.loads(client.get(reverse("careers:detail_json", args=[occ.slug])).content)
    assert data["job_zone"]["zone"] == 5
    assert data["job_zone"]["source"] == ("O*NET 30.2, Job Zones and Job Zone Reference; CC BY 4.0")
    assert data["interests"]["holland_code"] == "EC"
    assert len(data["interests"]["scores"]) == 6
    dists = data["education"]["distributions"]
    assert set(dists) == {"required_education", "related_experience", "on_the_job_training"}
    rl = dists["required_education"]
    assert len(rl["categories"]) == 12 and rl["n"] == 28 and rl["date"] == "08/2023"
    assert round(sum(c["percent"] for c in rl["categories"])) == 100
    for d in dists.values():
        assert d["source"].startswith("O*NET 30.2, Education, Training, and Experience")


def test_the_30_3_layout_gives_the_same_inside_data(real_data, shared_data):
    before_dist = dict(Education.objects.values_list("occupation__code", "distributions"))
    before_codes = dict(Occupation.objects.values_list("code", "interest_code"))
    call_command("import_onet", str(shared_data / "onet-30.3"), stdout=io.StringIO())
    after_dist = dict(Education.objects.values_list("occupation__code", "distributions"))
    assert after_dist == before_dist
    assert dict(Occupation.objects.values_list("code", "interest_code")) == before_codes
