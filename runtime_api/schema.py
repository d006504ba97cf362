"""How the OpenAPI schema describes the runtime API's auth (loaded by RuntimeApiConfig.ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class RuntimeTokenScheme(OpenApiAuthenticationExtension):
    target_class = "runtime_api.authentication.RuntimeTokenAuthentication"
    name = "runtimeToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "The assessment engine's shared secret, RUNTIME_API_TOKEN: `Authorization: Bearer <token>`.",
        }
