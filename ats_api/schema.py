"""How the OpenAPI schema describes the partner APIs' auth (loaded by AtsApiConfig.ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


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
