"""Browser fixtures: one headless Debian chromium for the whole run, a fresh context per test.

Loaded once as a plugin by tests/conftest.py: two session fixtures in two conftest files would
start two sync Playwright loops, and the second refuses to run inside the first one's loop.

Playwright's sync API runs an event loop in the test thread, so Django's async-safety check must
be relaxed for the ORM calls the tests make around it (pytest-django's live_server).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Debian chromium (/usr/bin/chromium) is missing: `make test` installs it")
        pytest.skip("Debian chromium (/usr/bin/chromium) is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    context = browser.new_context(accept_downloads=True, locale="zh-CN",
                                  viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()
