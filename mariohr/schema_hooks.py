"""drf-spectacular post-processing: what our request rules add to the generated OpenAPI schema.

Registered in settings.SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"], after drf-spectacular's own.
"""

# DRF refuses a NUL character (U+0000) in every string it parses (ProhibitNullCharactersValidator,
# and PostgreSQL cannot store one): say so in the schema, so that a client generated from it, or
# a fuzzer, knows the rule.
NO_NUL_PATTERN = "^[^\\u0000]*$"
# Operations whose body is required although its schema is a oneOf, which drf-spectacular
# never marks as required.
BODY_REQUIRED = {"record_runtime_event"}


def request_rules(result: dict, generator, request, public) -> dict:
    for schema in result.get("components", {}).get("schemas", {}).values():
        _forbid_nul(schema)
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict) and operation.get("operationId") in BODY_REQUIRED:
                operation["requestBody"]["required"] = True
    return result


def _forbid_nul(schema: dict) -> None:
    for prop in schema.get("properties", {}).values():
        if prop.get("type") == "string" and "enum" not in prop and "pattern" not in prop and not prop.get("readOnly"):
            prop["pattern"] = NO_NUL_PATTERN
        elif prop.get("type") == "object":
            _forbid_nul(prop)
        elif prop.get("type") == "array" and isinstance(prop.get("items"), dict):
            _forbid_nul({"properties": {"item": prop["items"]}})
