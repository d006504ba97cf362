# The end-to-end test uses the callbacks fixtures: the HTTPS sink, local S3, real Celery processes.
from tests.callbacks.conftest import (  # noqa: F401
    local_s3,
    recordings_bucket,
    sink,
    start_celery,
    tls_ca,
    worker_env,
)
