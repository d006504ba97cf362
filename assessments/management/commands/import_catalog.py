import json

from django.core.management.base import BaseCommand, CommandError
from rest_framework.exceptions import ValidationError

from assessments.services.catalog import import_catalog
from mariohr.api_errors import flatten_errors


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
        except ValidationError as exc:
            problems = flatten_errors(_number_entries(exc.detail))
            raise CommandError(f"{file}: nothing imported.\n" + "\n".join(problems)) from None
        self.stdout.write(f"Imported the catalog: {result.created} created, {result.updated} updated.")


def _number_entries(detail):
    # A many=True serializer reports a list, one item per entry: name them "entry N".
    if isinstance(detail, list):
        return {f"entry {n}": item for n, item in enumerate(detail, start=1) if item}
    return detail
