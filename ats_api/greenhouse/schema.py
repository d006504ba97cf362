"""How the OpenAPI schema describes send_test's body (loaded by AtsApiConfig.ready)."""

from drf_spectacular.extensions import OpenApiSerializerExtension


class SendTestRequestSchema(OpenApiSerializerExtension):
    """send_test needs a callback url at the top level or, as older Greenhouse versions sent it,
    inside candidate; a blank or null top-level url means the candidate one is used."""

    target_class = "ats_api.greenhouse.serializers.SendTestSerializer"

    def map_serializer(self, auto_schema, direction):
        from ats_api.greenhouse.serializers import CALLBACK_URL_SCHEMA

        schema = auto_schema._map_basic_serializer(self.target, direction)
        schema["anyOf"] = [
            {"required": ["url"], "properties": {"url": {"type": "string", "minLength": 1}}},
            {"properties": {"candidate": {"required": ["url"], "properties": {"url": CALLBACK_URL_SCHEMA}}}},
        ]
        return schema
