"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

They skip, saying why, only where no browser can be installed; `.ci/run` installs
Chromium (apt) and axe-core (npm) first, so in CI they run.
Screenshots go to artifacts/screenshots/ (kept by CI as test artifacts).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
# between browser steps are ordinary blocking calls, so Django's guard is lifted here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: install it with `apt-get install chromium`")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def axe_source():
    if not AXE.exists():
        pytest.skip(f"axe-core not installed at {AXE}: run `npm install --prefix tests/browser`")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def site(transactional_db, live_server, settings, demo):
    """The demo careers on a live server, with the form's minimum fill time lifted."""
    settings.FEEDBACK_MIN_FILL_SECONDS = 0
    return live_server.url


class PageWatcher:
    """Collects console errors (CSP violations among them) and failed same-site requests."""

    def __init__(self, page, base):
        self.errors = []
        page.on(
            "console",
            lambda m: (
                self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None
            ),
        )
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on(
            "response",
            lambda r: (
                self.errors.append(f"HTTP {r.status} {r.url}")
                if r.url.startswith(base) and r.status >= 400
                else None
            ),
        )


def screenshot(page, name: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
