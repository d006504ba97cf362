import secrets

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from assessments.management.commands._lookups import organization_by_slug
from assessments.roles import ROLE_GROUPS
from assessments.services.staff import create_staff_user


class Command(BaseCommand):
    help = "Create an admin login (username = EMAIL) as an account manager or a recruiter."

    def add_arguments(self, parser):
        parser.add_argument("email", metavar="EMAIL")
        parser.add_argument("--role", required=True, choices=sorted(ROLE_GROUPS))
        parser.add_argument(
            "--organization",
            action="append",
            default=[],
            dest="organizations",
            metavar="SLUG",
            help="An organization the recruiter works for; repeat for several.",
        )
        parser.add_argument("--password", help="Without it, a new login gets a generated password, printed once.")

    def handle(self, *args, email: str, role: str, organizations: list[str], password: str | None, **options):
        orgs = [organization_by_slug(slug) for slug in organizations]
        generated = None
        if password is None:
            generated = password = secrets.token_urlsafe(12)
        try:
            user, created = create_staff_user(email=email, role=role, organizations=orgs, password=password)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        verb = "Created" if created else "Updated"
        scope = f" for {', '.join(o.slug for o in orgs)}" if role == "recruiter" else ""
        self.stdout.write(f"{verb} {role.replace('_', ' ')} {user.username}{scope}.")
        if generated:
            self.stdout.write(f"Password (shown once): {generated}")
