from django.core.management.base import BaseCommand, CommandError

from assessments.services.field_encryption import UnreadableSecret, rotate_field_encryption


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored secret with the first key of FIELD_ENCRYPTION_KEY, the last step "
        "of a key rotation before the old key is removed."
    )

    def handle(self, *args, **options):
        try:
            count = rotate_field_encryption()
        except UnreadableSecret as exc:
            raise CommandError(f"{exc} Nothing was changed.") from None
        self.stdout.write(f"Re-encrypted {count} stored secret(s) with the first FIELD_ENCRYPTION_KEY.")
