import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from assessments.models import ApiKey
from assessments.services.catalog import import_catalog
from assessments.services.organizations import (
    create_organization,
    enable_assessments,
    issue_api_key,
    revoke_api_key,
)

DEMO_CATALOG = Path(__file__).resolve().parents[2] / "demo" / "catalog.json"
DEMO_KEY_LABEL = "seed_demo"


class Command(BaseCommand):
    help = "Create the demo organization and catalog, and print a fresh demo API key with curl examples."

    @transaction.atomic
    def handle(self, *args, **options):
        entries = json.loads(DEMO_CATALOG.read_text())
        import_catalog(entries=entries)
        organization, _ = create_organization(slug="demo", name="Demo Company")
        enable_assessments(organization=organization, test_ids=[e["partner_test_id"] for e in entries])
        # One demo key at a time: the previous run's key stops working.
        for previous in ApiKey.objects.filter(organization=organization, name=DEMO_KEY_LABEL, revoked=False):
            revoke_api_key(api_key=previous)
        _, key = issue_api_key(organization=organization, label=DEMO_KEY_LABEL)
        self.stdout.write(self._instructions(key))
        self.stdout.write(key)

    def _instructions(self, key: str) -> str:
        base = settings.PUBLIC_BASE_URL
        return f"""
Demo organization "demo" is ready, with {DEMO_CATALOG.name}'s assessments enabled.
Try the partner API (the key is the Basic-auth user name, the password is empty):

  curl -u '{key}:' {base}/api/ats/list_tests

  curl -u '{key}:' -H 'Content-Type: application/json' {base}/api/ats/send_test \\
    -d '{{"partner_test_id": "py-fastapi-review",
         "candidate": {{"email": "alex@example.com", "first_name": "Alex", "last_name": "Kim"}},
         "url": "https://example.com/webhooks/mariohr/abc", "sent_by": "recruiter@example.com"}}'

  curl -u '{key}:' '{base}/api/ats/test_status?partner_interview_id=<the id send_test returned>'

API docs: {base}/api/docs/    Admin: {base}/admin/

Demo API key (shown once):"""
