"""The five AI-exposure sources on the real files: mapping, coverage, consensus, labels.

Expected figures are recomputed here from the files themselves (csv / calamine),
not copied from the importer's output.
"""

import csv
from collections import Counter, defaultdict

import pytest
from django.template.defaultfilters import floatformat
from python_calamine import CalamineWorkbook

from careers import ai_resilience as m
from careers.models import AIExposure, AIExposureSource, AIResilience, Occupation

pytestmark = [pytest.mark.realdata, pytest.mark.django_db]

JUDGES, RN, SOFTWARE = "23-1023.00", "29-1141.00", "15-1252.00"
AIRCRAFT_SERVICE = "53-6032.00"  # no AIOE score: three sources of five
NO_SOURCE = "45-2099.00"  # Agricultural Workers, All Other: no source scores it


def sources_of(code):
    return dict(
        AIExposure.objects.filter(occupation__code=code).values_list("source", "percentile")
    )


def assessment(code):
    return AIResilience.objects.get(occupation__code=code)


def active_codes():
    return dict(Occupation.objects.active().values_list("code", "soc_code"))


def eloundou_rows(shared):
    with open(shared / "ai-exposure" / "eloundou" / "occ_level.csv", newline="") as f:
        return {r["O*NET-SOC Code"]: r for r in csv.DictReader(f)}


def test_eloundou_codes_are_matched_directly(real_data, shared_data):
    rows = eloundou_rows(shared_data)
    expected = set(rows) & set(active_codes())
    for key in ("gpt4_beta", "human_beta"):
        stored = set(
            AIExposure.objects.filter(source=key).values_list("occupation__code", flat=True)
        )
        assert stored == expected
        assert AIExposureSource.objects.get(key=key).occupations == len(expected) == 923
    judges = AIExposure.objects.get(occupation__code=JUDGES, source="gpt4_beta")
    assert judges.score == pytest.approx(float(rows[JUDGES]["dv_rating_beta"]), abs=1e-4)


def test_microsoft_soc_2018_codes_reach_every_occupation_under_them(real_data, shared_data):
    with open(shared_data / "ai-exposure/microsoft/soc_ai_applicability_scores.csv") as f:
        scores = {r["SOC Code"]: float(r["ai_applicability_score"]) for r in csv.DictReader(f)}
    codes = active_codes()
    detailed = {c for c, soc in codes.items() if soc in scores}
    stored = dict(
        AIExposure.objects.filter(source="microsoft").values_list("occupation__code", "mapped_from")
    )
    assert detailed <= set(stored)
    for code, origin in stored.items():
        if code in detailed:
            assert origin == f"SOC 2018 {codes[code]}"
        else:  # a combined code (13-1020 ...) of the same broad group, never a guess
            combined = origin.split()[2]
            assert origin.endswith("(combined code)") and combined[:6] == codes[code][:6]
            assert codes[code] not in scores
    assert stored["13-1021.00"] == "SOC 2018 13-1020 (combined code)"
    assert AIExposureSource.objects.get(key="microsoft").occupations == len(stored) == 951


def test_aioe_goes_through_the_bls_crosswalk(real_data, shared_data):
    wb = CalamineWorkbook.from_path(str(shared_data / "crosswalk/soc_2010_to_2018_crosswalk.xlsx"))
    walk = defaultdict(set)
    for row in wb.get_sheet_by_index(0).to_python()[9:]:
        walk[str(row[0]).strip()].add(str(row[2]).strip())
    wb = CalamineWorkbook.from_path(str(shared_data / "aioe/AIOE_DataAppendix.xlsx"))
    aioe = {str(r[0]): float(r[2]) for r in wb.get_sheet_by_name("Appendix A").to_python()[1:]}
    reached = defaultdict(list)
    for old, score in aioe.items():
        for new in walk.get(old, ()):
            reached[new].append(score)
    codes = active_codes()
    expected = {c for c, soc in codes.items() if soc in reached}
    for key in ("aioe", "lm_aioe"):
        stored = set(
            AIExposure.objects.filter(source=key).values_list("occupation__code", flat=True)
        )
        assert stored == expected
        assert AIExposureSource.objects.get(key=key).occupations == len(expected) == 945
    # 15-1132 and 15-1133 (2010) both became 15-1252 (2018): the mean of the two.
    sw = AIExposure.objects.get(occupation__code=SOFTWARE, source="aioe")
    assert sw.score == pytest.approx(sum(reached["15-1252"]) / len(reached["15-1252"]), abs=1e-4)
    assert sw.mapped_from == "SOC 2010 15-1132, 15-1133"


def test_correlation_matrix_is_stored_at_import(real_data):
    stats = {s.key: s.correlations for s in AIExposureSource.objects.all()}
    assert set(stats) == set(m.SOURCE_KEYS)
    for a in stats:
        for b in stats:
            if a != b:
                assert stats[a][b] == stats[b][a] and -1 <= stats[a][b] <= 1
    # Two versions of one method agree almost perfectly; observed use agrees least.
    assert stats["aioe"]["lm_aioe"] > 0.95
    assert stats["aioe"]["microsoft"] < stats["aioe"]["gpt4_beta"]


@pytest.mark.parametrize("code", [JUDGES, RN, SOFTWARE])
def test_consensus_and_spread_by_hand(real_data, shared_data, code):
    p = sources_of(code)
    assert set(p) == set(m.SOURCE_KEYS)
    # One source's percentile from the file itself: the GPT-4 beta ranking.
    rows = eloundou_rows(shared_data)
    covered = [float(rows[c]["dv_rating_beta"]) for c in rows if c in active_codes()]
    mine = float(rows[code]["dv_rating_beta"])
    below = sum(v < mine for v in covered)
    ties = sum(v == mine for v in covered) - 1
    assert p["gpt4_beta"] == pytest.approx(100 * (below + ties / 2) / (len(covered) - 1), abs=0.05)

    families = [
        (p["aioe"] + p["lm_aioe"]) / 2,
        (p["gpt4_beta"] + p["human_beta"]) / 2,
        p["microsoft"],
    ]
    a = assessment(code)
    assert a.exposure_percentile == pytest.approx(sum(families) / 3, abs=0.05)
    assert a.exposure_spread == pytest.approx(max(p.values()) - min(p.values()), abs=0.05)
    assert a.exposure_sources == 5
    assert f"consensus percentile {m.whole(a.exposure_percentile)} from 5 of 5 sources" in a.reason


def test_judges_sources_disagree_and_nurses_do_not(real_data):
    judges, p = assessment(JUDGES), sources_of(JUDGES)
    # Highly exposed by the ability measure, little used in observed AI conversations.
    assert p["aioe"] > 90 and p["microsoft"] < 30
    assert judges.sources_disagree and judges.exposure_spread >= 100 / 3
    assert f"which disagree by {m.whole(judges.exposure_spread)} points" in judges.reason
    nurses = assessment(RN)
    assert nurses.exposure_spread < 100 / 3 and not nurses.sources_disagree
    assert "disagree" not in nurses.reason
    flagged = AIResilience.objects.filter(sources_disagree=True)
    assert all(a.exposure_spread >= 100 / 3 and a.exposure_sources > 1 for a in flagged)


def test_a_career_with_missing_sources_uses_those_it_has(real_data):
    p = sources_of(AIRCRAFT_SERVICE)
    assert set(p) == {"gpt4_beta", "human_beta", "microsoft"}
    a = assessment(AIRCRAFT_SERVICE)
    assert a.exposure_sources == 3
    assert a.exposure_percentile == pytest.approx(
        ((p["gpt4_beta"] + p["human_beta"]) / 2 + p["microsoft"]) / 2, abs=0.05
    )
    assert "from 3 of 5 sources" in a.reason
    none = assessment(NO_SOURCE)
    assert sources_of(NO_SOURCE) == {}
    assert none.is_partial and none.exposure_percentile is None
    assert "without an AI-exposure score" in none.reason


def test_label_distribution_is_thirds(real_data):
    labeled = Counter(AIResilience.objects.exclude(label="").values_list("label", flat=True))
    total = sum(labeled.values())
    assert total > 850
    for label in ("high", "moderate", "low"):
        assert 0.30 < labeled[label] / total < 0.37, labeled


def test_every_reason_agrees_with_its_figures(real_data):
    for a in AIResilience.objects.exclude(label=""):
        assert a.reason.startswith(m.LABEL_TEXT[a.label]), a.reason
        assert a.label == m.band("label", a.score_percentile)
        assert a.exposure_band == m.band("exposure", a.exposure_percentile)
        assert f"is {m.EXPOSURE_TEXT[a.exposure_band]} (consensus percentile" in a.reason
        assert a.human_advantage_band == m.band("human", a.human_advantage)
        assert f"is {a.human_advantage_band} ({m.whole(a.human_advantage)} of 100)" in a.reason
        assert f"({a.growth_band}):" in a.reason
        # The page prints figures with floatformat:0; the sentence must print the same.
        for value in (a.score, a.exposure_percentile, a.human_advantage):
            assert floatformat(value, 0) == str(m.whole(value))
        assert f"(score {m.whole(a.score)} of 100, higher than" in a.reason
        total = 50 + a.exposure_points + a.human_points + a.outlook_points
        assert a.score == pytest.approx(total, abs=0.051)


def test_judges_page_shows_the_disagreement_and_each_source(real_data, client):
    judges = Occupation.objects.get(code=JUDGES)
    a, p = assessment(JUDGES), sources_of(JUDGES)
    html = client.get(judges.get_absolute_url()).content.decode()
    assert f"<span>(score {m.whole(a.score)} of 100)</span>" in html
    assert f"(score {m.whole(a.score)} of 100, higher than" in html
    assert "The sources disagree about this career." in html
    assert "Microsoft applicability puts it at percentile " + str(m.whole(p["microsoft"])) in html
    for key, source in m.EXPOSURE_SOURCES.items():
        row = f'<tr><th scope="row">{source.short}</th><td>{source.family.capitalize()}</td><td>{m.whole(p[key])}</td></tr>'
        assert row in html
    assert 'role="img" aria-labelledby="exposure-chart-t exposure-chart-d"' in html
    nurses = client.get(Occupation.objects.get(code=RN).get_absolute_url()).content.decode()
    assert "The sources disagree" not in nurses and "They broadly agree" in nurses
