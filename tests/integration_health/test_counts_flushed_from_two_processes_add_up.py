"""Two web processes count the same organization's calls, each in its own memory, and both add
them to the same day's row: one flushing on its timer (then killed outright), the other on exit.
Real processes on the embedded defaults (a SQLite file), so the counts meet only in the database."""

import subprocess

from tests.support.local_process import PROJECT_DIR, run_python, start_python

SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from assessments.models import Organization
from assessments.services.organizations import issue_api_key
print(issue_api_key(organization=Organization.objects.create(slug="acme", name="Acme"), label="web")[1])
"""

# argv: the key, how many calls, then "kill" to end without exiting normally (no atexit flush).
WEB_PROCESS = """
import base64, os, sys, time
import django
django.setup()
from django.test import Client
key, calls, ending = sys.argv[1], int(sys.argv[2]), sys.argv[3]
auth = "Basic " + base64.b64encode(f"{key}:".encode()).decode()
client = Client(HTTP_HOST="localhost")
for _ in range(calls):
    response = client.get("/api/ats/test_status", {"partner_interview_id": "none"}, HTTP_AUTHORIZATION=auth)
    assert response.status_code == 404, response.content
if ending == "kill":
    time.sleep(2)  # several ticks of its flush timer
    os._exit(0)  # as SIGKILL would: no atexit
"""

COUNTED = """
import django
django.setup()
from integration_health.models import ApiCallCount
for row in ApiCallCount.objects.all():
    print(row.organization.slug, row.route, row.status_code, row.count)
"""


def web_process(tmp_path, key: str, calls: int, ending: str, flush_seconds: str) -> subprocess.Popen:
    return start_python(
        WEB_PROCESS,
        key,
        str(calls),
        ending,
        cwd=PROJECT_DIR,
        var_dir=tmp_path,
        API_CALL_COUNTS_FLUSH_SECONDS=flush_seconds,
    )


def test_two_web_processes_counts_add_up_in_the_days_row(tmp_path):
    setup = run_python(SETUP, PROJECT_DIR, tmp_path)
    assert setup.returncode == 0, setup.stderr
    key = setup.stdout.strip().splitlines()[-1]

    on_timer = web_process(tmp_path, key, 5, "kill", flush_seconds="0.3")
    on_exit = web_process(tmp_path, key, 7, "exit", flush_seconds="3600")
    for process in (on_timer, on_exit):
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr

    counted = run_python(COUNTED, PROJECT_DIR, tmp_path)
    assert counted.returncode == 0, counted.stderr
    assert counted.stdout.strip().splitlines() == ["acme api/ats/test_status 404 12"]
