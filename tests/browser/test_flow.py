"""The whole journey in Chromium: find a career, compare it, contribute, moderate, see it live."""

import re
from importlib import import_module

import pytest
from django.contrib.auth.models import Group, Permission, User

from .conftest import PageWatcher, screenshot

pytestmark = [
    pytest.mark.browser,
    # The live server's request threads try to close the in-memory SQLite connection they
    # share with the test thread when a socket closes; Django refuses, harmlessly. Server
    # errors still fail the tests: PageWatcher records every HTTP status >= 400.
    pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning"),
]
IPM = "Industrial Production Managers"
NOTE = "We walk the floor at six, before the first shift starts, and plan the day from what we see."


@pytest.fixture
def moderator(transactional_db):
    # Not the conftest one: the live server needs committed rows, and a password to log in.
    user = User.objects.create_user(
        "mod", "mod@example.org", "a-long-test-password-41", is_staff=True
    )
    # A live-server test commits, so the database is flushed after each one, taking the
    # migration-made Moderators group with it: make it again as that migration does.
    moderators = import_module("profiles.migrations.0002_moderators_group")
    group, _ = Group.objects.get_or_create(name=moderators.GROUP)
    group.permissions.set(
        [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in moderators.PERMISSIONS
        ]
    )
    user.groups.add(group)
    return user


def test_search_compare_contribute_moderate_publish(browser, site, moderator):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watcher = PageWatcher(page, site)

    # Home -> search from the header box (a plain GET form).
    page.goto(site + "/")
    screenshot(page, "01-home")
    page.get_by_role("combobox", name=re.compile("search", re.I)).or_(
        page.locator("#site-search")
    ).first.fill("production manager")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    results = page.locator("ol.cards")
    results.first.wait_for()
    screenshot(page, "02-search")
    assert IPM in results.first.inner_text()

    # Search result -> career page.
    results.get_by_role("link", name=IPM, exact=True).first.click()
    page.wait_for_url(re.compile(r"/careers/industrial-production-managers/$"))
    assert page.get_by_role("heading", level=1).inner_text() == IPM
    screenshot(page, "03-career")

    # Add to compare -> compare page with one career, then add a second through search.
    page.get_by_role("link", name=re.compile(r"add to compare", re.I)).first.click()
    page.wait_for_url(re.compile(r"/compare/\?c=11-3051\.00"))
    page.locator("form[action='/search/'] input[name=q]").last.fill("cook")
    page.locator("form[action='/search/'] input[name=q]").last.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?.*compare="))
    page.locator("ol.cards").get_by_role(
        "link", name=re.compile("add to compare", re.I)
    ).first.click()
    page.wait_for_url(re.compile(r"/compare/\?c=11-3051\.00(,|%2C)"))
    table = page.locator("table").first
    table.wait_for()
    headers = table.locator("thead th").all_inner_texts()
    assert any(IPM in h for h in headers) and any("Cooks" in h for h in headers), headers
    screenshot(page, "04-compare")

    # Contribute an experience note from the career page.
    page.goto(site + "/careers/industrial-production-managers/")
    page.get_by_role("link", name=re.compile("suggest a correction or share", re.I)).click()
    page.wait_for_url(re.compile(r"/feedback/"))
    page.get_by_label(re.compile("share what the work is like|experience", re.I)).first.check()
    page.get_by_label("Which part of the page is it about?").select_option("inside")
    page.get_by_label("Your message").fill(NOTE)
    page.get_by_label("I work, or have worked, in this career").check()
    page.get_by_label("Years of experience in it (optional)").fill("9")
    page.get_by_label(re.compile("You may publish my experience note")).check()
    screenshot(page, "05-form")
    page.get_by_role("button", name=re.compile("send", re.I)).click()
    page.wait_for_url(re.compile(r"/feedback/thanks/"))
    assert "waiting for review" in page.content()
    assert NOTE not in page.content()

    # A moderator logs in, accepts and publishes it.
    admin = browser.new_context(viewport={"width": 1280, "height": 900})
    mod = admin.new_page()
    mod_watcher = PageWatcher(mod, site)
    mod.goto(site + "/admin/profiles/feedbackqueue/")
    mod.get_by_label("Username:").fill("mod")
    mod.get_by_label("Password:").fill("a-long-test-password-41")
    mod.get_by_role("button", name=re.compile("log in", re.I)).or_(
        mod.locator("input[type=submit]")
    ).first.click()
    mod.wait_for_url(re.compile(r"/admin/profiles/feedbackqueue/"))
    row = mod.locator("#result_list tbody tr").filter(has_text="We walk the floor")
    screenshot(mod, "06-admin-queue")
    row.locator("input[name=_selected_action]").check()
    mod.locator("select[name=action]").select_option("accept")
    mod.locator("button[name=index]").click()
    assert "Accepted 1 contribution." in mod.locator(".messagelist").inner_text()
    mod.goto(site + "/admin/profiles/acceptedfeedback/")
    mod.locator("#result_list tbody tr").filter(has_text="We walk the floor").locator(
        "input[name=_selected_action]"
    ).check()
    mod.locator("select[name=action]").select_option("publish")
    mod.locator("button[name=index]").click()
    assert "Published 1 contribution." in mod.locator(".messagelist").inner_text()

    # The visitor reloads the career page. The browser may keep a page for
    # PAGE_CACHE_MAX_AGE; a reload revalidates it, and the ETag changed with the version.
    page.goto(site + "/careers/industrial-production-managers/")
    page.reload()
    notes = page.locator("#notes")
    assert NOTE in notes.inner_text() and "9 years in this career" in notes.inner_text()
    screenshot(page, "07-career-with-note")

    assert watcher.errors == [] and mod_watcher.errors == []
    context.close()
    admin.close()
