"""Search everything the database holds: every column of every table of every installed model."""

import json

from django.apps import apps


def stored_values_containing(*needles: str) -> list[str]:
    """Where any of `needles` (any case) occurs in a stored value, as "<table>.<column> #<pk>".

    Values are read through the models (JSON decoded, encrypted fields decrypted), so a name is
    found however the database spells it (SQLite keeps JSON with non-ASCII characters escaped).
    """
    wanted = [needle.casefold() for needle in needles]
    found = []
    for model in apps.get_models(include_auto_created=True):
        fields = model._meta.concrete_fields
        for row in model._base_manager.values_list(*(field.attname for field in fields)):
            for field, value in zip(fields, row, strict=True):
                structured = isinstance(value, dict | list)
                text = json.dumps(value, ensure_ascii=False, default=str) if structured else str(value)
                if any(needle in text.casefold() for needle in wanted):
                    found.append(f"{model._meta.db_table}.{field.column} #{row[0]}")
    return found
