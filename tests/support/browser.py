"""A real browser: Playwright's Python client driving Debian's chromium.

Playwright's own browser download does not work on every machine we run on, so the tests launch
the chromium that `make` installs from Debian's packages, with the flags that work in a closed
network as root.
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = "/usr/bin/chromium"

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
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


def open_page(browser: "Browser", base_url: str, **options) -> Iterator["Page"]:
    """A page in a fresh context (its own cookies), closed when the generator is."""
    context = browser.new_context(base_url=base_url, **options)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
