import json

from django.core.management.base import BaseCommand, CommandError

from assessments.services.catalog import CatalogInvalid, import_catalog


class Command(BaseCommand):
    help = "Upsert assessments from a JSON array of {partner_test_id, partner_test_name, description, fields}."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.json")

    def handle(self, *args, file: str, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                entries = json.load(handle)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        except ValueError as exc:
            raise CommandError(f"{file} is not valid JSON: {exc}") from None
        if not isinstance(entries, list):
            raise CommandError(f"{file} must hold a JSON array of assessments.")
        try:
            result = import_catalog(entries=entries)
        except CatalogInvalid as exc:
            raise CommandError(f"{file}: nothing imported.\n" + "\n".join(exc.problems)) from None
        self.stdout.write(f"Imported the catalog: {result.created} created, {result.updated} updated.")
