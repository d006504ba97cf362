"""A real browser (tests/support/browser.py): each test gets a fresh phone-sized or desktop
context against pytest-django's live_server."""

import os

import pytest
from django.db import connections
from playwright.sync_api import Browser, Page, sync_playwright

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, open_page


@pytest.fixture(scope="module")
def browser() -> Browser:
    if not os.access(CHROMIUM, os.X_OK):
        # Reached only when MARIOHR_REQUIRE_SERVICES=1 (the needs_browser marker skips otherwise).
        pytest.fail(f"MARIOHR_REQUIRE_SERVICES=1 but there is no chromium at {CHROMIUM}: run `make` to install it")
    # Playwright's sync API keeps its event loop marked as running in this thread between calls,
    # which Django takes for async code and refuses ORM calls in. The tests' own code is plain
    # synchronous code that never shares the loop, so the check is lifted while the browser runs.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # While that loop runs, Django keeps this thread's database connections apart from the
        # others (asgiref's Local): one opened meanwhile and left open would outlive the module,
        # and the test database could not be dropped at the end of the run.
        connections.close_all()


@pytest.fixture
def phone(browser, live_server) -> Page:
    yield from open_page(browser, live_server.url, **PHONE)


@pytest.fixture
def desktop(browser, live_server) -> Page:
    yield from open_page(browser, live_server.url, **DESKTOP)
