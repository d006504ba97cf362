from django.core.management.base import BaseCommand, CommandError

from assessments.management.commands._lookups import organization_by_slug
from assessments.services.organizations import UnknownAssessments, enable_assessments


class Command(BaseCommand):
    help = "Allow an organization to send these assessments from its ATS."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("test_ids", nargs="+", metavar="TEST_ID")

    def handle(self, *args, slug: str, test_ids: list[str], **options):
        organization = organization_by_slug(slug)
        try:
            enabled = enable_assessments(organization=organization, test_ids=test_ids)
        except UnknownAssessments as exc:
            raise CommandError(f"Nothing enabled: {exc}. Import it first with import_catalog.") from None
        names = ", ".join(a.test_id for a in enabled)
        self.stdout.write(f"{organization.slug} may now send: {names}.")
