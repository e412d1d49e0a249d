"""Every real career's figures as the agencies published them (issue 12, items 1-8).

Each test reads the official files in ../shared/data itself (tests/realdata/official.py),
not through the importers, and compares every occupation's page, JSON, card or CSV row
with them, on the one shared import of the run (the real_data fixture).
"""

import csv
import html as htmllib
import io
import json
import re
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from careers.models import AlternateTitle, Occupation, Outlook, Task
from profiles.cards import cards, career_cards
from profiles.serializers import _card
from salaries.models import Area, Wage
from tests.conftest import DEMO

from . import official

pytestmark = [pytest.mark.realdata, pytest.mark.django_db]

RN, IPM, SOFTWARE = "29-1141.00", "11-3051.00", "15-1252.00"


def text(fragment: str) -> str:
    """What a reader sees of an HTML fragment: tags dropped, entities decoded, one space."""
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def section(page: str, name: str) -> str:
    m = re.search(rf'<section (?:id="{name}"|class="{name}").*?</section>', page, re.S)
    return m.group(0) if m else ""


def slugs() -> dict[str, str]:
    return dict(Occupation.objects.values_list("code", "slug"))


def export(client, code: str) -> dict:
    return client.get(reverse("careers:detail_json", args=[slugs()[code]])).json()


# The release pages show (May 2025) and the one before it.
CURRENT, PREVIOUS = 2025, 2024


def oews_code(soc: str, year: int = CURRENT) -> str | None:
    """The OEWS row that fits an O*NET occupation best: its own detailed row, else the
    combination that covers it, else its broad group."""
    f = official.oews(year)
    if soc in f.rows:
        return soc
    group = official.covering_group(soc, set(f.rows))
    if group:
        return group
    return soc[:6] + "0" if soc[:6] + "0" in f.broad else None


def oews_row(code: str, year: int = CURRENT) -> dict | None:
    f = official.oews(year)
    found = oews_code(code[:7], year)
    return None if found is None else f.rows.get(found) or f.broad.get(found)


def national_wage(code: str, year: int = CURRENT) -> Wage | None:
    return Wage.objects.filter(
        occupation__code=code, area__kind=Area.NATIONAL, release_year=year
    ).first()


# --- 1. Task kind -----------------------------------------------------------------------

TASK_TYPES = {"Core": "core", "Supplemental": "supplemental", "n/a": "not_rated"}


def test_task_types_are_kept_as_published(real_data, pages, client):
    published = {
        (r["O*NET-SOC Code"], int(r["Task ID"])): TASK_TYPES[r["Task Type"]]
        for r in official.onet_rows("Task Statements.txt")
    }
    stored = {
        (code, task_id): kind
        for code, task_id, kind in Task.objects.values_list(
            "occupation__code", "onet_task_id", "kind"
        )
    }
    assert stored == published
    unrated = defaultdict(list)
    for (code, _), kind in published.items():
        if kind == "not_rated":
            unrated[code].append(kind)
    assert sum(map(len, unrated.values())) == 845 and len(unrated) == 86

    # The page lists no unrated task under the core ones.
    for code in unrated:
        core = set(
            Task.objects.filter(occupation__code=code, kind="core").values_list(
                "statement", flat=True
            )
        )
        tasks = section(pages[code], "tasks")
        lists = re.findall(r'<ul class="tasks">(.*?)</ul>', tasks, re.S)
        # The core list: its first tasks, then the rest of it folded under #tasks-more.
        core_lists = lists[:2] if 'id="tasks-more"' in tasks else lists[:1]
        first = {
            text(li) for part in core_lists for li in re.findall(r"<li>(.*?)</li>", part, re.S)
        }
        if core:
            assert first == core, code
        assert "as core or supplemental" in text(section(pages[code], "tasks")), code
    legislators = export(client, "11-1031.00")["tasks"]
    assert len(legislators) == 30 and {t["kind"] for t in legislators} == {"not_rated"}


# --- 2. The demo's rows never pass as O*NET's ---------------------------------------------


def test_an_official_import_replaces_the_demo_rows(real_data, shared_data, client):
    from profiles.management.commands.load_demo import load

    data = json.loads(DEMO.read_text(encoding="utf-8"))
    codes = [c["code"] for c in data["careers"]]
    # As after `make setup` on an empty database: the demo careers hold only our rows.
    Task.objects.filter(occupation__code__in=codes).delete()
    load(data)
    assert Task.objects.filter(occupation__code=IPM, onet_task_id=None).count() == 12
    call_command("import_all", str(shared_data), stdout=io.StringIO())

    published = defaultdict(set)
    for r in official.onet_rows("Task Statements.txt"):
        published[r["O*NET-SOC Code"]].add(r["Task"])
    for code in codes:
        stored = Task.objects.filter(occupation__code=code).values_list("statement", flat=True)
        assert sorted(stored) == sorted(published[code]), code
    assert not Task.objects.filter(onet_task_id=None).exists()
    assert Task.objects.filter(occupation__code=IPM).count() == 21

    ours = {t["statement"] for c in data["careers"] for t in c["tasks"]}
    ours -= {s for statements in published.values() for s in statements}
    assert any(s.startswith("Give medicines") for s in ours)
    rn = client.get(f"/careers/{slugs()[RN]}/").content.decode()
    ipm = export(client, IPM)
    compare = client.get(reverse("careers:compare") + f"?c={RN},{IPM}").content.decode()
    for statement in ours:
        assert htmllib.escape(statement) not in rn and statement not in json.dumps(ipm)
        assert htmllib.escape(statement) not in compare
    assert all(t["onet_task_id"] for t in ipm["tasks"])
    # Titles, wages and projections of the demo careers are the agencies' too.
    for code in codes:
        wage = national_wage(code)
        row = oews_row(code)
        assert wage.annual_median == (row["A_MEDIAN"] if row["A_MEDIAN"] != "*" else None)
    titles = {
        r["Alternate Title"]
        for r in official.onet_rows("Alternate Titles.txt")
        if r["O*NET-SOC Code"] == IPM
    } | {
        r["Reported Job Title"]
        for r in official.onet_rows("Sample of Reported Titles.txt")
        if r["O*NET-SOC Code"] == IPM
    }
    stored = set(
        AlternateTitle.objects.filter(occupation__code=IPM).values_list("title", flat=True)
    )
    assert stored == titles


# --- 3. Top-coded wages ---------------------------------------------------------------------


def top_coded_codes(year: int = CURRENT) -> list[str]:
    return [
        code
        for code in official.onet_codes()
        if (row := oews_row(code, year)) is not None and str(row["A_MEDIAN"]).strip() == "#"
    ]


def test_top_coded_medians_say_or_more_wherever_they_appear(real_data, pages, client):
    """May 2025 top-codes nothing; May 2024 (now the previous release) top-coded 23
    medians, which the "previous release" sentence gives as a floor. Any current top-coded
    median must carry the flag in every place a figure appears."""
    f = official.oews(CURRENT)
    floor = f"${official.oews(PREVIOUS).top_annual:,} or more"
    codes = top_coded_codes()
    previous = top_coded_codes(PREVIOUS)
    assert len(previous) == 23
    for code in previous:
        if national_wage(code) is not None and national_wage(code, PREVIOUS) is not None:
            assert f"had a median of {floor} a year" in text(section(pages[code], "pay")), code
    floor = f"${f.top_annual:,} or more"
    csv_rows = {
        r["onet_code"]: r
        for r in csv.DictReader(
            io.StringIO(client.get(reverse("careers:catalog_csv")).content.decode())
        )
    }
    card_list = {c.code: c for c in cards(career_cards().filter(code__in=codes))}
    for code in codes:
        page = pages[code]
        assert f"{floor} a year" in text(section(page, "facts")), code
        description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
        assert floor in htmllib.unescape(description), code
        ld = json.loads(
            re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
        )
        annual = next(s for s in ld["estimatedSalary"] if s["duration"] == "P1Y")
        assert "median" not in annual and floor in annual["description"], code
        shown = export(client, code)["pay"]["shown"]
        assert "annual_median" in shown["top_coded"], code
        assert "median" in csv_rows[code]["wage_top_coded"].split(), code
        card = card_list[code]
        assert card.median_text == floor and _card(card)["national_median_top_coded"] is True


# --- 4. The OEWS row that fits best ----------------------------------------------------------


def test_oews_combination_rows_are_used_and_named(real_data, pages):
    f = official.oews(CURRENT)
    combined = []
    for code in official.onet_codes():
        soc, found = code[:7], oews_code(code[:7])
        wage = national_wage(code)
        if found is None:
            assert wage is None, code
            continue
        row = f.rows.get(found) or f.broad.get(found)
        assert (wage.soc_code, wage.soc_title) == (found, str(row["OCC_TITLE"]).strip()), code
        note = text(section(pages[code], "pay"))
        if "finer occupations" in note:
            # True only where BLS publishes the SOC occupation and O*NET splits it finer.
            assert found == soc and not code.endswith(".00"), code
        if found != soc:
            assert f"{found} “{row['OCC_TITLE'].strip()}”" in note, code
            assert "finer occupations" not in note, code
        if found != soc and found in f.rows and found[-1] != "0":
            combined.append(code)
    # 21-1018, 25-2052, 25-9045, 51-2028 and 53-1047 stand for their members.
    assert len(combined) == 14
    assert national_wage("53-1042.01").soc_code == "53-1047"


# --- 5. Projections the same way ----------------------------------------------------------------


def test_projections_of_a_covering_line_item_are_shown_as_that_group(real_data, pages):
    lines = official.projections()
    grouped = 0
    for code in official.onet_codes():
        soc = code[:7]
        line = soc if soc in lines else official.covering_group(soc, set(lines))
        outlook = Outlook.objects.filter(occupation__code=code).first()
        if line is None:
            assert outlook is None, code
            continue
        title, row = lines[line]
        assert outlook.soc_code == line, code
        change = Decimal(str(official.column(row, r"change, percent"))).quantize(Decimal("0.1"))
        assert outlook.change_percent == change, code
        education = official.column(row, r"typical education")
        occupation = Occupation.objects.select_related("education", "ai_resilience").get(code=code)
        assert occupation.education.typical_education == education, code
        assert occupation.ai_resilience.growth_percent == float(change), code
        if line != soc:
            grouped += 1
            assert outlook.soc_title == title, code
            assert f"This projection is for {line} “{title}”" in text(
                section(pages[code], "outlook")
            )
            assert education in text(section(pages[code], "facts")), code
    assert grouped == 34


# --- 6. Hourly-only occupations ----------------------------------------------------------------


def test_hourly_only_occupations_show_the_hourly_median(real_data, pages):
    shown = 0
    for code in official.onet_codes():
        row = oews_row(code)
        if row is None or isinstance(row["A_MEDIAN"], int | float):
            continue
        if not isinstance(row["H_MEDIAN"], int | float):
            continue
        assert f"${row['H_MEDIAN']:.2f} an hour" in text(section(pages[code], "facts")), code
        shown += 1
    assert shown > 0
    actors = oews_row("27-2011.00")
    assert f"${actors['H_MEDIAN']:.2f} an hour" in text(section(pages["27-2011.00"], "facts"))


# --- 7. Sentences agree with their figures -----------------------------------------------------

EXPOSED = {
    "low": "lower than in most occupations",
    "moderate": "in the middle range of occupations",
    "high": "higher than in most occupations",
}
LABELS = "|".join(
    re.escape(t)
    for t in (
        "More resilient to current AI than most occupations",
        "About as resilient to current AI as the typical occupation",
        "Less resilient to current AI than most occupations",
    )
)
POINTS = r"(?:[+\u2212]\d+\.\d|0) points"


def test_no_sentence_contradicts_its_component(real_data, pages):
    openings = {
        code: official.column(row, r"openings") for code, (_, row) in official.projections().items()
    }
    for code, page in pages.items():
        raw = section(page, "ai")
        if not raw:
            continue
        ai = text(raw)
        # The reason opens "How the score is made", right under the label.
        reason = text(
            re.search(
                r'<p class="ai-label.*?<summary>How the score is made.*?</summary>\s*<p>(.*?)</p>',
                raw,
                re.S,
            ).group(1)
        )
        labeled = reason.startswith(("More", "About", "Less"))
        tail = rf", ({POINTS})" if labeled else "()"
        said_tail = rf"\)?: ({POINTS})" if labeled else r"\)?()"
        exposure = re.search(
            rf"Exposure to current AI (\w+): consensus percentile (\d+) from (\d) of 5 sources{tail}",
            ai,
        )
        said = re.search(
            rf"exposure to current AI is ([\w ]+?) \(consensus percentile (\d+) from (\d) of 5"
            rf" sources(?:, which disagree by \d+ points)?{said_tail}",
            reason,
        )
        assert bool(exposure) == bool(said), (code, reason)
        if exposure:
            band, value, n, points = exposure.groups()
            assert said.groups() == (EXPOSED[band.lower()], value, n, points), (code, reason)
        human = re.search(rf"Human advantage (\w+) \((\d+) of 100\){tail}", ai)
        said = re.search(
            rf"human strengths \(most of all [\w ]+\) is (\w+) \((\d+) of 100{said_tail}", reason
        )
        assert bool(human) == bool(said), (code, reason)
        if human:
            band, value, points = human.groups()
            assert said.groups() == (band.lower(), value, points), (code, reason)
        growth = re.search(rf"Job growth (\S+) over (\S+) \(([\w ]+)\){tail}", ai)
        said = re.search(rf"projected to change (\S+) over (\S+) \(([\w ]+){said_tail}", reason)
        assert bool(growth) == bool(said), (code, reason)
        if growth:
            assert said.groups() == growth.groups(), (code, reason)
        label = re.search(rf"AI-resilience assessment ({LABELS})", ai)
        if label:
            assert reason.startswith(f"{label.group(1)} (score "), (code, reason)
        else:
            assert reason.startswith("Partial assessment"), (code, reason)

        seen = text(section(page, "outlook"))
        line = Outlook.objects.filter(occupation__code=code).values_list("soc_code", flat=True)
        if line and float(openings[line[0]]) == 0:
            assert "Openings each year Fewer than 50" in seen, code
        assert not re.search(r"Openings each year 0\b", seen), code
        assert "About 0 year" not in text(section(page, "education")), code


# --- 8. Alternate titles appear once ----------------------------------------------------------


def title_key(title: str) -> str:
    return re.sub(r"[^\w+#]|_", "", title.casefold())


def test_titles_differing_only_in_case_punctuation_or_spacing_appear_once(real_data, pages):
    published = defaultdict(set)
    for name, col in (
        ("Alternate Titles.txt", "Alternate Title"),
        ("Sample of Reported Titles.txt", "Reported Job Title"),
    ):
        for r in official.onet_rows(name):
            published[r["O*NET-SOC Code"]].add(title_key(r[col]))
    for code, page in pages.items():
        shown = [text(t) for t in re.findall(r"<li>(.*?)</li>", section(page, "titles"), re.S)]
        keys = [title_key(t) for t in shown]
        assert len(keys) == len(set(keys)), code
        assert set(keys) == published[code], code
    for code, at_least in ((RN, 10), (IPM, 10), (SOFTWARE, 10)):
        rows = AlternateTitle.objects.filter(occupation__code=code).count()
        shown = len(re.findall(r"<li>", section(pages[code], "titles")))
        assert rows - shown >= at_least, code


# --- the page still costs the same whatever the career ------------------------------------------


def test_query_count_is_the_same_for_a_small_and_a_large_career(
    real_data, client, django_assert_num_queries
):
    small = Occupation.objects.get(code="11-1031.00")  # no wages, few rows
    for occ in (small, Occupation.objects.get(code=RN)):
        with django_assert_num_queries(13):
            assert client.get(occ.get_absolute_url()).status_code == 200


def test_every_career_description_fits_a_search_result_and_keeps_its_pay_figure(real_data, pages):
    """Search engines cut a description at about 160 characters; ours is cut first, at a
    space, and never before the national median it states."""
    long_ones = 0
    for code, page in pages.items():
        metas = {
            name: htmllib.unescape(value)
            for name, value in re.findall(
                r'<meta (?:name|property)="((?:og:|twitter:)?description)" content="([^"]*)"', page
            )
        }
        assert len(metas) == 3, code
        description = metas["description"]
        assert 40 <= len(description) <= 160, (code, len(description))
        assert metas["og:description"] == metas["twitter:description"] == description, code
        money = re.search(
            r"(?i)national median pay \$[\d,.]+( or more)? (a year|an hour)", description
        )
        facts = text(section(page, "facts"))
        if "Not published" not in facts.split("Training time")[0]:
            assert money, (code, description)
            assert money.group(0).split("pay ")[1].split(" ")[0] in facts, code
        long_ones += description.endswith("\u2026")
    assert long_ones > 0  # the real summaries are long enough to need the cut


def test_real_lists_put_what_readers_look_for_first(real_data, pages):
    """IPM's first titles include what the job is called ("Plant Manager"), and its first
    technologies are the in-demand ones (SAP), not "YouTube"."""
    ipm = pages["11-3051.00"]
    titles = section(ipm, "titles")
    shown = titles[: titles.index('<details class="more more-titles">')]
    assert "<li>Plant Manager</li>" in shown and "<li>Production Manager</li>" in shown
    tech = section(ipm, "technology")
    top = tech[: tech.index('<details class="more">')]
    assert "SAP software" in top and "Microsoft Excel" in top
    assert "YouTube" not in top and "YouTube" in tech  # kept, in its group
    # Every career with a long task list shows its first tasks and folds the rest.
    for code, page in pages.items():
        tasks = section(page, "tasks")
        if 'id="tasks-more"' in tasks:
            assert tasks[: tasks.index('id="tasks-more"')].count("<li>") == 4, code
        assert page.count('<nav class="toc"') == 1, code
