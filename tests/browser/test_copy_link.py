"""static/js/copy-link.js run in headless Chromium against the page's own markup."""

import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from careers.models import Occupation

SCRIPT = Path(settings.BASE_DIR) / "static" / "js" / "copy-link.js"

pytestmark = pytest.mark.browser

# Runs after copy-link.js (both deferred): records the button state, swaps in a fake
# clipboard, presses the button and, once the status region speaks (or after 4 s),
# writes the outcome into <body> attributes.
DRIVER = """
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector("[data-copy-link] button");
  document.body.setAttribute("data-hidden", String(button.hidden));
  window.copied = "";
  var clipboard = {writeText: function (text) {
    window.copied = text;
    return CLIPBOARD_WORKS ? Promise.resolve() : Promise.reject(new Error("denied"));
  }};
  Object.defineProperty(navigator, "clipboard", {configurable: true, value: clipboard});
  button.click();
  var polls = 0;
  var timer = setInterval(function () {
    var status = document.querySelector("[data-copy-link] [role=status]").textContent;
    if (status || ++polls > 80) {
      clearInterval(timer);
      document.body.setAttribute("data-status", status);
      document.body.setAttribute("data-copied", window.copied);
    }
  }, 50);
});
"""


def run_in_chromium(browser, tmp_path, box_html, clipboard_works):
    shutil.copy(SCRIPT, tmp_path / "copy-link.js")
    (tmp_path / "driver.js").write_text(
        DRIVER.replace("CLIPBOARD_WORKS", "true" if clipboard_works else "false")
    )
    html = tmp_path / "page.html"
    html.write_text(
        '<!doctype html><html lang="en"><head><title>t</title>'
        '<script src="copy-link.js" defer></script><script src="driver.js" defer></script>'
        f"</head><body>{box_html}</body></html>"
    )
    page = browser.new_page()
    try:
        page.goto(html.as_uri())
        page.wait_for_selector("body[data-status]", state="attached", timeout=10_000)
        return page.evaluate(
            """() => Object.fromEntries([...document.body.attributes]
                .filter(a => a.name.startsWith("data-"))
                .map(a => [a.name.slice(5), a.value]))"""
        )
    finally:
        page.close()


@pytest.fixture
def box_html(client, demo):
    occ = Occupation.objects.get(code="11-3051.00")
    html = client.get(occ.get_absolute_url()).content.decode()
    return re.search(r"<div class=\"share-link\" data-copy-link>.*?</div>\s*</div>", html, re.S)[0]


def test_copy_button_copies_the_canonical_url_and_says_so(browser, tmp_path, box_html):
    url = re.search(r'id="share-url"[^>]* value="([^"]+)"', box_html)[1]
    assert " hidden>" in box_html  # hidden until the script runs
    got = run_in_chromium(browser, tmp_path, box_html, clipboard_works=True)
    assert got["hidden"] == "false"
    assert got["status"] == "Link copied", got
    assert got["copied"] == url


def test_copy_button_falls_back_when_the_clipboard_refuses(browser, tmp_path, box_html):
    got = run_in_chromium(browser, tmp_path, box_html, clipboard_works=False)
    # Headless Chromium also refuses execCommand("copy") without a user gesture, so the
    # last resort shows: the link is selected and the reader is told how to copy it.
    assert got["status"] in {
        "Link copied",
        "The link is selected: press Ctrl+C (Cmd+C on a Mac) to copy it",
    }, got
