from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug

from assessments.services.organizations import create_organization


class Command(BaseCommand):
    help = "Create an organization (or rename it if the slug exists)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)

    def handle(self, *args, slug: str, name: str, **options):
        try:
            validate_slug(slug)
        except ValidationError:
            raise CommandError(f"SLUG '{slug}' may hold only letters, digits, hyphens and underscores.") from None
        organization, created = create_organization(slug=slug, name=name)
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} organization {organization.slug} ({organization.name}).")
