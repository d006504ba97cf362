from django.core.management.base import BaseCommand

from assessments.management.commands._lookups import organization_by_slug
from assessments.services.organizations import rotate_signing_secret


class Command(BaseCommand):
    help = (
        "Give an organization a new callback signing secret, printed alone on the last line. "
        "The previous secret keeps signing beside it for 24 hours."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, *args, slug: str, **options):
        organization = organization_by_slug(slug)
        secret = rotate_signing_secret(organization=organization)
        self.stdout.write(
            f"New signing secret for {organization.slug}. Callbacks carry signatures of both the new and the "
            "previous secret for 24 hours, then of the new one only:"
        )
        self.stdout.write(secret)
