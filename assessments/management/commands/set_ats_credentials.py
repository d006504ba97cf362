from django.core.management.base import BaseCommand, CommandError

from assessments.management.commands._lookups import organization_by_slug
from assessments.services.organizations import set_ats_credentials


class Command(BaseCommand):
    help = "Store the organization's ATS API key, sent as Basic auth on our result callbacks."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--api-key", required=True, dest="api_key")

    def handle(self, *args, slug: str, api_key: str, **options):
        if not api_key.strip():
            raise CommandError("--api-key may not be empty.")
        organization = organization_by_slug(slug)
        set_ats_credentials(organization=organization, api_key=api_key)
        self.stdout.write(f"Stored the ATS API key for {organization.slug} (ending …{api_key[-4:]}), encrypted.")
