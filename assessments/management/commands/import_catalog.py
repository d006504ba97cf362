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


def _number_entries(detail, top: bool = True):
    """Name the failing items "entry 3" (nested ones "fields.2"), counting from 1 as a person
    reading the file does.

    A many=True serializer reports its errors either as a list or as a dict keyed by the 0-based
    index of each failing item, depending on the DRF version: both are handled.
    """
    if isinstance(detail, list) and any(isinstance(item, dict) for item in detail):
        detail = dict(enumerate(detail))
    if not isinstance(detail, dict):
        return detail
    return {_item_name(key, top): _number_entries(value, top=False) for key, value in detail.items() if value}


def _item_name(key, top: bool) -> str:
    if not isinstance(key, int):
        return key
    return f"entry {key + 1}" if top else str(key + 1)
