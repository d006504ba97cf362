"""Which tests need a service the embedded defaults lack (PostgreSQL, Redis, a browser), and whether
CI demands them: then a missing service fails the test instead of skipping it."""

import os

from tests.support.browser import CHROMIUM

REQUIRE_SERVICES = os.environ.get("MARIOHR_REQUIRE_SERVICES") == "1"


def services() -> list[tuple[str, bool, str]]:
    """(marker, whether this run has the service, what the service is) for each service marker."""
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    on_redis = os.environ.get("CELERY_BROKER_URL", "").startswith("redis://")
    has_browser = os.access(CHROMIUM, os.X_OK)
    return [
        ("needs_postgres", on_postgres, "DATABASE_URL pointing at PostgreSQL"),
        ("needs_redis", on_redis, "CELERY_BROKER_URL pointing at Redis"),
        ("needs_browser", has_browser, f"chromium at {CHROMIUM} (make installs Debian's package)"),
    ]
