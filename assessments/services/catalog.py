"""The assessment catalog: upserted from JSON by account managers' tooling."""

from dataclasses import dataclass

from django.db import transaction
from rest_framework import serializers

from assessments.models import Assessment, AssessmentField


class CatalogFieldSerializer(serializers.Serializer):
    name = serializers.SlugField(max_length=100)
    label = serializers.CharField(max_length=200, required=False, allow_blank=True)
    value = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    secret = serializers.BooleanField(default=False)


class CatalogEntrySerializer(serializers.Serializer):
    partner_test_id = serializers.CharField(max_length=100)
    partner_test_name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    fields = CatalogFieldSerializer(many=True, required=False, default=list)


@dataclass(frozen=True)
class CatalogImport:
    created: int
    updated: int


@transaction.atomic
def import_catalog(*, entries: list[dict]) -> CatalogImport:
    """Upsert assessments by test id; each one's fields become exactly those given.

    Raises rest_framework ValidationError (naming the entry and field) and writes nothing if
    any entry is invalid.
    """
    serializer = CatalogEntrySerializer(data=entries, many=True)
    serializer.is_valid(raise_exception=True)
    created = 0
    for entry in serializer.validated_data:
        assessment, was_created = Assessment.objects.update_or_create(
            test_id=entry["partner_test_id"],
            defaults={"name": entry["partner_test_name"], "description": entry["description"]},
        )
        created += was_created
        _replace_fields(assessment, entry["fields"])
    return CatalogImport(created=created, updated=len(serializer.validated_data) - created)


def _replace_fields(assessment: Assessment, fields: list[dict]) -> None:
    assessment.fields.exclude(name__in=[f["name"] for f in fields]).delete()
    for position, field in enumerate(fields):
        AssessmentField.objects.update_or_create(
            assessment=assessment,
            name=field["name"],
            defaults={
                "label": field.get("label") or field["name"],
                "value": field.get("value", ""),
                "secret": field["secret"],
                "position": position,
            },
        )
