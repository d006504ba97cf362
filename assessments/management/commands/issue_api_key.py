from django.core.management.base import BaseCommand

from assessments.management.commands._lookups import organization_by_slug
from assessments.services.organizations import issue_api_key


class Command(BaseCommand):
    help = "Issue a new API key for an organization. The key is printed once, alone on the last line."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--label", default="default", help="A name for the key (50 characters at most).")
        parser.add_argument(
            "--sandbox",
            action="store_true",
            help="A sandbox key: its interviews email nobody and move by themselves to a sample result.",
        )

    def handle(self, *args, slug: str, label: str, sandbox: bool = False, **options):
        organization = organization_by_slug(slug)
        api_key, key = issue_api_key(organization=organization, label=label[:50], sandbox=sandbox)
        kind = "sandbox key" if sandbox else "key"
        self.stdout.write(
            f"Issued {kind} {api_key.prefix}… ({api_key.name}) for {organization.slug}. "
            "It is shown only now; MarioHR keeps only its hash:"
        )
        self.stdout.write(key)
