"""The career page's reading aids in Chromium: the contents menu, folded lists with and
without JavaScript, and the correction link beside a section heading."""

import pytest

from .conftest import PageWatcher, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning"),
]
CAREER = "/careers/industrial-production-managers/"


def test_contents_is_a_jump_menu_on_phones_and_open_beside_the_text_when_wide(browser, site):
    phone = browser.new_context(viewport={"width": 375, "height": 667})
    page = phone.new_page()
    watcher = PageWatcher(page, site)
    page.goto(site + CAREER)
    menu = page.locator("details.toc-menu")
    assert menu.evaluate("m => m.open") is False
    page.get_by_text("Jump to a section").click()
    assert menu.evaluate("m => m.open") is True
    screenshot(page, "career-contents-menu")
    page.locator(".toc-menu a[href='#technology']").click()
    page.wait_for_function("location.hash === '#technology'")
    # The menu closes behind the reader, and the folded section they asked for is open.
    assert menu.evaluate("m => m.open") is False
    assert page.locator("#technology > details").evaluate("d => d.open") is True
    top = page.locator("#technology").evaluate("s => s.getBoundingClientRect().top")
    assert abs(top) < 5
    assert watcher.errors == []
    phone.close()

    wide = browser.new_context(viewport={"width": 1280, "height": 900})
    page = wide.new_page()
    page.goto(site + CAREER)
    assert page.locator("details.toc-menu").evaluate("m => m.open") is True
    toc = page.locator("nav.toc").bounding_box()
    text = page.locator("#tasks").bounding_box()
    assert toc["x"] + toc["width"] <= text["x"]  # beside the text, not above it
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(200)
    assert -1 < page.locator("nav.toc").evaluate("n => n.getBoundingClientRect().top") < 40
    screenshot(page, "career-contents-sticky")
    wide.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_folded_lists_open_with_and_without_javascript(browser, site, javascript):
    context = browser.new_context(
        viewport={"width": 375, "height": 667}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(site + CAREER)
    more = page.locator("#tasks-more")
    hidden_task = more.locator("li").first
    assert not hidden_task.is_visible()
    more.locator("summary").click()
    assert hidden_task.is_visible()
    fold = page.locator("#titles > details")
    assert not fold.locator("li").first.is_visible()
    fold.locator("> summary").click()
    assert fold.locator("li").first.is_visible()
    context.close()


def test_the_correction_link_beside_a_heading_opens_the_form_on_that_section(browser, site):
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    page.goto(site + CAREER)
    link = page.locator("#pay .section-head .fix-link")
    box = link.bounding_box()
    assert box["height"] >= 44  # a touch target
    link.click()
    page.wait_for_url("**/feedback/?section=pay")
    assert page.locator("#id_section").input_value() == "pay"
    assert page.locator(".current-value").is_visible()  # what the page says now
    screenshot(page, "career-correction-form")
    context.close()


def test_compare_takes_page_slugs_and_keeps_row_labels_on_a_phone(browser, site):
    from careers.models import Occupation

    slugs = list(Occupation.objects.order_by("code").values_list("slug", flat=True)[:3])
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    response = page.goto(site + "/compare/?c=" + ",".join(slugs))
    assert response.status == 200
    columns = page.locator(".compare-table thead th[scope=col]")
    assert columns.count() == 3
    label = page.locator(".compare-table tbody th[scope=row]").first
    before = label.bounding_box()["x"]
    page.locator(".compare-scroll").evaluate("s => s.scrollBy(400, 0)")
    page.wait_for_timeout(100)
    assert abs(label.bounding_box()["x"] - before) < 1  # the row labels stay put
    first = columns.nth(0).bounding_box()
    assert first["width"] >= 200  # one whole career column beside the labels
    screenshot(page, "compare-slugs-phone")
    context.close()
