"""import_ai_exposure: five research sources, each mapped, ranked, combined and correlated."""

import pytest
from django.core.management.base import CommandError

from careers.ai_resilience import percentile_rank, spearman
from careers.models import AIExposure, AIExposureSource, AIResilience

from .builders import IPM, QCM, RN, write_aioe, write_crosswalk, write_projections, write_xlsx
from .dbstate import run, table_counts

pytestmark = pytest.mark.django_db

PROJECT_MANAGER = "13-1082.00"
BUYER = "13-1021.00"  # Microsoft scores only the combined code 13-1020

LM_AIOE = [
    ("11-3051", "Industrial Production Managers", 0.5),
    ("11-9199", "Managers, All Other", 1.0),
    ("13-1199", "Business Operations Specialists, All Other", 1.2),
    ("29-1111", "Registered Nurses", -0.3),
]
# code, GPT-4 beta, human beta
ELOUNDOU = [(IPM, 0.40, 0.35), (QCM, 0.30, 0.45), (RN, 0.20, 0.25), (PROJECT_MANAGER, 0.70, 0.60)]
MICROSOFT = [("11-3051", 0.10), ("29-1141", 0.05), ("13-1082", 0.30), ("13-1020", 0.20)]


def write_folder(root, *, eloundou=ELOUNDOU, microsoft=MICROSOFT):
    (root / "aioe").mkdir(parents=True)
    (root / "ai-exposure" / "eloundou").mkdir(parents=True)
    (root / "ai-exposure" / "microsoft").mkdir(parents=True)
    (root / "crosswalk").mkdir()
    write_aioe(root / "aioe" / "AIOE_DataAppendix.xlsx")
    write_xlsx(
        root / "aioe" / "Language Modeling AIOE and AIIE.xlsx",
        [
            ("LM AIOE", [["SOC Code", "Occupation Title", "Language Modeling AIOE"],
                         *[list(r) for r in LM_AIOE]]),
            ("LM AIIE", [["NAICS", "NAICS Description", "Language Modeling AIIE"]]),
        ],
    )  # fmt: skip
    lines = ["O*NET-SOC Code,Title,dv_rating_alpha,dv_rating_beta,human_rating_beta"]
    lines += [f"{code},Some title,0.1,{g},{h}" for code, g, h in eloundou]
    (root / "ai-exposure" / "eloundou" / "occ_level.csv").write_text("\n".join(lines) + "\n")
    lines = ["SOC Code,title,ai_applicability_score"]
    lines += [f'{code},"A title, with a comma",{v}' for code, v in microsoft]
    (root / "ai-exposure" / "microsoft" / "soc_ai_applicability_scores.csv").write_text(
        "\n".join(lines) + "\n"
    )
    write_crosswalk(root / "crosswalk" / "soc_2010_to_2018_crosswalk.xlsx")
    return root


@pytest.fixture
def occupations(tmp_path, onet_loaded, make_occupation):
    make_occupation(PROJECT_MANAGER, "Project Management Specialists")
    make_occupation(BUYER, "Buyers and Purchasing Agents, Farm Products")
    run("import_projections", write_projections(tmp_path / "occupation.xlsx"))


def pct(code, source):
    return AIExposure.objects.get(occupation__code=code, source=source).percentile


def test_every_source_mapped_ranked_and_combined(occupations, tmp_path):
    out = run("import_ai_exposure", write_folder(tmp_path / "data"))

    assert (
        "occ_level.csv [gpt4_beta]: 4 codes (O*NET-SOC 2019 codes, direct) -> 4 occupations" in out
    )
    assert (
        "soc_ai_applicability_scores.csv [microsoft]: 4 codes (SOC 2018 codes, 1 combined codes "
        "by broad group) -> 5 occupations; 0 codes matched none"
    ) in out
    # Eloundou: O*NET-SOC codes as they are; the percentile among the 4 it scores.
    gpt = {IPM: 0.40, QCM: 0.30, RN: 0.20, PROJECT_MANAGER: 0.70}
    assert (
        pct(IPM, "gpt4_beta")
        == percentile_rank(0.40, list(gpt.values()))
        == pytest.approx(200 / 3, abs=0.05)
    )
    # Microsoft: SOC 2018 to every O*NET code under it; 13-1020 reaches 13-1021.
    ms = AIExposure.objects.get(occupation__code=BUYER, source="microsoft")
    assert ms.score == 0.2 and ms.mapped_from == "SOC 2018 13-1020 (combined code)"
    assert pct(IPM, "microsoft") == pct(QCM, "microsoft")  # both under 11-3051
    # LM-AIOE goes through the same crosswalk as AIOE (29-1111 -> 29-1141).
    assert AIExposure.objects.get(occupation__code=RN, source="lm_aioe").score == -0.3

    # Consensus by hand for IPM: family means, then their mean; spread = max - min.
    p = {s: pct(IPM, s) for s in ("aioe", "lm_aioe", "gpt4_beta", "human_beta", "microsoft")}
    by_hand = (
        (p["aioe"] + p["lm_aioe"]) / 2 + (p["gpt4_beta"] + p["human_beta"]) / 2 + p["microsoft"]
    ) / 3
    a = AIResilience.objects.get(occupation__code=IPM)
    assert a.exposure_percentile == pytest.approx(by_hand, abs=0.05)
    assert a.exposure_spread == pytest.approx(max(p.values()) - min(p.values()), abs=0.05)
    assert a.exposure_sources == 5
    assert a.sources_disagree == (a.exposure_spread >= 100 / 3)

    # The buyer has only Microsoft: a consensus of one source, marked so.
    buyer = AIResilience.objects.get(occupation__code=BUYER)
    assert buyer.exposure_sources == 1 and buyer.exposure_percentile == ms.percentile

    # The correlation matrix is stored, symmetric, and what spearman() gives.
    stats = {s.key: s for s in AIExposureSource.objects.all()}
    assert set(stats) == {"aioe", "lm_aioe", "gpt4_beta", "human_beta", "microsoft"}
    rho = stats["gpt4_beta"].correlations["human_beta"]
    assert rho == stats["human_beta"].correlations["gpt4_beta"]
    codes = [IPM, QCM, RN, PROJECT_MANAGER]
    assert rho == spearman(
        [pct(c, "gpt4_beta") for c in codes], [pct(c, "human_beta") for c in codes]
    )
    assert stats["gpt4_beta"].occupations == 4

    second = run("import_ai_exposure", tmp_path / "data")
    assert ": 0 row(s) changed." in second


def test_dry_run_changes_nothing(occupations, tmp_path):
    before = table_counts()
    out = run("import_ai_exposure", write_folder(tmp_path / "data"), dry_run=True)
    assert "Dry run" in out
    assert table_counts() == before


@pytest.mark.parametrize(
    ("eloundou", "microsoft", "problem"),
    [
        ([*ELOUNDOU[:1], (QCM, "n/a?", 0.3)], MICROSOFT, "occ_level.csv, line 3: column 'dv_rating_beta' is not a number"),
        ([*ELOUNDOU, ("29-1141", 0.2, 0.2)], MICROSOFT, "occ_level.csv, line 6: malformed O*NET-SOC code '29-1141'"),
        ([*ELOUNDOU, (RN, 0.2, 0.2)], MICROSOFT, "occ_level.csv, line 6: code 29-1141.00 appears twice"),
        (ELOUNDOU, [*MICROSOFT, ("29-1141", 1.5)], "soc_ai_applicability_scores.csv, line 6: column 'ai_applicability_score' is 1.5, outside 0-1"),
    ],
)  # fmt: skip
def test_a_malformed_file_names_file_line_and_problem_and_changes_nothing(
    occupations, tmp_path, eloundou, microsoft, problem
):
    run("import_ai_exposure", write_folder(tmp_path / "good"))
    before = table_counts()
    bad = write_folder(tmp_path / "bad", eloundou=eloundou, microsoft=microsoft)
    with pytest.raises(CommandError) as err:
        run("import_ai_exposure", bad)
    assert problem in str(err.value)
    assert "Nothing was changed." in str(err.value)
    assert table_counts() == before


def test_single_files_by_option(occupations, tmp_path):
    data = write_folder(tmp_path / "data")
    run(
        "import_ai_exposure",
        microsoft=data / "ai-exposure" / "microsoft" / "soc_ai_applicability_scores.csv",
    )
    assert set(AIExposure.objects.values_list("source", flat=True)) == {"microsoft"}
    with pytest.raises(CommandError, match="no exposure file given"):
        run("import_ai_exposure")
