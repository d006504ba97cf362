# The end-to-end tests use the callbacks fixtures (the HTTPS sink, local S3, real Celery processes)
# and Ashby's (its assessment.start body, tasks run as queued, its assessment.update stand-in).
from tests.ats_api.ashby.conftest import start_body, tasks_run_at_once  # noqa: F401
from tests.ats_api.ashby_updates.conftest import ashby  # noqa: F401
from tests.callbacks.conftest import (  # noqa: F401
    local_s3,
    recordings_bucket,
    sink,
    start_celery,
    tls_ca,
    worker_env,
)
