"""The header's autocomplete as a keyboard user meets it (ARIA 1.2 combobox pattern)."""

import re

import pytest

from .conftest import PageWatcher

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning"),
]


def test_suggestions_are_a_combobox_driven_by_the_keyboard(browser, site):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    watcher = PageWatcher(page, site)
    page.goto(site + "/about/data/")
    box = page.locator("#site-search")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    listbox = page.locator("#" + box.get_attribute("aria-controls"))

    box.press_sequentially("nurs", delay=30)
    options = listbox.get_by_role("option")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert "Registered Nurses" in options.all_inner_texts()[0]
    # Suggestions are text, never markup from the server.
    assert listbox.locator("script, img").count() == 0

    box.press("ArrowDown")
    first = options.first.get_attribute("id")
    assert box.get_attribute("aria-activedescendant") == first
    assert options.first.get_attribute("aria-selected") == "true"
    box.press("End")
    last = options.last.get_attribute("id")
    assert box.get_attribute("aria-activedescendant") == last
    box.press("Home")
    assert box.get_attribute("aria-activedescendant") == first

    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false" and listbox.is_hidden()
    assert box.get_attribute("aria-activedescendant") is None

    box.press("ArrowDown")  # reopens on the same suggestions
    assert box.get_attribute("aria-expanded") == "true"
    box.press("Enter")
    page.wait_for_url(re.compile(r"/careers/registered-nurses/$"))
    assert watcher.errors == []
