from django.core.management.base import BaseCommand, CommandError

from assessments.management.commands._lookups import organization_by_slug
from assessments.services.organizations import set_ats_credentials


class Command(BaseCommand):
    help = (
        "Store the organization's ATS API key (sent as Basic auth on our result callbacks) and/or its "
        "Ashby API key (sent on assessment.update). Either option alone changes only its own key."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--api-key", dest="api_key")
        parser.add_argument("--ashby-api-key", dest="ashby_api_key")

    def handle(self, *args, slug: str, api_key: str | None, ashby_api_key: str | None, **options):
        if api_key is None and ashby_api_key is None:
            raise CommandError("Give --api-key, --ashby-api-key, or both.")
        for option, value in (("--api-key", api_key), ("--ashby-api-key", ashby_api_key)):
            if value is not None and not value.strip():
                raise CommandError(f"{option} may not be empty.")
        organization = organization_by_slug(slug)
        set_ats_credentials(organization=organization, api_key=api_key, ashby_api_key=ashby_api_key)
        if api_key is not None:
            self.stdout.write(f"Stored the ATS API key for {organization.slug} (ending …{api_key[-4:]}), encrypted.")
        if ashby_api_key is not None:
            self.stdout.write(
                f"Stored the Ashby API key for {organization.slug} (ending …{ashby_api_key[-4:]}), encrypted."
            )
