"""The assessment catalog: upserted from JSON by account managers' tooling.

The entries are those of the catalog file (contract section 5): `partner_test_id`,
`partner_test_name`, `description`, `fields` [{`name`, `label`, `value`, `secret`}].
"""

import re
from dataclasses import dataclass, field

from django.db import transaction

from assessments.models import Assessment, AssessmentField

REQUIRED = "This field is required."
SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")


class CatalogInvalid(ValueError):
    """Some entries are invalid; `problems` names each one's entry and field ("entry 2.partner_test_id: ...")."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class CatalogEntry:
    test_id: str
    name: str
    description: str = ""
    fields: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class CatalogImport:
    created: int
    updated: int


@transaction.atomic
def import_catalog(*, entries: list[dict]) -> CatalogImport:
    """Upsert assessments by test id; each one's fields become exactly those given.

    Raises CatalogInvalid (naming the entry and field of every problem) and writes nothing if any
    entry is invalid.
    """
    checked = read_entries(entries)
    created = 0
    for entry in checked:
        assessment, was_created = Assessment.objects.update_or_create(
            test_id=entry.test_id, defaults={"name": entry.name, "description": entry.description}
        )
        created += was_created
        _replace_fields(assessment, entry.fields)
    return CatalogImport(created=created, updated=len(checked) - created)


def read_entries(entries: list) -> list[CatalogEntry]:
    """The entries, checked. Counts from 1, as a person reading the file does. Raises CatalogInvalid."""
    problems: list[str] = []
    checked = []
    for number, entry in enumerate(entries, start=1):
        where = f"entry {number}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a JSON object.")
            continue
        test_id = _text(entry, "partner_test_id", where, problems, max_length=100)
        name = _text(entry, "partner_test_name", where, problems, max_length=200)
        description = _text(entry, "description", where, problems, required=False)
        fields = _fields(entry.get("fields"), f"{where}.fields", problems)
        checked.append(CatalogEntry(test_id=test_id, name=name, description=description, fields=fields))
    if problems:
        raise CatalogInvalid(problems)
    return checked


def _fields(fields, where: str, problems: list[str]) -> list[dict]:
    if fields is None:
        return []
    if not isinstance(fields, list):
        problems.append(f"{where}: must be a JSON array.")
        return []
    checked = []
    for number, item in enumerate(fields, start=1):
        at = f"{where}.{number}"
        if not isinstance(item, dict):
            problems.append(f"{at}: must be a JSON object.")
            continue
        name = _text(item, "name", at, problems, max_length=100)
        if name and not SLUG.match(name):
            problems.append(f'{at}.name: Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.')
        secret = item.get("secret", False)
        if not isinstance(secret, bool):
            problems.append(f"{at}.secret: Must be a valid boolean.")
        checked.append(
            {
                "name": name,
                "label": _text(item, "label", at, problems, required=False, max_length=200),
                # A value is kept as given: leading spaces may matter (a code sample, say).
                "value": _text(item, "value", at, problems, required=False, trim=False),
                "secret": secret is True,
            }
        )
    return checked


def _text(
    data: dict,
    key: str,
    where: str,
    problems: list[str],
    *,
    required: bool = True,
    max_length: int | None = None,
    trim: bool = True,
) -> str:
    """The key's text ("" when absent or invalid, with the problem noted). Numbers are taken as text."""
    value = data.get(key)
    if value is None:
        if required:
            problems.append(f"{where}.{key}: {REQUIRED}")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        problems.append(f"{where}.{key}: Not a valid string.")
        return ""
    text = str(value).strip() if trim else str(value)
    if required and not text:
        problems.append(f"{where}.{key}: This field may not be blank.")
    elif max_length is not None and len(text) > max_length:
        problems.append(f"{where}.{key}: Ensure this field has no more than {max_length} characters.")
        return ""
    return text


def _replace_fields(assessment: Assessment, fields: list[dict]) -> None:
    assessment.fields.exclude(name__in=[f["name"] for f in fields]).delete()
    for position, item in enumerate(fields):
        AssessmentField.objects.update_or_create(
            assessment=assessment,
            name=item["name"],
            defaults={
                "label": item["label"] or item["name"],
                "value": item["value"],
                "secret": item["secret"],
                "position": position,
            },
        )
