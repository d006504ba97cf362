"""How the OpenAPI schema describes the partner API's auth (loaded by AtsApiConfig.ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerExtension


class OrganizationKeyScheme(OpenApiAuthenticationExtension):
    target_class = "ats_api.authentication.OrganizationKeyAuthentication"
    name = "organizationKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "basic",
            "description": (
                "Your MarioHR API key as the user name and an empty password: "
                '`Authorization: Basic base64(<api_key> + ":")`.'
            ),
        }


class SendTestRequestSchema(OpenApiSerializerExtension):
    """send_test needs a callback url at the top level or, as older Greenhouse versions sent it,
    inside candidate; a blank or null top-level url means the candidate one is used."""

    target_class = "ats_api.serializers.SendTestSerializer"

    def map_serializer(self, auto_schema, direction):
        from ats_api.serializers import CALLBACK_URL_SCHEMA

        schema = auto_schema._map_basic_serializer(self.target, direction)
        schema["anyOf"] = [
            {"required": ["url"], "properties": {"url": {"type": "string", "minLength": 1}}},
            {"properties": {"candidate": {"required": ["url"], "properties": {"url": CALLBACK_URL_SCHEMA}}}},
        ]
        return schema
