import pytest
import trustme

from assessments.models import Interview
from assessments.services.organizations import set_ats_credentials
from tests.support.celery_processes import CeleryProcess
from tests.support.https_sink import HttpsSink
from tests.support.s3_server import LocalS3

ATS_KEY = "ats-secret-key-4f9a"


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
def started_interview(organization, sink) -> Interview:
    """An interview of acme's whose callback url is the sink, with the ATS key configured."""
    set_ats_credentials(organization=organization, api_key=ATS_KEY)
    return Interview.objects.create(
        integration="greenhouse",
        organization=organization,
        assessment=organization.assessments.get(test_id="py-fastapi-review"),
        candidate_email="alex.kim@example.com",
        candidate_first_name="Alex",
        candidate_last_name="Kim",
        callback_url=sink.url("/webhooks/mariohr/abc"),
        sent_by="recruiter@example.com",
        status="started",
    )


BREAKDOWN = [
    {"name": "Correctness", "score": 40, "max": 50, "comment": "Found two of three bugs."},
    {"name": "Communication", "score": 42, "max": 50, "comment": "Clear reasoning."},
]


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
