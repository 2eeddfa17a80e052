"""The API docs page works offline and under the strict CSP, in a real browser."""

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import sign_in_fully

CHROMIUM = os.environ.get("INPROCEDERE_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(
    os.environ.get("INPROCEDERE_SCREENSHOTS")
    or Path(tempfile.gettempdir()) / "inprocedere-screenshots"
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _require_browser():
    """The same rules as tests/e2e: skipped without a browser, a failure under CI=true."""
    reason = None
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM}"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the Python package 'playwright' is not installed"
    if reason and os.environ.get("CI") == "true":
        pytest.fail(reason)
    if reason:
        pytest.skip(reason)


def _drive_docs_page(base_url: str, session_key: str) -> dict:
    """Open the docs page signed in, try out GET /regions; report what the browser saw.

    Runs in its own thread: Playwright's sync API owns that thread's event loop, so it
    neither clashes with the browser of tests/e2e nor with the ORM in the test thread.
    """
    from playwright.sync_api import sync_playwright

    seen = {"problems": [], "outside": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(locale="en-GB")
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": base_url}]
        )
        page = context.new_page()
        page.set_default_timeout(15000)
        page.on(
            "console",
            lambda msg: (
                seen["problems"].append(msg.text) if msg.type in ("error", "warning") else None
            ),
        )
        page.on("pageerror", lambda exc: seen["problems"].append(str(exc)))
        page.on(
            "request",
            lambda req: None if req.url.startswith(base_url) else seen["outside"].append(req.url),
        )

        page.goto(f"{base_url}/api/v1/docs")
        page.wait_for_selector(".swagger-ui .info .title")
        seen["title"] = page.inner_text(".swagger-ui .info .title")
        page.wait_for_selector("#operations-directory-list_positions")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "api-docs.png"))

        page.click("#operations-directory-list_regions .opblock-summary")
        page.click("button.try-out__btn")
        page.click("button.execute")
        page.wait_for_selector(".live-responses-table .response-col_status")
        seen["status"] = page.inner_text(".live-responses-table tbody .response-col_status")
        seen["body"] = page.inner_text(".live-responses-table .highlight-code")
        page.screenshot(path=str(SCREENSHOTS / "api-docs-try-out.png"))
        seen["problems_before_probe"] = list(seen["problems"])

        # The listener does see CSP refusals: an inline script added now is refused.
        page.evaluate(
            "document.body.appendChild("
            "Object.assign(document.createElement('script'), {text: '1'}))"
        )
        page.wait_for_timeout(300)
        browser.close()
    return seen


def test_docs_page_renders_offline_under_csp_and_tries_out_with_session(
    live_server, demo_network, user_for
):
    _require_browser()
    session_key = sign_in_fully(Client(), user_for("case_worker")).session.session_key
    with ThreadPoolExecutor(max_workers=1) as pool:
        seen = pool.submit(_drive_docs_page, live_server.url, session_key).result()

    assert "InProcedere API" in seen["title"]
    assert seen["status"].strip() == "200"
    assert "Germersheim" in seen["body"]
    assert seen["problems_before_probe"] == []  # no CSP refusal, no script error
    assert seen["outside"] == []  # works offline: nothing fetched from elsewhere
    assert any("Content Security Policy" in p for p in seen["problems"])
