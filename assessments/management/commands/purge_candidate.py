from django.core.management.base import BaseCommand, CommandError

from assessments.management.commands._lookups import organization_by_slug
from assessments.services.erasure import COMMAND_LINE, NoEmailGiven, erase_candidate, finish_erasures


class Command(BaseCommand):
    help = (
        "Erase a candidate's personal data (GDPR Article 17): their interviews keep their ids, status "
        "and score; names, address, links, transcripts, recordings, callback bodies and error reports "
        "naming them go. Also deletes the recordings earlier erasures could not delete yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The candidate's email address (any case).")
        parser.add_argument("--organization", metavar="SLUG", help="Only in this organization (default: all).")

    def handle(self, *args, email: str, organization: str | None = None, **options):
        organization_id = organization_by_slug(organization).pk if organization else None
        try:
            erasure = erase_candidate(
                email=email, by=COMMAND_LINE, organization_id=organization_id, queue_recordings=False
            )
        except NoEmailGiven:
            raise CommandError("Give the candidate's email address.") from None
        # The address is not printed: this output may end up in a log.
        scope = f"organization {organization}" if organization else "all organizations"
        self.stdout.write(f"Erasure {erasure.pk} ({scope}):")
        for kind, count in erasure.counts.items():
            self.stdout.write(f"  {kind}: {count}")
        finished = finish_erasures()
        if finished.deleted:
            self.stdout.write(f"Recordings deleted from S3: {finished.deleted}.")
        if finished.left:
            # Not done until S3 has deleted them: a script sees it in the exit status.
            raise CommandError(
                f"Recordings still to delete: {finished.left} (S3: {finished.error}). The database part is done; "
                "the worker retries, or run this command again once S3 answers.",
                returncode=3,
            )
