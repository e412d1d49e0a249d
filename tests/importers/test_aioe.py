"""import_aioe: appendix A scores (SOC 2010) mapped to SOC 2018 with the BLS crosswalk."""

import pytest

from careers.ai_resilience import percentile_rank
from careers.models import AIExposure, AIExposureSource, AIResilience

from .builders import (
    AIOE_SCORES,
    IPM,
    QCM,
    RN,
    write_aioe,
    write_crosswalk,
    write_projections,
)
from .dbstate import run

pytestmark = pytest.mark.django_db

PROJECT_MANAGER = "13-1082.00"  # SOC 2018 code formed from 11-9199 and 13-1199 (2010)
ALL_SCORES = [score for _, _, score in AIOE_SCORES]


@pytest.fixture
def occupations(tmp_path, onet_loaded, make_occupation):
    make_occupation(PROJECT_MANAGER, "Project Management Specialists")
    run("import_projections", write_projections(tmp_path / "occupation.xlsx"))


@pytest.fixture
def appendix(tmp_path):
    return write_aioe(tmp_path / "AIOE_DataAppendix.xlsx")


@pytest.fixture
def crosswalk(tmp_path):
    return write_crosswalk(tmp_path / "soc_2010_to_2018_crosswalk.xlsx")


def ai(code):
    return AIResilience.objects.get(occupation__code=code)


def aioe(code):
    return AIExposure.objects.filter(occupation__code=code, source="aioe").first()


def test_with_the_official_crosswalk(occupations, appendix, crosswalk):
    out = run("import_aioe", appendix, crosswalk=crosswalk)

    assert (
        "AIOE_DataAppendix.xlsx [aioe]: 6 codes (SOC 2010 -> 5 SOC 2018 (BLS crosswalk)) -> "
        "4 occupations; 2 codes matched none: 15-1134, 45-2011"
    ) in out
    # The percentile is taken among the four occupations the source reaches here.
    here = {IPM: 0.612, QCM: 0.612, RN: -0.158, PROJECT_MANAGER: (0.903 + 1.137) / 2}
    # Same code in 2010 and 2018; both O*NET codes under it get the score.
    for code in (IPM, QCM):
        assert aioe(code).score == 0.612
        assert aioe(code).percentile == percentile_rank(0.612, list(here.values())) == 50.0
        assert aioe(code).mapped_from == "SOC 2010 11-3051"
    # 29-1111 (2010) is 29-1141 (2018).
    assert aioe(RN).score == -0.158 and aioe(RN).percentile == 0.0
    # 11-9199 and 13-1199 (2010) merge into 13-1082 (2018): their mean.
    pm = aioe(PROJECT_MANAGER)
    assert pm.score == pytest.approx((0.903 + 1.137) / 2)
    assert pm.percentile == 100.0
    assert pm.mapped_from == "SOC 2010 11-9199, 13-1199"

    # Ratings + outlook + exposure: a labeled assessment from one source of five.
    for code in (IPM, QCM, RN):
        a = ai(code)
        assert a.label in {"high", "moderate", "low"}, (code, a.reason)
        assert not a.is_partial
        assert a.exposure_sources == 1 and a.exposure_spread == 0.0
        assert not a.sources_disagree
        assert "from 1 of 5 sources" in a.reason
        assert a.human_advantage is not None
        assert a.growth_period == "2024-34"
        assert a.score is not None
        assert len(a.sources) == 3
    # Exposure only (no ratings, no outlook): a partial assessment, no label.
    pm = ai(PROJECT_MANAGER)
    assert pm.is_partial and pm.label == ""
    assert pm.human_advantage is None and pm.growth_percent is None
    assert pm.exposure_band == "high"
    stats = AIExposureSource.objects.get(key="aioe")
    assert (stats.records, stats.occupations) == (6, 4)
    assert stats.unmatched == ["15-1134", "45-2011"]


def test_without_a_crosswalk_codes_are_assumed_unchanged(occupations, appendix):
    out = run("import_aioe", appendix)

    assert "(codes assumed unchanged)" in out
    assert "5 codes matched none: 11-9199, 13-1199, 15-1134, 29-1111, 45-2011" in out
    assert aioe(IPM).score == 0.612
    assert aioe(IPM).percentile == 50.0  # only IPM and QCM are reached: a tie
    for code in (RN, PROJECT_MANAGER):
        assert aioe(code) is None
        assert ai(code).exposure_percentile is None
    # RN has ratings and an outlook but no exposure: partial.
    assert ai(RN).is_partial
    assert ai(RN).human_advantage is not None
    assert not ai(IPM).is_partial


def test_a_rerun_without_a_score_drops_the_old_one(occupations, appendix, crosswalk):
    run("import_aioe", appendix, crosswalk=crosswalk)
    assert not ai(RN).is_partial
    run("import_aioe", appendix)  # no crosswalk: 29-1111 no longer reaches 29-1141
    assert aioe(RN) is None
    assert ai(RN).is_partial


def test_second_run_changes_nothing(occupations, appendix, crosswalk):
    run("import_aioe", appendix, crosswalk=crosswalk)
    out = run("import_aioe", appendix, crosswalk=crosswalk)
    assert ": 0 row(s) changed." in out
