import uuid

import pytest
import trustme
from rest_framework.test import APIClient

from assessments.services.organizations import set_ats_credentials
from tests.support.candidate_data import post_event_client
from tests.support.https_sink import HttpsSink

RUNTIME_TOKEN = "runtime-token-of-the-erasure-tests"


@pytest.fixture
def bucket(local_s3, settings) -> str:
    """The recordings bucket, versioned: a plain delete there would only hide a recording."""
    name = f"recordings-{uuid.uuid4().hex[:12]}"  # the server lives for the session: a bucket per test
    client = local_s3.client()
    client.create_bucket(Bucket=name)
    client.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    for setting, value in local_s3.settings_env(name).items():
        setattr(settings, setting, value)
    return name


@pytest.fixture
def s3(local_s3, bucket):
    return local_s3.client()


@pytest.fixture
def sink(settings, tmp_path, organization):
    """The ATS's webhook on localhost, trusted and exempted from the address check."""
    ca = trustme.CA()
    ca_path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_path))
    settings.CALLBACK_ALLOWED_PRIVATE_HOSTS = ["localhost"]
    settings.CALLBACK_CA_BUNDLE = str(ca_path)
    set_ats_credentials(organization=organization, api_key="ats-key-of-the-erasure-tests")
    server = HttpsSink(ca, str(ca_path)).start()
    yield server
    server.stop()


@pytest.fixture
def post_event(settings):
    settings.RUNTIME_API_TOKEN = RUNTIME_TOKEN
    engine = APIClient()
    engine.credentials(HTTP_AUTHORIZATION=f"Bearer {RUNTIME_TOKEN}")
    return post_event_client(engine)


@pytest.fixture
def tasks_run_at_once():
    """Celery tasks run in the calling process as soon as they are queued, as an idle worker would."""
    from mariohr.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager
