import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from assessments.services.demo import Demo, kept_demo_folder, seed_demo
from mariohr.startup_checks import LOCAL_RUNTIME_API_TOKEN

# A callback address where nothing answers, for runs without the demo ATS (which `make run` starts).
NOWHERE = "https://your-ats.example/callbacks/demo"
# Its JSON, parsed with the virtualenv's Python: the one interpreter sure to be there.
INTERVIEW_ID = """.venv/bin/python -c 'import json, sys; print(json.load(sys.stdin)["partner_interview_id"])'"""


class Command(BaseCommand):
    help = (
        "Set up the demo organization, catalog, API key and (on the embedded database) an account "
        "manager's login, and print commands that walk one interview from send_test to its report."
    )

    def handle(self, *args, **options):
        demo = seed_demo(keep_in=kept_demo_folder())
        self.stdout.write(tour(demo))


def tour(demo: Demo) -> str:
    """The block `make run` prints before the logs: logins, then commands to paste in order."""
    base = settings.PUBLIC_BASE_URL
    callback = demo_ats_callback_url()
    if demo.kept_in is not None:
        where = _shown(demo.kept_in)
        logins = (
            f"  Admin     {base}{reverse('admin:index')}  {demo.manager_email} / {demo.manager_password}"
            f"  (account manager; kept in {where})\n"
            f"  API key   {demo.api_key}  (kept in {where}: the same at every run)"
        )
    else:
        logins = (
            f"  API key   {demo.api_key}  (shown once: the previous demo key no longer works)\n"
            f"  Admin     {base}{reverse('admin:index')}  for a login: .venv/bin/python manage.py "
            "create_staff_user you@example.com --role account_manager"
        )
    if callback == NOWHERE:
        receiver = f"  Callbacks {NOWHERE}: nothing answers there (`make run` starts a demo ATS instead)"
    else:
        receiver = f"  Callbacks the demo ATS at {callback} (its lines in the log: demo_ats)"
    if settings.RUNTIME_API_TOKEN == LOCAL_RUNTIME_API_TOKEN:
        engine = f"H='Authorization: Bearer {LOCAL_RUNTIME_API_TOKEN}'"
    else:
        engine = 'H="Authorization: Bearer $RUNTIME_API_TOKEN"'
    return f"""
Demo organization "demo" on {base}
{logins}
{receiver}

# Paste into another shell, from this folder, in order (again later: the same interview, unchanged).
KEY='{demo.api_key}'
curl -u "$KEY:" {base}/api/ats/list_tests; echo
ID=$(curl -sS -u "$KEY:" -H 'Content-Type: application/json' {base}/api/ats/send_test -d '{{"partner_test_id":
  "py-fastapi-review", "candidate": {{"email": "alex@example.com", "first_name": "Alex", "last_name": "Kim"}},
  "url": "{callback}"}}' | {INTERVIEW_ID}); echo "$ID"
curl -u "$KEY:" "{base}/api/ats/test_status?partner_interview_id=$ID"; echo
{engine}; E="{base}/api/runtime/interviews/$ID/events"; AT=$(date -u +%FT%TZ)
# The invitation email is in the worker's log: its link is the candidate's page, whose Start and Submit do
# what the engine's next two events do (one way or the other: after the page, these two answer 409).
curl -H "$H" -H 'Content-Type: application/json' "$E" -d '{{"id": "1", "type": "started", "at": "'$AT'"}}'; echo
curl -H "$H" -H 'Content-Type: application/json' "$E" -d '{{"id": "2", "type": "completed", "at": "'$AT'"}}'; echo
# Then the engine scores the interview: the result goes to send_test's callback url.
curl -H "$H" -H 'Content-Type: application/json' "$E" -d '{{"id": "3", "type": "scored", "breakdown": [
  {{"name": "Correctness", "score": 45, "max": 60, "comment": "Found the bug."}},
  {{"name": "Communication", "score": 37, "max": 40, "comment": "Clear."}}]}}'; echo
curl -u "$KEY:" "{base}/api/ats/test_status?partner_interview_id=$ID"; echo
curl -u "$KEY:" -H 'Accept: application/json' "{base}/api/report/$ID"; echo
echo "The report, for the browser (log in as the account manager): {base}/api/report/$ID"
"""


def demo_ats_callback_url() -> str:
    """The demo ATS's callback address (`run_demo_ats`, on DEMO_ATS_PORT, by default the web port
    plus one), when the callback check lets localhost through as `make run` does; else NOWHERE."""
    if "localhost" not in settings.CALLBACK_ALLOWED_PRIVATE_HOSTS:
        return NOWHERE
    # Read as the demo ATS reads it: a local-only setting, not one of the service's (contract section 6).
    port = os.environ.get("DEMO_ATS_PORT") or int(os.environ.get("PORT", "8000")) + 1
    return f"https://localhost:{port}/callbacks/demo"


def _shown(folder: Path) -> str:
    """The folder relative to the project's when it is inside it (var/demo/), else in full."""
    try:
        return f"{folder.relative_to(settings.BASE_DIR)}/"
    except ValueError:
        return f"{folder}/"
