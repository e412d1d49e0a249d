"""import_onet on tiny files in the official 30.2 and 30.3 layouts, as a folder and as a zip."""

from datetime import date

import pytest

from careers.importers.onet import OnetImport
from careers.importers.readers import Source
from careers.models import (
    AlternateTitle,
    DataSource,
    Descriptor,
    Education,
    Occupation,
    Rating,
    RelatedOccupation,
    Task,
    TechnologySkill,
)

from .builders import (
    ABILITIES,
    EXPECTED_EDUCATION_LEVELS,
    EXPECTED_TASK_ORDER,
    HIGH_POINTS,
    IM_LV,
    INTERESTS,
    IPM,
    KNOWLEDGE,
    OCCUPATIONS,
    OI,
    ONET_CODES,
    QCM,
    RN,
    SKILLS,
    WI_DR,
    WORK_STYLES,
    write_onet,
    zip_folder,
)
from .dbstate import changed_rows, onet_snapshot, parse_summary, run, table_counts

pytestmark = pytest.mark.django_db

RELEASE_DATES = {"30.2": date(2026, 2, 1), "30.3": date(2026, 5, 1)}


def assert_standard_content(release: str, layout: str):
    """What the tiny O*NET set must look like in the database, whichever layout carried it."""
    occupations = {o.code: o for o in Occupation.objects.select_related("category")}
    assert set(occupations) == set(ONET_CODES)
    for code, (title, description) in OCCUPATIONS.items():
        occ = occupations[code]
        assert (occ.title, occ.description, occ.soc_code) == (title, description, code[:7])
        assert occ.category.code == code[:2]
        assert occ.is_active
        assert occ.data_release == f"O*NET {release}"
        assert occ.updated_on == RELEASE_DATES[release]
    assert occupations[IPM].slug == "industrial-production-managers"
    assert '"lean"' in occupations[IPM].description  # a quote is data, not CSV quoting
    assert {c: o.job_zone for c, o in occupations.items()} == {IPM: 4, QCM: 5, RN: 3}

    # Tasks: core first, then by the IM rating of Task Ratings.txt (not file order, not FT/RT).
    for code, order in EXPECTED_TASK_ORDER.items():
        tasks = list(Task.objects.filter(occupation__code=code).order_by("position"))
        assert [t.onet_task_id for t in tasks] == order
        assert [t.position for t in tasks] == list(range(1, len(order) + 1))
    assert EXPECTED_TASK_ORDER[IPM] == [8003, 8004, 8002, 8001]
    supplemental = Task.objects.get(onet_task_id=8001)
    assert (supplemental.kind, supplemental.importance) == (Task.SUPPLEMENTAL, 4.9)
    assert Task.objects.get(onet_task_id=8003).importance == 4.61

    # Ratings: importance and level per descriptor, for every domain.
    domains = dict(Descriptor.objects.values_list("element_id", "domain"))
    assert domains == {
        **{e: Descriptor.ABILITY for e, _ in ABILITIES},
        **{e: Descriptor.SKILL for e, _ in SKILLS},
        **{e: Descriptor.KNOWLEDGE for e, _ in KNOWLEDGE},
        **{e: Descriptor.WORK_STYLE for e, _ in WORK_STYLES},
        **{e: Descriptor.INTEREST for e, _ in INTERESTS},
    }
    assert not Descriptor.objects.filter(element_id__in=[e for e, _ in HIGH_POINTS]).exists()
    assert Descriptor.objects.get(element_id="1.A.1.b.2").name == "Originality"
    expected = {}
    for eid, by_code in IM_LV.items():
        for code, (imp, lvl) in by_code.items():
            expected[(code, eid)] = (imp, lvl)
    for eid, by_code in WI_DR.items():
        for code, (wi, _dr) in by_code.items():
            expected[(code, eid)] = (wi, None)
    for eid, by_code in OI.items():
        for code, oi in by_code.items():
            expected[(code, eid)] = (oi, None)
    got = {
        (code, eid): (imp, lvl)
        for code, eid, imp, lvl in Rating.objects.values_list(
            "occupation__code", "descriptor__element_id", "importance", "level"
        )
    }
    assert got == expected
    # Spot checks written out by hand.
    assert got[(RN, "1.A.1.b.2")] == (2.88, 3.12)  # ability (Abilities.txt)
    assert got[(QCM, "2.B.4.e")] == (3.88, 4.12)  # skill
    assert got[(RN, "2.C.5.a")] == (4.58, 5.12)  # knowledge
    assert got[(IPM, "1.D.2.c")] == (-0.45, None)  # work style WI; DR 7.00 ignored
    assert got[(RN, "1.B.1.d")] == (6.48, None)  # interest OI
    per_domain = {
        d: Rating.objects.filter(occupation__code=RN, descriptor__domain=d).count()
        for d in ("ability", "skill", "knowledge", "work_style", "interest")
    }
    assert per_domain == {"ability": 2, "skill": 3, "knowledge": 2, "work_style": 3, "interest": 3}

    # Technology: hot technology and in-demand flags.
    tech = {
        (code, name): (cat, hot, demand)
        for code, name, cat, hot, demand in TechnologySkill.objects.values_list(
            "occupation__code", "name", "category", "hot", "in_demand"
        )
    }
    assert tech == {
        (IPM, "Microsoft Excel"): ("Spreadsheet software", True, True),
        (IPM, "SAP software"): ("Enterprise resource planning ERP software", True, False),
        (IPM, "Minitab"): ("Analytical or scientific software", False, False),
        (QCM, "Minitab"): ("Analytical or scientific software", False, False),
        (RN, "Epic Systems"): ("Medical software", True, False),
    }
    excel = TechnologySkill.objects.get(occupation__code=IPM, name="Microsoft Excel")
    assert excel.category_code == ("43232110" if layout == "30.2" else "2.E.2.a")

    # Alternate titles and the titles workers reported are kept apart.
    def titles(kind):
        return set(
            AlternateTitle.objects.filter(kind=kind).values_list("occupation__code", "title")
        )

    assert titles(AlternateTitle.ALTERNATE) == {
        (IPM, "Plant Manager"),
        (IPM, "Production Manager"),
        (QCM, "Quality Assurance Manager"),
        (RN, "Registered Nurse (RN)"),
        (RN, "Staff Nurse"),
    }
    assert titles(AlternateTitle.REPORTED) == {
        (IPM, "Production Manager"),
        (IPM, "Operations Manager"),
        (QCM, "Quality Manager"),
        (RN, "Charge Nurse"),
    }
    # "Shown in My Next Move" is kept on reported titles: the page lists those first.
    assert set(
        AlternateTitle.objects.filter(in_my_next_move=True).values_list("occupation__code", "title")
    ) == {(IPM, "Production Manager"), (QCM, "Quality Manager"), (RN, "Charge Nurse")}
    assert not AlternateTitle.objects.filter(kind=AlternateTitle.ALTERNATE, in_my_next_move=True)
    qa = AlternateTitle.objects.get(title="Quality Assurance Manager")
    assert (qa.short_title, qa.sources) == ("QA Manager", "02")
    assert AlternateTitle.objects.get(title="Plant Manager").short_title == ""  # "n/a"

    # Related occupations in O*NET's rank order.
    related = list(
        RelatedOccupation.objects.filter(occupation__code=IPM)
        .order_by("rank")
        .values_list("related__code", "tier", "rank")
    )
    assert related == [(QCM, "Primary-Short", 1), (RN, "Supplemental", 2)]
    assert RelatedOccupation.objects.count() == 5

    # Required Level of Education as a distribution over the category labels.
    levels = dict(Education.objects.values_list("occupation__code", "education_levels"))
    assert levels == EXPECTED_EDUCATION_LEVELS
    assert levels[IPM] == {
        "High School Diploma": 29.4,
        "Post-Secondary Certificate": 16.2,
        "Bachelor's Degree": 54.4,
    }


def test_onet_30_2_folder(onet_folder):
    out = run("import_onet", onet_folder)

    assert "O*NET 30.2, layout 30.2 and earlier" in out
    assert "Skills.txt: absent, read the official Excel file Skills.xlsx: 18 rows" in out
    assert "Abilities.txt: 12 rows" in out
    assert_standard_content("30.2", "30.2")
    source = DataSource.objects.get(key="onet")
    assert source.release == "O*NET 30.2"
    assert "O*NET 30.2 Database" in source.attribution
    summary = parse_summary(out)
    assert summary["occupation"][0] == 3  # created
    assert summary["task"][0] == 8
    assert summary["rating"][0] == 39
    assert "Done in" in out


def test_onet_30_3_layout_lands_the_same_way(tmp_path):
    folder = write_onet(tmp_path / "db_30_3_text", "30.3")
    out = run("import_onet", folder)

    assert "O*NET 30.3, layout 30.3 and later" in out
    assert "Essential Skills.txt: 6 rows" in out
    assert "Transferable Skills.txt: 12 rows" in out
    assert "Software Skills.txt: 5 rows" in out
    assert "Career Interest Types.txt: 18 rows" in out
    assert "Job Titles.txt: 5 rows" in out
    assert "Training and Experience.txt: 36 rows" in out
    assert_standard_content("30.3", "30.3")
    assert DataSource.objects.get(key="onet").release == "O*NET 30.3"


def test_30_2_and_30_3_layouts_give_the_same_rows(tmp_path):
    run("import_onet", write_onet(tmp_path / "a", "30.2"))
    old = onet_snapshot()
    Occupation.objects.all().delete()
    Descriptor.objects.all().delete()
    assert table_counts()["careers.Rating"] == 0
    run("import_onet", write_onet(tmp_path / "b", "30.3"))
    assert onet_snapshot() == old


def test_skills_text_file_and_official_excel_file_import_identically(tmp_path):
    run("import_onet", write_onet(tmp_path / "excel", "30.2", skills="excel"))
    from_excel = onet_snapshot()
    Occupation.objects.all().delete()
    Descriptor.objects.all().delete()
    out = run("import_onet", write_onet(tmp_path / "text", "30.2", skills="text"))
    assert "Skills.txt: 18 rows" in out
    assert onet_snapshot() == from_excel


def test_official_zip_imports_like_the_folder(tmp_path, onet_folder):
    run("import_onet", onet_folder)
    from_folder = onet_snapshot()
    Occupation.objects.all().delete()
    Descriptor.objects.all().delete()

    archive = zip_folder(onet_folder, tmp_path / "db_30_2_text.zip", inner="db_30_2_text")
    out = run("import_onet", archive)

    assert "db_30_2_text.zip: O*NET 30.2, layout 30.2 and earlier" in out
    assert onet_snapshot() == from_folder
    assert_standard_content("30.2", "30.2")


def test_second_run_changes_nothing(onet_folder):
    first = run("import_onet", onet_folder)
    assert changed_rows(first) > 0
    counts, snapshot = table_counts(), onet_snapshot()
    imported_at = DataSource.objects.get(key="onet").imported_at

    second = run("import_onet", onet_folder)

    summary = parse_summary(second)
    assert {t: (c, u, d) for t, (c, u, _, _, d) in summary.items() if (c, u, d) != (0, 0, 0)} == {}
    assert summary["task"][2] == 8  # unchanged
    assert summary["rating"][2] == 39
    assert ": 0 row(s) changed." in second
    assert table_counts() == counts
    assert onet_snapshot() == snapshot
    assert DataSource.objects.get(key="onet").imported_at == imported_at

    # The importer itself, without the command around it.
    messages = []
    result = OnetImport(Source(onet_folder), messages.append).run()
    assert result.changed == 0
    assert result.tables["occupation"].unchanged == 3
    assert any("layout 30.2 and earlier" in m for m in messages)


def test_newer_release_without_an_occupation_marks_it_inactive(tmp_path, onet_loaded):
    qcm_tasks = Task.objects.filter(occupation__code=QCM).count()
    qcm_ratings = Rating.objects.filter(occupation__code=QCM).count()
    assert (qcm_tasks, qcm_ratings) == (2, 13)

    newer = write_onet(
        tmp_path / "db_30_3_text", "30.3", codes=(IPM, RN), omit=("Task Ratings.txt",)
    )
    out = run("import_onet", newer)

    assert "1 occupation(s) not in O*NET 30.3 marked inactive" in out
    assert "  Task Ratings.txt: not present, skipped" in out
    retired = Occupation.objects.get(code=QCM)  # still there
    assert retired.is_active is False
    assert retired.data_release == "O*NET 30.2"
    assert Task.objects.filter(occupation=retired).count() == qcm_tasks
    assert Rating.objects.filter(occupation=retired).count() == qcm_ratings
    assert set(Occupation.objects.active().values_list("code", flat=True)) == {IPM, RN}
    assert set(
        Occupation.objects.filter(is_active=True).values_list("data_release", flat=True)
    ) == {"O*NET 30.3"}
    # Links from current occupations to the retired one go with the new release's list.
    assert not RelatedOccupation.objects.filter(occupation__code=IPM, related=retired).exists()
    # Without Task Ratings.txt: core tasks first, in file order, with no importance.
    order = list(
        Task.objects.filter(occupation__code=IPM)
        .order_by("position")
        .values_list("onet_task_id", "importance")
    )
    assert order == [(8002, None), (8003, None), (8004, None), (8001, None)]


def test_absent_optional_descriptor_file_is_reported(tmp_path):
    folder = write_onet(tmp_path / "onet", "30.2", omit=("Knowledge.txt", "Job Zones.txt"))
    out = run("import_onet", folder)
    assert "  Knowledge.txt: not present, skipped" in out
    assert "  Job Zones.txt: not present, skipped" in out
    assert not Descriptor.objects.filter(domain=Descriptor.KNOWLEDGE).exists()
    assert set(Occupation.objects.values_list("job_zone", flat=True)) == {None}
    assert Rating.objects.filter(descriptor__domain=Descriptor.ABILITY).count() == 6
