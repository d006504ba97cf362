"""`manage.py run_demo_ats` as `make run` starts it: its own process, the CA made on first start in
<var>/demo-ats/ and the same after a restart, so the web and worker keep trusting it."""

import os
import socket
import stat
import subprocess
import sys

import pytest

from assessments.models import Interview
from assessments.services.organizations import set_ats_credentials
from assessments.services.results import score_interview
from callbacks.models import DeliveryStatus
from callbacks.services import attempt_delivery
from demo_ats.management.commands.run_demo_ats import default_port
from demo_ats.models import ReceivedCallback
from tests.support.celery_processes import PROJECT_DIR, database_url_for_processes
from tests.support.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

ATS_KEY = "demo-ats-key-never-printed-4r"
BREAKDOWN = [{"name": "Correctness", "score": 82, "max": 100, "comment": ""}]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DemoAtsProcess:
    def __init__(self, var_dir, log_path, *args: str, env: dict[str, str] | None = None):
        with open(log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "run_demo_ats", *args],
                cwd=PROJECT_DIR,
                env={
                    **os.environ,
                    "DATABASE_URL": database_url_for_processes(),
                    "MARIOHR_VAR_DIR": str(var_dir),
                    **(env or {}),
                },
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.log_path = log_path
        wait_until(lambda: "listening on" in self.log() or self.process.poll() is not None, what="run_demo_ats")
        assert self.process.poll() is None, self.log()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        """Stopped as honcho stops it when `make run` ends (SIGTERM). Not Ctrl-C: in CI, after the
        rest of the suite, the process did not stop on SIGINT (twice, reason not found), and
        restarting is what this test is about."""
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(f"run_demo_ats did not stop on SIGTERM within 30 s; its log:\n{self.log()}") from None


def deliver_a_result(organization, port: int, path: str) -> Interview:
    interview = Interview.objects.create(
        integration="greenhouse",
        organization=organization,
        assessment=organization.assessments.get(test_id="py-fastapi-review"),
        candidate_email=f"candidate{port}{path.replace('/', '-')}@example.com",
        callback_url=f"https://localhost:{port}{path}",
        status="started",
    )
    delivery = score_interview(interview=interview, breakdown=BREAKDOWN)
    attempt_delivery(delivery_id=delivery.id)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED, delivery.last_error
    return interview


def test_the_command_receives_a_real_callback_and_keeps_its_ca_across_a_restart(organization, tmp_path, settings):
    set_ats_credentials(organization=organization, api_key=ATS_KEY)
    var_dir, port = tmp_path / "var", free_port()
    demo_dir = var_dir / "demo-ats"
    settings.CALLBACK_CA_BUNDLE = str(demo_dir / "ca.pem")
    settings.CALLBACK_ALLOWED_PRIVATE_HOSTS = ["localhost"]

    # `make run` makes the CA before it starts the web and worker that trust it.
    prepared = subprocess.run(
        [sys.executable, "manage.py", "run_demo_ats", "--certificates-only"],
        cwd=PROJECT_DIR,
        env={**os.environ, "MARIOHR_VAR_DIR": str(var_dir)},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert prepared.stdout.splitlines()[-1] == str(demo_dir / "ca.pem")
    prepared_ca = (demo_dir / "ca.pem").read_bytes()

    first = DemoAtsProcess(var_dir, tmp_path / "first.log", env={"DEMO_ATS_PORT": str(port)})
    try:
        interview = deliver_a_result(organization, port, "/callbacks/acme")
    finally:
        first.stop()
    ca, server_cert = (demo_dir / "ca.pem").read_bytes(), (demo_dir / "server.pem").read_bytes()

    assert ReceivedCallback.objects.get().interview_id == interview.public_id
    [line] = [line for line in first.log().splitlines() if interview.public_id in line]
    assert "PATCH /callbacks/acme" in line and "status=complete score=82" in line
    assert ATS_KEY not in first.log()
    for key in ("ca-key.pem", "server-key.pem"):
        assert stat.S_IMODE((demo_dir / key).stat().st_mode) == 0o600

    second = DemoAtsProcess(var_dir, tmp_path / "second.log", "--port", str(port))
    try:
        again = deliver_a_result(organization, port, "/callbacks/after-restart")
    finally:
        second.stop()

    assert (demo_dir / "ca.pem").read_bytes() == ca == prepared_ca
    assert (demo_dir / "server.pem").read_bytes() == server_cert
    assert ReceivedCallback.objects.first().interview_id == again.public_id


def test_the_port_defaults_to_the_one_after_the_webs(monkeypatch):
    monkeypatch.delenv("DEMO_ATS_PORT", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    assert default_port() == 8001
    monkeypatch.setenv("PORT", "5000")
    assert default_port() == 5001
    monkeypatch.setenv("DEMO_ATS_PORT", "9443")
    assert default_port() == 9443
