"""Drive the admin and the public pages in headless Chromium under the site's CSP.

    .venv/bin/python bench/csp_browser_check.py [--chromium /usr/bin/chromium]

Uses the playwright package (a dev dependency) with Debian's Chromium; no browser
download. Starts `runserver` (development settings: the same CSP as production) on a scratch
SQLite database with the demo data, signs in to the admin and uses what needs its
JavaScript: changelist search, filters, select-all and an action with its confirmation
page, the change form's inlines ("add another"), prepopulated slug, autocomplete,
the raw-id lookup popup and the "add related" popup. Every Content-Security-Policy
violation (securitypolicyviolation events and console reports) and every JS error is
collected; prints a line per step and PASS only when there are none and each step
did what it should. Not part of the test suite: the project's browser tests live
elsewhere.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from server import free_port

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def until(condition, seconds=5.0):
    """Poll from Python: Playwright's wait_for_function evaluates strings, which the CSP forbids."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)


def manage(env, *args, stdin=None):
    subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        input=stdin,
        text=True,
        stdout=subprocess.DEVNULL,
    )


SEED = """
from django.contrib.auth.models import User
from careers.models import Occupation
from profiles.contributions import services
User.objects.create_superuser("root", "root@example.org", "browser-check-passphrase")
occ = Occupation.objects.order_by("title").first()
for n in range(3):
    services.submit(occ, {"kind": "other", "section": "other",
        "message": f"Browser check contribution {n}, long enough to pass."},
        ip=f"192.0.2.{n}", user_agent="check")
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    tmp = tempfile.mkdtemp(prefix="csp-check-")
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CACHE_URL"}},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp}/check.sqlite3",
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    manage(env, "shell", stdin=SEED)
    server = subprocess.Popen(
        [PY, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    problems, steps = [], []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=args.chromium, headless=True, args=["--no-sandbox"]
            )
            context = browser.new_context()
            context.add_init_script(WATCH)
            console = []

            def watch(page):
                page.on(
                    "console",
                    lambda m: (
                        console.append(f"{m.type}: {m.text}")
                        if m.type in ("error", "warning")
                        else None
                    ),
                )
                page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
                page.on(
                    "response",
                    lambda r: (
                        console.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None
                    ),
                )

            context.on("page", watch)
            page = context.new_page()

            def step(name, ok, detail=""):
                found = page.evaluate("window.__csp || []")
                page.evaluate("window.__csp = []")
                steps.append((name, ok, found, detail))
                problems.extend(f"{name}: {v}" for v in found)
                if not ok:
                    problems.append(f"{name}: did not work {detail}")

            def header(url):
                response = page.goto(base + url)
                return response.headers.get("content-security-policy", "")

            # Control: the watcher must see a violation when there is one.
            page.goto(base + "/")
            page.evaluate(
                "document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')"
            )
            time.sleep(0.3)
            seen = page.evaluate("window.__csp.length")
            page.evaluate("window.__csp = []")
            console.clear()
            steps.append(("control: an inline style attribute is reported", seen > 0, [], ""))
            if not seen:
                problems.append("control: the violation watcher saw nothing")

            for url in ("/", "/careers/", "/about/data/", "/about/ai-resilience/"):
                csp = header(url)
                step(f"public {url}", "'unsafe-inline'" not in csp and "script-src 'self'" in csp)
            page.goto(base + "/careers/")
            hrefs = page.eval_on_selector_all(
                "main a", "els => els.map(e => e.getAttribute('href'))"
            )
            career = next(h for h in hrefs if re.fullmatch(r"/careers/[a-z0-9-]+/", h or ""))
            page.goto(base + career)
            step(f"public {career}", page.locator("h1").count() == 1)
            page.goto(base + career + "feedback/")
            step("public feedback form", page.locator("form textarea").count() >= 1)

            csp = header("/admin/login/")
            page.fill("#id_username", "root")
            page.fill("#id_password", "browser-check-passphrase")
            page.click("input[type=submit]")
            step("admin login", page.url.endswith("/admin/") and bool(csp))

            page.goto(base + "/admin/careers/occupation/")
            page.fill("#searchbar", "manager")
            page.press("#searchbar", "Enter")
            page.wait_for_load_state()
            step("changelist search", "q=manager" in page.url)
            page.goto(base + "/admin/careers/occupation/?featured__exact=1")
            page.click("#action-toggle")
            counter = page.inner_text(".action-counter")
            step("changelist select-all (actions.js)", counter.split(" of ")[0].strip() != "0")
            # Occupations are protected from deletion: confirm on tasks instead.
            page.goto(base + "/admin/careers/task/?kind__exact=core")
            page.locator("input.action-select").first.check()
            page.select_option("select[name=action]", "delete_selected")
            page.click("button[name=index]")
            page.wait_for_load_state()
            confirm = page.locator("text=Are you sure").count() > 0
            page.click("a.cancel-link")
            page.wait_for_load_state()
            step(
                "action + confirmation + cancel (cancel.js)",
                confirm and page.url.endswith("/admin/careers/task/?kind__exact=core"),
                page.url,
            )

            page.goto(base + "/admin/careers/occupation/")
            page.locator("#result_list tbody tr th a").first.click()
            page.wait_for_load_state()
            rows = page.locator("#tasks-group tbody tr.form-row").count()
            page.locator("#tasks-group .add-row a").click()
            after = page.locator("#tasks-group tbody tr.form-row").count()
            step("change form: inline 'add another' (inlines.js)", after == rows + 1)
            page.locator("#ratings-group .select2-selection").first.click()
            page.wait_for_selector(".select2-results__option", timeout=5000)
            options = page.locator(".select2-results__option").count()
            page.keyboard.press("Escape")
            step("change form: autocomplete (select2 + fetch)", options > 0, f"{options} options")

            with context.expect_page() as popup_info:
                page.click("#add_id_category")
            popup = popup_info.value
            popup.wait_for_load_state()
            popup.fill("#id_code", "98")
            popup.fill("#id_name", "Browser check group")
            popup.fill("#id_slug", "browser-check-group")
            popup.click("input[name=_save]")
            until(
                lambda: (
                    "Browser check group"
                    in page.evaluate(
                        "document.querySelector('#id_category').selectedOptions[0].text"
                    )
                )
            )
            step("change form: add-related popup (popup_response.js)", popup.is_closed())

            page.goto(base + "/admin/careers/occupation/add/")
            page.locator("#id_title").press_sequentially("Check Writer")
            slug = page.input_value("#id_slug")
            step("add form: prepopulated slug (prepopulate.js)", slug == "check-writer", slug)

            page.goto(base + "/admin/careers/task/")
            page.locator("#result_list tbody tr th a").first.click()
            page.wait_for_load_state()
            before = page.input_value("#id_occupation")
            with context.expect_page() as popup_info:
                page.click("#lookup_id_occupation")
            lookup = popup_info.value
            lookup.wait_for_load_state()
            lookup.locator("#result_list tbody tr th a").nth(2).click()
            until(lambda: page.input_value("#id_occupation") != before)
            step("raw-id lookup popup", page.input_value("#id_occupation") != before)

            page.goto(base + "/admin/profiles/feedbackqueue/")
            page.locator("input.action-select").first.check()
            page.select_option("select[name=action]", "start_review")
            page.click("button[name=index]")
            page.wait_for_load_state()
            step("moderation action", page.locator("ul.messagelist li").count() > 0)
            page.goto(base + "/admin/profiles/feedback/")
            year = page.locator(".xfull a, nav.toplinks a").count()
            step("date hierarchy", year > 0)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)

    csp_console = [c for c in console if "Content Security Policy" in c or "pageerror" in c]
    problems.extend(csp_console)
    for name, ok, found, detail in steps:
        print(f"{'ok ' if ok and not found else 'BAD'} {name}{'  ' + detail if detail else ''}")
        for v in found:
            print(f"      CSP violation: {v}")
    print(f"console errors/warnings ({len(console)}):")
    for line in console:
        print(f"  {line}")
    print(f"{len(steps)} steps, {len(problems)} problems")
    print("PASS" if not problems else "FAIL")
    sys.exit(0 if not problems else 1)


if __name__ == "__main__":
    main()
