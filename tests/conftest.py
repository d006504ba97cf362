"""Shared fixtures: organizations with keys, a catalog, an authenticated client, and DNS.

DNS is the one outside system the partner API touches (the callback-address check resolves
host names); this machine has no resolver, so `fake_dns` answers for the names tests use.
"""

import base64
import os
import socket

import pytest
from django.db import connection
from rest_framework.test import APIClient

from assessments.models import Assessment, Organization
from assessments.services.catalog import import_catalog
from assessments.services.organizations import enable_assessments, issue_api_key

REQUIRE_SERVICES = os.environ.get("MARIOHR_REQUIRE_SERVICES") == "1"
# Debian's chromium, which `make` installs; Playwright's own browser download does not work everywhere.
CHROMIUM = "/usr/bin/chromium"

# Public addresses (no request is ever sent to them in these tests).
PUBLIC_IP = "93.184.215.14"
PUBLIC_IPV6 = "2606:2800:21f:cb07:6820:80da:af6b:8b2c"

CATALOG = [
    {
        "partner_test_id": "py-fastapi-review",
        "partner_test_name": "Python FastAPI Code Review",
        "description": "Repo-based exercise for backend roles.",
        "fields": [
            {"name": "repository", "label": "Repository", "value": "https://git.example/repo", "secret": False},
            {"name": "db-password", "label": "Database password", "value": "hunter2-secret", "secret": True},
        ],
    },
    {
        "partner_test_id": "react-debugging",
        "partner_test_name": "React Debugging Session",
        "description": "Fix three bugs.",
        "fields": [],
    },
    {"partner_test_id": "12345", "partner_test_name": "Numeric Id Test", "description": "", "fields": []},
]


def pytest_collection_modifyitems(config, items):
    """Service-bound tests skip on the embedded defaults, and fail when CI demands the services."""
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    on_redis = os.environ.get("CELERY_BROKER_URL", "").startswith("redis://")
    has_browser = os.access(CHROMIUM, os.X_OK)
    for item in items:
        for marker, available, what in (
            ("needs_postgres", on_postgres, "DATABASE_URL pointing at PostgreSQL"),
            ("needs_redis", on_redis, "CELERY_BROKER_URL pointing at Redis"),
            ("needs_browser", has_browser, f"chromium at {CHROMIUM} (make installs Debian's package)"),
        ):
            if item.get_closest_marker(marker) and not available:
                if REQUIRE_SERVICES:
                    item.user_properties.append(("missing", what))
                else:
                    item.add_marker(pytest.mark.skip(reason=f"needs {what}"))


@pytest.fixture(autouse=True)
def _fail_when_required_service_missing(request):
    missing = dict(request.node.user_properties).get("missing")
    if missing:
        pytest.fail(f"MARIOHR_REQUIRE_SERVICES=1 but this test has no {missing}")


@pytest.fixture(autouse=True)
def _api_keys_checked_on_every_request(settings):
    """The partner API trusts a key it has checked for a few seconds (ats_api/lookups.py): a
    clock inside query counts. Tests check the key on every request, but for those of the trust."""
    settings.API_KEY_TRUST_SECONDS = 0


@pytest.fixture
def fake_dns(monkeypatch):
    """A resolver for test host names; numeric hosts go to the real getaddrinfo."""
    names: dict[str, list[str]] = {
        "ats.example.com": [PUBLIC_IP],
        "hooks.example.com": [PUBLIC_IP, PUBLIC_IPV6],
    }
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        key = host.decode() if isinstance(host, bytes) else host
        if key in names:
            return [
                (
                    socket.AF_INET6 if ":" in ip else socket.AF_INET,
                    socket.SOCK_STREAM,
                    6,
                    "",
                    (ip, port or 0, 0, 0) if ":" in ip else (ip, port or 0),
                )
                for ip in names[key]
            ]
        try:
            return real_getaddrinfo(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)
        except socket.gaierror:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names


@pytest.fixture
def catalog(db) -> list[Assessment]:
    import_catalog(entries=CATALOG)
    return list(Assessment.objects.order_by("test_id"))


@pytest.fixture
def organization(catalog) -> Organization:
    org = Organization.objects.create(slug="acme", name="Acme Corp")
    enable_assessments(organization=org, test_ids=["py-fastapi-review", "react-debugging", "12345"])
    return org


@pytest.fixture
def other_organization(catalog) -> Organization:
    org = Organization.objects.create(slug="globex", name="Globex")
    enable_assessments(organization=org, test_ids=["py-fastapi-review"])
    return org


@pytest.fixture
def api_key(organization) -> str:
    return issue_api_key(organization=organization, label="test")[1]


@pytest.fixture
def other_api_key(other_organization) -> str:
    return issue_api_key(organization=other_organization, label="test")[1]


def basic_auth(username: str, password: str = "") -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.fixture
def client_for():
    """An API client that sends Basic auth with the given key, as Greenhouse does."""

    def make(key: str) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=basic_auth(key))
        return client

    return make


@pytest.fixture
def ats(client_for, api_key, fake_dns) -> APIClient:
    return client_for(api_key)


@pytest.fixture
def send_test_body():
    def make(**overrides) -> dict:
        body = {
            "partner_test_id": "py-fastapi-review",
            "candidate": {
                "email": "alex.kim@example.com",
                "first_name": "Alex",
                "last_name": "Kim",
                "greenhouse_profile_url": "https://app.greenhouse.io/people/123",
            },
            "url": "https://ats.example.com/webhooks/mariohr/abc",
            "sent_by": "recruiter@example.com",
        }
        body.update(overrides)
        return body

    return make


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"
