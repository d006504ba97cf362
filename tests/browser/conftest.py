"""A real browser: Playwright's Python client driving Debian's chromium.

Playwright's own browser download does not work on every machine we run on, so the tests launch
the chromium that `make` installs from Debian's packages, with the flags that work in a closed
network as root. Each test gets a fresh phone-sized context against pytest-django's live_server.
"""

import os

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import CHROMIUM

CHROMIUM_ARGS = [
    # Root in a container has no user namespace for chromium's sandbox.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    # Without these, chromium keeps calling Google's hosts, and a closed network refuses them.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]

# An iPhone-sized screen: the candidate usually opens the invitation email on a phone.
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


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


def _page(browser: Browser, base_url: str, **options):
    context = browser.new_context(base_url=base_url, **options)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser, live_server) -> Page:
    yield from _page(browser, live_server.url, **PHONE)


@pytest.fixture
def desktop(browser, live_server) -> Page:
    yield from _page(browser, live_server.url, viewport={"width": 1280, "height": 800})
