"""The AI-resilience formula and the education derivations: known inputs, known outputs."""

from decimal import Decimal

import pytest

from careers import ai_resilience as m
from careers.derive import derive_education, is_bright_outlook

HUMAN = {  # importance ratings giving a known human advantage
    "2.B.1.a": 5,
    "2.B.1.f": 5,  # empathy 1.0
    "2.B.1.c": 3,
    "2.B.1.d": 3,
    "2.B.1.e": 3,  # presence 0.5
    "2.B.4.e": 1,
    "2.B.2.i": 1,  # judgment 0.0
    "1.D.1.i": 3,  # leadership (work style, -3..3) 1.0
}


def test_human_advantage_averages_capability_groups():
    score, strongest = m.human_advantage(HUMAN)
    assert score == pytest.approx(100 * (1.0 + 0.5 + 0.0 + 1.0) / 4)
    assert strongest == ["empathy", "leadership"]


def test_human_advantage_needs_three_groups():
    assert m.human_advantage({"2.B.1.a": 4, "2.B.4.e": 4}) == (None, [])


FIVE = {"aioe": 80.0, "lm_aioe": 90.0, "gpt4_beta": 40.0, "human_beta": 50.0, "microsoft": 20.0}


def test_consensus_averages_families_then_sources():
    c = m.consensus(FIVE)
    # ability-based (80+90)/2 = 85, task ratings (40+50)/2 = 45, observed use 20.
    assert c.percentile == pytest.approx((85 + 45 + 20) / 3, abs=0.05)  # 50.0
    assert c.spread == 70.0 and c.count == 5
    assert (c.lowest, c.highest) == ("microsoft", "lm_aioe")
    assert c.disagree


def test_disagreement_starts_at_a_third_of_the_ranking():
    assert not m.consensus({"aioe": 50.0, "microsoft": 83.3}).disagree  # 33.3 < 100/3
    assert m.consensus({"aioe": 50.0, "microsoft": 83.4}).disagree
    assert not m.consensus({"aioe": 10.0}).disagree  # one source cannot disagree


def test_missing_sources_use_those_present():
    c = m.consensus({"gpt4_beta": 30.0, "human_beta": 40.0, "microsoft": 10.0})
    assert c.percentile == pytest.approx((35 + 10) / 2) and c.count == 3
    assert m.consensus({}) is None


def test_full_assessment_known_values():
    a = m.assess(FIVE, HUMAN, 6.0, "2024-34")
    assert a.exposure_percentile == 50.0 and a.exposure_band == "moderate"
    assert a.exposure_points == 0.0
    assert a.human_advantage == 62.5 and a.human_advantage_band == "high"
    assert a.human_points == pytest.approx(0.2 * 12.5)  # 2.5
    assert a.growth_band == "growing fast" and a.outlook_points == 5
    assert a.score == pytest.approx(50 + 0 + 2.5 + 5)
    assert a.label == ""  # relative: needs the catalog
    m.label_all([a])
    assert a.label == "moderate" and a.score_percentile == 50.0
    assert a.reason.startswith("About as resilient to current AI as the typical occupation")
    assert "which disagree by 70 points" in a.reason
    assert "is high (63 of 100): +2.5 points" in a.reason  # 62.5 printed as the page does
    assert "+6.0% over 2024-34 (growing fast): +5.0 points" in a.reason


def test_labels_are_thirds_of_the_catalog():
    assessments = [m.assess({"aioe": float(p)}, HUMAN, 1.0) for p in range(0, 90, 10)]
    m.label_all(assessments)
    labels = [a.label for a in assessments]
    # The least exposed are the most resilient; each third gets a third of the labels.
    assert labels[:3] == ["high"] * 3 and labels[-3:] == ["low"] * 3
    assert labels[3:6] == ["moderate"] * 3
    for a in assessments:
        assert a.reason.startswith(m.LABEL_TEXT[a.label])


def test_band_judges_the_figure_as_shown():
    assert m.whole(50.5) == "51" and m.whole(49.5) == "50"  # as floatformat:0 prints them
    # 59.6 is shown as 60, so it is "high" like the 60 beside it, never "moderate".
    assert m.band("human", 59.6) == "high"
    assert m.band("human", 59.4) == "moderate"
    assert m.band("exposure", 66.6) == "high"  # shown 67
    assert m.band("growth", 4.96) == "growing fast"  # shown +5.0%
    assert m.band("growth", -0.04) == "little change"  # shown -0.0%


@pytest.mark.parametrize(
    ("sources", "ratings", "growth", "missing"),
    [
        ({}, HUMAN, 3.0, "AI-exposure score"),
        ({"aioe": 50.0}, {}, 3.0, "O*NET ratings"),
        ({"aioe": 50.0}, HUMAN, None, "BLS projection"),
    ],
)
def test_missing_input_gives_partial_assessment(sources, ratings, growth, missing):
    a = m.assess(sources, ratings, growth)
    m.label_all([a])
    assert a.is_partial and a.label == "" and a.score is None
    assert a.reason.startswith("Partial assessment (without") and missing in a.reason


def test_percentile_rank():
    population = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert m.percentile_rank(1.0, population) == 0.0
    assert m.percentile_rank(5.0, population) == 100.0
    assert m.percentile_rank(3.0, population) == 50.0
    assert m.percentiles({"a": 1.0, "b": 2.0, "c": 2.0}) == {"a": 0.0, "b": 75.0, "c": 75.0}


def test_spearman():
    assert m.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    assert m.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == -1.0
    # ranks x 1,2,3,4 vs y 1,3,2,4: rho = 1 - 6*2/(4*15) = 0.8
    assert m.spearman([1, 2, 3, 4], [1, 3, 2, 4]) == 0.8
    assert m.spearman([1, 2], [1, 2]) is None


def test_derive_education_bachelor_with_experience():
    d = derive_education("Bachelor's degree", "5 years or more", "None")
    assert d.training_time == "9+ years"
    assert d.years_of_education == Decimal("4.0")
    assert (d.cost_low, d.cost_high) == (46400, 173400)


def test_derive_education_high_school():
    d = derive_education(
        "High school diploma or equivalent", "None", "Short-term on-the-job training"
    )
    assert d.training_time == "A month or less"
    assert (d.cost_low, d.cost_high) == (0, 0)


def test_derive_education_unknown_is_blank_not_a_guess():
    assert derive_education("Something else").training_time == ""
    assert derive_education("").cost_high is None


def test_bright_outlook():
    assert is_bright_outlook(Decimal("5.0"), 10)
    assert is_bright_outlook(1, 150_000)
    assert not is_bright_outlook(4.9, 99_999)
    assert not is_bright_outlook(None, None)
