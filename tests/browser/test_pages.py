"""Each key page in Chromium at phone and desktop widths: no overflow, no errors, axe-clean."""

import json

import pytest
from django.contrib.auth.models import User

from careers.models import Occupation
from profiles.contributions.models import Feedback

from .conftest import PageWatcher, screenshot

pytestmark = [
    pytest.mark.browser,
    # The live server's request threads try to close the in-memory SQLite connection they
    # share with the test thread when a socket closes; Django refuses, harmlessly. Server
    # errors still fail the tests: PageWatcher records every HTTP status >= 400.
    pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning"),
]
PUBLIC = {
    "home": "/",
    "career": "/careers/industrial-production-managers/",
    "career nurses": "/careers/registered-nurses/",
    "career small": "/careers/cooks-restaurant/",
    "search": "/search/?q=manager",
    "compare": "/compare/?c=11-3051.00,29-1141.00,35-2014.00",
    "form": "/careers/industrial-production-managers/feedback/",
    "area pay": "/careers/industrial-production-managers/pay/",
    "states": "/pay/",
}
ADMIN_QUEUE = "/admin/profiles/feedbackqueue/"
WIDTHS = [375, 1280]


def _login(context, base):
    User.objects.create_superuser("boss", "boss@example.org", "another-long-password-77")
    page = context.new_page()
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "another-long-password-77")
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_render_without_errors_or_overflow(browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    watcher = PageWatcher(page, site)
    for name, path in PUBLIC.items():
        response = page.goto(site + path)
        assert response.status == 200, (path, response.status)
        screenshot(page, f"page-{name}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    # The form with an error: sent without a message, it comes back with the summary.
    page.goto(site + "/careers/industrial-production-managers/feedback/?section=pay")
    page.locator("form.feedback-form button[type=submit]").click()
    page.wait_for_selector("#error-summary")
    screenshot(page, "page-form-error")
    item = Feedback.objects.create(
        occupation=Occupation.objects.get(code="29-1141.00"),
        kind=Feedback.EXPERIENCE,
        section="inside",
        message="Twelve-hour shifts, three a week; the charting takes longer than people think.",
        works_in_career=True,
        years_experience=6,
        consent_publish=True,
    )
    admin = _login(context, site)
    admin.goto(site + ADMIN_QUEUE)
    screenshot(admin, "page-admin-queue")
    assert admin.locator("#result_list").get_by_text("Twelve-hour shifts").count() == 1
    admin.goto(f"{site}{ADMIN_QUEUE}{item.pk}/change/")
    assert admin.get_by_text("Accept and publish").count() >= 1
    screenshot(admin, "page-admin-item")
    assert watcher.errors == []
    context.close()


SERIOUS = {"serious", "critical"}


def _axe(page, source):
    page.add_script_tag(content=source)
    result = page.evaluate(
        "async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))"
    )
    violations = json.loads(result)["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
        for v in violations
        if v["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_serious_violations(browser, site, axe_source, width):
    # axe is injected as an inline script, which the site's CSP rightly forbids; the scan
    # context bypasses CSP (the flow test runs with it enforced).
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    problems = {}
    for name, path in PUBLIC.items():
        page.goto(site + path)
        problems[name] = _axe(page, axe_source)
    admin = _login(context, site)
    admin.goto(site + ADMIN_QUEUE)
    problems["admin queue"] = _axe(admin, axe_source)
    assert {k: v for k, v in problems.items() if v} == {}
    context.close()
