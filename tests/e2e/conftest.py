"""Browser tests: Playwright driving Debian's Chromium against a live server.

Without /usr/bin/chromium they skip with a clear message, except under CI=true, where a
missing browser is a failure (CI must run them).
"""

import contextlib
import os
from pathlib import Path

import pytest

E2E_PASSWORD = "e2e-browser-passphrase-42"
CHROMIUM = Path(os.environ.get("INPROCEDERE_CHROMIUM", "/usr/bin/chromium"))

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make there (seeding, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _missing_browser_reason():
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package 'playwright' is not installed"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _missing_browser_reason()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Browser tests cannot run in CI: {reason}")
        pytest.skip(f"Browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, demo_network, settings):
    # The browser signs in as a demo user would: password only (second factor off, as in
    # the demo); the second factor has its own browser test.
    settings.OTP_REQUIRED = False
    context = browser.new_context(locale="de-DE", accept_downloads=True, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(30000)  # generous: CI machines run two suites side by side
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    # A request the page started last (an htmx panel, a chooser search) may still be
    # running in the live server's thread when the test ends; flushing the database under
    # it fails with "database table is locked" on SQLite and breaks the next tests on this
    # worker. Wait until the page has gone quiet before the context and the data go.
    from playwright.sync_api import TimeoutError as NeverQuiet

    with contextlib.suppress(NeverQuiet):  # polling pages never go quiet: close them anyway
        page.wait_for_load_state("networkidle", timeout=10000)
    context.close()


@pytest.fixture
def sign_in(page, user_for):
    # Not the demo password: outside demo mode (as here) it signs nobody in.
    def do(username, password=E2E_PASSWORD):
        user = user_for(username)
        user.set_password(password)
        user.save()
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]:near(input[name=password])")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return do
