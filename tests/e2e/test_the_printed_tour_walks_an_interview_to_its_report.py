"""The commands `make run` prints (seed_demo's output), pasted into a shell as printed, take one
interview from list_tests to its report against a running server."""

import io
import json
import subprocess

import pytest
from django.core.management import call_command

from assessments.models import Interview
from tests.support.production_env import PROJECT_DIR

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_ATS_PORT = "18766"


@pytest.fixture
def printed_tour(live_server, settings, tmp_path, monkeypatch) -> str:
    """seed_demo's output as `make run` prints it: embedded database, demo ATS allowed."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DEMO_ATS_PORT", DEMO_ATS_PORT)
    settings.VAR_DIR = tmp_path
    settings.PUBLIC_BASE_URL = live_server.url
    settings.CALLBACK_ALLOWED_PRIVATE_HOSTS = ["localhost"]
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_printed_commands_take_an_interview_from_send_test_to_its_report(printed_tour, live_server):
    commands = printed_tour[printed_tour.index("# Paste into another shell") :]

    shell = subprocess.run(
        ["bash", "-c", commands], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=60, check=False
    )

    assert shell.returncode == 0, shell.stderr
    assert "curl:" not in shell.stderr  # curl reached the server every time
    tests, public_id, sent, started, submitted, scored, complete, report, browser = shell.stdout.splitlines()
    assert [t["partner_test_id"] for t in json.loads(tests)] == [
        "py-fastapi-review",
        "react-debugging",
        "sql-analytics",
    ]
    assert json.loads(sent)["partner_status"] == "sent"
    assert [json.loads(answer)["status"] for answer in (started, submitted, scored)] == [
        "started",
        "submitted",
        "complete",
    ]
    status = json.loads(complete)
    assert status["partner_status"] == "complete"
    assert status["partner_score"] == 82
    assert status["partner_profile_url"] == f"{live_server.url}/api/report/{public_id}"
    assert [c["name"] for c in json.loads(report)["scoring"]["breakdown"]] == ["Correctness", "Communication"]
    assert browser.endswith(f" {live_server.url}/api/report/{public_id}")
    interview = Interview.objects.get(public_id=public_id)
    assert interview.callback_url == f"https://localhost:{DEMO_ATS_PORT}/callbacks/demo"


def test_pasting_the_commands_again_finds_the_same_interview_unchanged(printed_tour):
    commands = printed_tour[printed_tour.index("# Paste into another shell") :]
    first = subprocess.run(["bash", "-c", commands], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=60)

    again = subprocess.run(["bash", "-c", commands], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=60)

    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[1] == first.stdout.splitlines()[1]  # the same interview
    assert json.loads(again.stdout.splitlines()[6])["partner_status"] == "complete"
    assert Interview.objects.count() == 1
