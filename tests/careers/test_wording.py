"""Sentences built from figures say what the figures say (issue 12, items 7 and 8)."""

from decimal import Decimal

import pytest

from careers import ai_resilience as m
from careers.titles import distinct_titles, title_key
from careers.wording import openings, signed, whole, years_of_education

from .test_method import HUMAN


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "Fewer than 50"), (49, "Fewer than 50"), (100, "100"), (48300, "48,300")],
)
def test_openings(value, text):
    assert openings(value) == text
    assert openings(None) == ""


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("0.0"), "None beyond high school"),
        (Decimal("1.0"), "About 1 year"),
        (Decimal("5.5"), "About 5.5 years"),
        (Decimal("4.0"), "About 4 years"),
    ],
)
def test_years_of_education(value, text):
    assert years_of_education(value) == text


def test_rounding_is_the_templates():
    # floatformat rounds half away from zero; Python's format() would print 36 here.
    assert (whole(36.5), whole(37.49), whole(None)) == ("37", "37", "")
    assert (signed(-0.0), signed(Decimal("5.2")), signed(-1.25)) == ("0.0%", "+5.2%", "-1.3%")


def test_low_human_advantage_is_not_said_to_be_drawn_on():
    """Timing Device Assemblers: a low human advantage (37) read 'draws on human strengths'."""
    low = {"2.B.1.a": 2.5, "2.B.1.f": 2.5, "2.B.1.c": 2.5, "2.B.4.e": 2.5, "2.B.5.d": 2.5}
    a = m.assess(0.5, 50.0, low, 1.0, "2024-34")
    assert a.human_advantage_band == "low"
    assert "draws little on human strengths" in a.reason
    assert f"(low human advantage, {whole(a.human_advantage)} of 100)" in a.reason
    assert "(moderate exposure, AIOE percentile 50)" in a.reason
    assert "projected to change little (+1.0% over 2024-34)" in a.reason


@pytest.mark.parametrize(
    ("growth", "words"),
    [(6.0, "grow fast (+6.0%"), (2.0, "grow (+2.0%"), (0.0, "change little (0.0%"),
     (-0.1, "decline (-0.1%")],
)  # fmt: skip
def test_growth_words_follow_the_band(growth, words):
    assert (
        f"projected to {words} over 2024-34)"
        in m.assess(0.5, 50.0, HUMAN, growth, "2024-34").reason
    )


def test_partial_assessment_names_what_is_missing():
    reason = m.assess(None, None, HUMAN, None).reason
    assert reason.startswith(
        "Partial assessment (without an AI-exposure score or a BLS projection)"
    )


def test_titles_differing_only_in_case_punctuation_or_spacing_are_one():
    titles = [
        "PACU RN (Post Anesthesia Care Unit Registered Nurse)",
        "Staff Nurse",
        "PACU RN (Post-Anesthesia Care Unit Registered Nurse)",
        "staff  nurse",
        "Baby Sitter",
        "Babysitter",
        "C++ Developer",
        "C# Developer",
    ]
    kept = distinct_titles(titles, title=lambda t: t)
    assert kept == [
        "PACU RN (Post Anesthesia Care Unit Registered Nurse)",
        "Staff Nurse",
        "Baby Sitter",
        "C++ Developer",
        "C# Developer",
    ]
    assert title_key("Bar-Tender ") == title_key("bartender")
