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


def test_full_assessment_known_values():
    a = m.assess(1.1, 80.0, HUMAN, 6.0, "2024-34")
    assert a.exposure_band == "high"
    assert a.human_advantage == 62.5 and a.human_advantage_band == "high"
    assert a.automation_risk == pytest.approx(80 * (1 - 0.4 * 0.625))  # 60.0
    assert a.automation_risk_band == "high"
    assert a.growth_band == "growing fast"
    assert a.score == pytest.approx(100 - 60 + 8)
    assert a.label == "moderate"
    assert a.reason.startswith("Moderate resilience because its tasks are highly exposed")
    assert "+6.0% over 2024-34" in a.reason


@pytest.mark.parametrize(
    ("exposure", "growth", "label"),
    [(10.0, 1.0, "high"), (60.0, 2.5, "moderate"), (95.0, -4.0, "low")],
)
def test_labels_follow_the_score(exposure, growth, label):
    assert m.assess(0.0, exposure, HUMAN, growth).label == label


@pytest.mark.parametrize(
    ("exposure", "ratings", "growth", "missing"),
    [
        (None, HUMAN, 3.0, "AI-exposure score"),
        (50.0, {}, 3.0, "O*NET ratings"),
        (50.0, HUMAN, None, "BLS projection"),
    ],
)
def test_missing_input_gives_partial_assessment(exposure, ratings, growth, missing):
    a = m.assess(None, exposure, ratings, growth)
    assert a.is_partial and a.label == "" and a.score is None
    assert a.reason.startswith("Partial assessment") and missing in a.reason


def test_percentile_rank():
    population = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert m.percentile_rank(1.0, population) == 0.0
    assert m.percentile_rank(5.0, population) == 100.0
    assert m.percentile_rank(3.0, population) == 50.0


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
