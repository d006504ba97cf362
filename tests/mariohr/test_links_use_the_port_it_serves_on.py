"""Without PUBLIC_BASE_URL, the links we hand out (the emailed invitation, partner_profile_url,
which callbacks carry too) point at the port the service runs on: `make run PORT=8765` links to
:8765. Settings are read once per process, so each case is a new one."""

import os

from tests.support.production_env import run_django

LINKS = """
from assessments.models import Interview
from assessments.reports import report_url
from assessments.services.emails import invitation_link

interview = Interview(public_id="the-report-id", invitation_token="the-invitation-token")
print(invitation_link(interview))
print(report_url(interview))
"""


def links_in_a_process_with(**env: str) -> list[str]:
    local = {name: value for name, value in os.environ.items() if name not in ("PORT", "PUBLIC_BASE_URL")}
    started = run_django(LINKS, {**local, **env})
    assert started.returncode == 0, started.stderr
    return started.stdout.split()


def test_links_point_at_the_port_the_service_runs_on_unless_public_base_url_is_set():
    assert links_in_a_process_with(PORT="8765") == [
        "http://localhost:8765/i/the-invitation-token/",
        "http://localhost:8765/api/report/the-report-id",
    ]
    assert links_in_a_process_with(PORT="8765", PUBLIC_BASE_URL="http://hr.mario.example:9000/") == [
        "http://hr.mario.example:9000/i/the-invitation-token/",
        "http://hr.mario.example:9000/api/report/the-report-id",
    ]
