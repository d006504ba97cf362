"""Fixtures shared by every folder of tests: organizations with keys, a catalog, an authenticated
client, DNS, Celery tasks run at once, and the outside systems' stand-ins (the ATS's HTTPS webhook,
Ashby's API, a local S3, real Celery processes). Their helpers and data live in tests/support/.
"""

import socket

import pytest
import trustme
from django.db import connection
from rest_framework.test import APIClient

from assessments.models import Assessment, Organization
from assessments.services.email_batches import forget_pending_emails
from integration_health.api_calls import forget_api_call_counts
from tests.support.addresses import fake_getaddrinfo, test_host_names
from tests.support.ashby_api import assessment_start_body
from tests.support.builders import make_api_key, make_catalog, make_organization
from tests.support.celery_processes import CeleryProcess
from tests.support.eager_tasks import tasks_run_at_once as eager_tasks
from tests.support.https_sink import HttpsSink, trusted_sink
from tests.support.partner_api import partner_client
from tests.support.partner_api import send_test_body as make_send_test_body
from tests.support.required_services import REQUIRE_SERVICES, services
from tests.support.s3_server import LocalS3


def pytest_collection_modifyitems(config, items):
    """Service-bound tests skip on the embedded defaults, and fail when CI demands the services."""
    markers = services()
    for item in items:
        for marker, available, what in markers:
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


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Logins hash the password with PBKDF2 on purpose (slow for an attacker), which on a loaded
    2-core machine made a browser test's "Log in" outwait Playwright. No test is about the
    hasher's cost, so tests hash with a fast one."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _api_keys_checked_on_every_request(settings):
    """The partner API trusts a key it has checked for a few seconds (ats_api/lookups.py), and
    invitations which assessment an organization may send (assessments/services/sendable.py): a
    clock inside query counts. Tests read both on every request, but for those of the trust."""
    settings.API_KEY_TRUST_SECONDS = 0
    settings.SENDABLE_ASSESSMENT_TRUST_SECONDS = 0


@pytest.fixture(autouse=True)
def _api_call_counts_flushed_by_the_test(settings):
    """Each web process flushes its API call counts from a timer thread (integration_health/
    api_calls.py): in tests, that thread would write outside the test's transaction. Tests flush
    when they mean to, and start with no counts of an earlier test."""
    settings.API_CALL_COUNTS_FLUSH_SECONDS = 0
    forget_api_call_counts()


@pytest.fixture(autouse=True)
def _owed_emails_published_at_once(settings):
    """Each process batches the emails it owes for EMAIL_BATCH_SECONDS before handing them to a
    worker (assessments/services/email_batches.py), from a timer thread. Tests see each email
    handed over as its transaction commits, unless they test the batching itself."""
    settings.EMAIL_BATCH_SECONDS = 0
    forget_pending_emails()


@pytest.fixture
def fake_dns(monkeypatch):
    """A resolver for test host names (a test may add its own); numeric hosts go to the real one."""
    names = test_host_names()
    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo(names))
    return names


@pytest.fixture
def catalog(db) -> list[Assessment]:
    return make_catalog()


@pytest.fixture
def organization(catalog) -> Organization:
    return make_organization(slug="acme", name="Acme Corp", test_ids=["py-fastapi-review", "react-debugging", "12345"])


@pytest.fixture
def other_organization(catalog) -> Organization:
    return make_organization(slug="globex", name="Globex", test_ids=["py-fastapi-review"])


@pytest.fixture
def api_key(organization) -> str:
    return make_api_key(organization)


@pytest.fixture
def other_api_key(other_organization) -> str:
    return make_api_key(other_organization)


@pytest.fixture
def client_for():
    """An API client that sends Basic auth with the given key, as Greenhouse does."""
    return partner_client


@pytest.fixture
def ats(client_for, api_key, fake_dns) -> APIClient:
    return client_for(api_key)


@pytest.fixture
def send_test_body():
    """Greenhouse's send_test body; `**overrides` replace keys (tests/support/partner_api.py)."""
    return make_send_test_body


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture
def tasks_run_at_once():
    """Celery tasks run in the calling process as soon as they are queued, as an idle worker would."""
    with eager_tasks():
        yield


@pytest.fixture(scope="session")
def tls_ca(tmp_path_factory) -> tuple[trustme.CA, str]:
    ca = trustme.CA()
    path = tmp_path_factory.mktemp("tls") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return ca, str(path)


@pytest.fixture
def sink(tls_ca, settings):
    """The ATS's webhook on localhost, trusted through CALLBACK_CA_BUNDLE and exempted from the
    address check through CALLBACK_ALLOWED_PRIVATE_HOSTS, exactly as an operator would test."""
    ca, ca_path = tls_ca
    settings.CALLBACK_ALLOWED_PRIVATE_HOSTS = ["localhost"]
    settings.CALLBACK_CA_BUNDLE = ca_path
    server = HttpsSink(ca, ca_path).start()
    yield server
    server.stop()


@pytest.fixture
def ashby(settings):
    """Ashby's API on localhost: ASHBY_API_BASE_URL points at the sink, trusted as any callback target."""
    with trusted_sink(settings) as sink:
        settings.ASHBY_API_BASE_URL = sink.url("/ashby")
        yield sink


@pytest.fixture
def start_body(organization):
    """An assessment.start body for Acme's "Python FastAPI Code Review"; `**overrides` replace keys."""
    type_id = str(Assessment.objects.get(test_id="py-fastapi-review").uuid)

    def make(**overrides) -> dict:
        return assessment_start_body(type_id, **overrides)

    return make


@pytest.fixture(scope="session")
def local_s3():
    server = LocalS3().start()
    yield server
    server.stop()


@pytest.fixture
def recordings_bucket(local_s3, settings) -> str:
    bucket = "recordings-test"
    client = local_s3.client()
    client.create_bucket(Bucket=bucket)
    for name, value in local_s3.settings_env(bucket).items():
        setattr(settings, name, value)
    return bucket


@pytest.fixture
def worker_env(sink, tls_ca) -> dict[str, str]:
    """Settings for the worker processes: trust the sink, and fast leases and sweeps for the drills."""
    return {
        "CALLBACK_ALLOWED_PRIVATE_HOSTS": "localhost",
        "CALLBACK_CA_BUNDLE": tls_ca[1],
        "CALLBACK_LEASE_SECONDS": "3",
        "CALLBACK_REQUEUE_AFTER": "1",
        "CALLBACK_SWEEP_INTERVAL": "1",
        "CALLBACK_RETRY_SCHEDULE": "0,1,1,1,1,1",
    }


@pytest.fixture
def start_celery(tmp_path):
    """Start real `celery worker` / `celery beat` processes; all are stopped after the test."""
    from mariohr.celery import app

    app.control.purge()
    started: list[CeleryProcess] = []

    def start(kind: str, env: dict[str, str], name: str | None = None, concurrency: int = 8) -> CeleryProcess:
        log_path = tmp_path / f"{name or kind}.log"
        if kind == "worker":
            process = CeleryProcess.worker(env=env, log_path=log_path, concurrency=concurrency)
        else:
            process = CeleryProcess.beat(env=env, log_path=log_path, schedule_path=tmp_path / "beat-schedule")
        started.append(process)
        return process.start()

    yield start
    for process in started:
        process.stop()
        # Shown by pytest only when the test fails: what each process said.
        print(f"--- {process.log_path.name} ---\n{process.log()}")
