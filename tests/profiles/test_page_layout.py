"""The career page laid out for reading: summary first, a contents menu, long lists folded
into <details>, and a correction link beside every section heading."""

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from markupsafe import escape

from careers.models import Education, Occupation, Outlook, TechnologySkill
from profiles.contributions.models import SECTION_CHOICES
from profiles.selectors import CONTENTS, TECHNOLOGY_SHOWN, career_page
from salaries.models import Area, Wage

IPM = "11-3051.00"


@pytest.fixture
def ipm(demo):
    return Occupation.objects.get(code=IPM)


def html_of(client, occ) -> str:
    response = client.get(occ.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def contents_of(html: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav class="toc".*?</nav>', html, re.S).group(0)
    return re.findall(r'<li><a href="#([\w-]+)">([^<]+)</a></li>', nav)


def test_contents_lists_every_section_in_page_order_and_only_those(client, ipm, make_occupation):
    html = html_of(client, ipm)
    listed = contents_of(html)
    assert [a for a, _ in listed] == [a for a, *_ in CONTENTS if f'<section id="{a}"' in html]
    positions = [html.index(f'<section id="{a}"') for a, _ in listed]
    assert positions == sorted(positions)
    for anchor, label in listed:  # each entry names its section's own heading
        assert re.search(rf'<h2 id="{anchor}-h">{re.escape(label)}', html), anchor
    assert html.index('<nav class="toc"') < html.index('<section id="tasks"')
    # A career with no video and nothing inside: those entries are left out, not dead links.
    bare = html_of(client, make_occupation())
    anchors = [a for a, _ in contents_of(bare)]
    assert "video" not in anchors and "inside" not in anchors and "tasks" in anchors


def test_every_section_heading_has_a_correction_link_to_that_section(client, ipm):
    html = html_of(client, ipm)
    keys = {key for key, _ in SECTION_CHOICES}
    sections = re.findall(r'<section id="([\w-]+)".*?</section>', html, re.S)
    assert len(sections) >= 12
    for anchor in sections:
        body = re.search(rf'<section id="{anchor}".*?</section>', html, re.S).group(0)
        link = re.search(rf'href="/careers/{ipm.slug}/feedback/\?section=(\w+)"', body)
        assert link, anchor
        assert link.group(1) in keys, (anchor, link.group(1))
    tasks = re.search(r'<section id="tasks".*?</section>', html, re.S).group(0)
    assert "?section=tasks" in tasks
    # The link opens the form with that section chosen and what the page says now.
    form = client.get(f"/careers/{ipm.slug}/feedback/?section=tasks").content.decode()
    assert '<option value="tasks" selected>' in form
    first_task = ipm.tasks.order_by("position", "id").first().statement
    assert first_task in form


def test_long_task_lists_show_the_first_few_and_keep_the_rest_in_details(client, ipm):
    from profiles.selectors import TASKS_SHOWN

    page = career_page(ipm.slug)
    html = html_of(client, ipm)
    tasks = re.search(r'<section id="tasks".*?</section>', html, re.S).group(0)
    lead = tasks[: tasks.index("<details")]
    assert lead.count("<li>") == min(TASKS_SHOWN, len(page.task_list))
    more = re.search(r'<details class="more print-open" id="tasks-more">.*?</details>', tasks, re.S)
    assert more and more.group(0).count("<li>") == len(page.task_list) - TASKS_SHOWN
    for t in page.tasks:  # every task is on the page exactly once
        assert tasks.count(f"<li>{escape(t.statement)}</li>") == 1, t.statement


def test_summary_sentences_agree_with_the_figures_below(client, make_occupation):
    occ = make_occupation()
    Education.objects.create(
        occupation=occ,
        typical_education="Bachelor's degree",
        related_experience="5 years or more",
        on_the_job_training="None",
    )
    Outlook.objects.create(
        occupation=occ,
        change_percent=Decimal("-3.4"),
        annual_openings=14900,
        period_start=2024,
        period_end=2034,
    )
    us = Area.objects.create(kind="national", code="99", name="United States", slug="us")
    Wage.objects.create(
        occupation=occ, area=us, release_year=2025, soc_code=occ.soc_code, annual_median=61230
    )
    html = html_of(client, occ)
    summary = re.search(r'<p class="summary-text">(.*?)</p>', html, re.S).group(1)
    assert "Half of workers earn more than $61,230 a year" in summary
    assert "Most people start with a bachelor&#39;s degree and 5 years or more" in summary
    assert "BLS projects 3.4% fewer jobs from 2024 to 2034, with 14,900 openings a year." in summary
    facts = re.search(r'<section class="facts".*?</section>', html, re.S).group(0)
    assert "$61,230" in facts  # the same figure as the facts strip


def test_summary_leaves_out_what_is_not_published(client, make_occupation):
    html = html_of(client, make_occupation())
    assert 'class="summary-text"' not in html


def test_technology_lists_in_demand_then_hot_first_and_groups_the_rest(client, make_occupation):
    occ = make_occupation()
    rows = [("Plain tool", "Office", False, False), ("Posting tool", "ERP", False, True)]
    rows += [("Hot tool", "ERP", True, False)]
    rows += [(f"Spreadsheet {i:02d}", "Spreadsheet", False, False) for i in range(14)]
    for name, category, hot, in_demand in rows:
        TechnologySkill.objects.create(
            occupation=occ, name=name, category=category, hot=hot, in_demand=in_demand
        )
    html = html_of(client, occ)
    tech = re.search(r'<section id="technology".*?</section>', html, re.S).group(0)
    top = tech[: tech.index('<details class="more">')]
    shown = re.findall(r"<li>([^<]+?)(?:<span|</li>)", top)
    assert shown[:2] == ["Posting tool", "Hot tool"]
    assert len(shown) == TECHNOLOGY_SHOWN
    assert shown[2:] == [f"Spreadsheet {i:02d}" for i in range(10)]  # the biggest kind next
    groups = re.findall(r"<dt>([^<]+)</dt>", tech)
    assert groups == ["Spreadsheet", "Office"]  # the rest, the larger group first
    for name, *_ in rows:
        assert tech.count(name) == 1, name  # nothing listed twice
    assert f"<summary>{len(rows) - TECHNOLOGY_SHOWN} more, by kind of software</summary>" in tech


def test_every_section_heading_has_its_icon_from_the_inline_sprite(client, ipm):
    html = html_of(client, ipm)
    assert html.count('class="icon-sprite"') == 1
    assert "Lucide (https://lucide.dev), ISC License" in html  # the notice travels with it
    symbols = set(re.findall(r'<symbol id="(i-[\w-]+)"', html))
    used = re.findall(r'<use href="#(i-[\w-]+)"/>', html)
    anchors = re.findall(r'<section id="([\w-]+)"', html)
    assert sorted(used) == sorted(f"i-{a}" for a in anchors)  # one per section heading
    assert set(used) <= symbols
    assert "http" not in "".join(re.findall(r'<use href="([^"]+)"', html))  # no other host
    assert (Path(settings.BASE_DIR) / "static" / "icons" / "LICENSE-lucide.txt").exists()


def test_build_icons_writes_one_symbol_per_section_and_names_a_missing_icon(tmp_path):
    from profiles.management.commands.build_icons import ICONS

    icons = tmp_path / "icons"
    icons.mkdir()
    for name in ICONS.values():
        (icons / f"{name}.svg").write_text(
            f'<!-- {name} --><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" '
            'stroke="currentColor"><path d="M1 1h2"/><circle cx="9" cy="7" r="4"/></svg>'
        )
    out = tmp_path / "sprite.svg"
    call_command("build_icons", icons, out=out, stdout=io.StringIO())
    sprite = out.read_text()
    assert sprite.count("<symbol ") == len(ICONS) == len(CONTENTS)
    assert '<symbol id="i-pay" viewBox="0 0 24 24"><path d="M1 1h2"/><circle cx="9"' in sprite
    assert "stroke=" not in sprite  # site.css colors the icons
    (icons / "banknote.svg").unlink()
    with pytest.raises(CommandError, match=r"banknote\.svg: no such icon"):
        call_command("build_icons", icons, out=out, stdout=io.StringIO())
