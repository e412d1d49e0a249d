"""The interest profiler end to end in Chromium, with JavaScript on and off, by mouse
and by keyboard; its pages axe-clean at phone and desktop widths, with screenshots."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from careers.matching import RIASEC
from careers.models import Occupation
from profiles import explore

from .conftest import PageWatcher, screenshot
from .test_pages import WIDTHS, _axe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning"),
]


def _answer_by_mouse(page, letter):
    """Click like on `letter`'s items and dislike on the others, page by page."""
    for number in range(1, explore.PAGES + 1):
        for item in explore.page_items(number):
            value = explore.LIKE if item.letter == letter else explore.DISLIKE
            page.locator(f'input[name="{item.field}"][value="{value}"]').check()
        with page.expect_navigation():
            page.get_by_role(
                "button", name="See my results" if number == explore.PAGES else "Next page"
            ).click()


def _answer_by_keyboard(page, letter):
    """Only the keyboard: Tab into each group, Space to like, arrows to move to dislike,
    Enter on the submit button."""
    for number in range(1, explore.PAGES + 1):
        items = explore.page_items(number)
        page.locator(f'input[name="{items[0].field}"]').first.focus()
        for n, item in enumerate(items):
            if item.letter == letter:
                page.keyboard.press("Space")
            else:
                page.keyboard.press("ArrowRight")  # not sure
                page.keyboard.press("ArrowRight")  # dislike
            if n + 1 < len(items):
                page.keyboard.press("Tab")
        page.keyboard.press("Tab")  # the submit button comes right after the last item
        focused = page.evaluate("document.activeElement.textContent.trim()")
        assert focused == ("See my results" if number == explore.PAGES else "Next page")
        with page.expect_navigation():
            page.keyboard.press("Enter")


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_profiler_end_to_end(browser, site, javascript):
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, java_script_enabled=javascript
    )
    page = context.new_page()
    watcher = PageWatcher(page, site)
    page.goto(site + "/")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="Interest profiler"
        ).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("What would suit you?")

    # A page sent with a missing answer comes back with the error, the others kept.
    first = explore.page_items(1)
    page.locator(f'input[name="{first[0].field}"][value="{explore.LIKE}"]').check()
    if javascript:
        assert "(1 of 60 answered)" in page.locator(".profiler-count").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Next page").click()
    assert "have no answer yet" in page.locator(".error-summary").inner_text()
    assert page.locator(f'input[name="{first[0].field}"][value="{explore.LIKE}"]').is_checked()

    answer = _answer_by_mouse if javascript else _answer_by_keyboard
    answer(page, "I")
    url = urlsplit(page.url)
    assert url.path == "/explore/interests/results/"
    assert dict(parse_qsl(url.query)) == {x: ("20" if x == "I" else "0") for x in RIASEC}
    assert page.get_by_role("heading", level=1).inner_text().startswith("Your interests: I")
    titles = page.locator(".match-list .card-title").all_inner_texts()
    assert titles
    top = Occupation.objects.get(title=titles[0]).interest_profile
    assert top.code[0] == "I"

    # Filters keep the scores and narrow the list.
    page.get_by_label("Preparation you are ready for").select_option("3")
    with page.expect_navigation():
        page.get_by_role("button", name="Show careers").first.click()
    assert "zone=3" in page.url and "I=20" in page.url
    for title in page.locator(".match-list .card-title").all_inner_texts():
        assert Occupation.objects.get(title=title).job_zone <= 3
    assert watcher.errors == []
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_profiler_pages_are_axe_clean_and_fit_the_screen(browser, site, axe_source, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    ipm = Occupation.objects.get(code="11-3051.00")
    pages = {
        "profiler": "/explore/interests/",
        "profiler-errors": "/explore/interests/?a=&p=1&go=next&q1=2",
        "results": "/explore/interests/results/?R=3&I=14&A=9&S=18&E=5&C=2",
        "results-flat": "/explore/interests/results/?R=5&I=5&A=5&S=5&E=5&C=5",
        "results-entry-errors": "/explore/interests/results/?R=5&I=x&code=QQ",
        "method": "/explore/interests/how-it-works/",
        "moves": f"/careers/{ipm.slug}/moves/",
    }
    problems = []
    for name, path in pages.items():
        response = page.goto(site + path)
        assert response.status == 200, path
        screenshot(page, f"explore-{name}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        problems += [f"{path}: {v}" for v in _axe(page, axe_source)]
    assert problems == []
    # Every answer is a large enough target on a phone (WCAG 2.5.8: 24 px at least).
    page.goto(site + "/explore/interests/")
    sizes = page.locator("label.answer").evaluate_all(
        "els => els.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])"
    )
    assert sizes and all(w >= 44 and h >= 44 for w, h in sizes)
    context.close()


def test_results_print_without_forms(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site + "/explore/interests/results/?R=3&I=14&A=9&S=18&E=5&C=2")
    page.emulate_media(media="print")
    assert page.locator(".explore-entry").is_hidden()
    assert page.locator(".interest-table").is_visible()
    assert re.search(r"R=3&I=14", page.locator("#share-url").input_value())
    context.close()
