"""How the OpenAPI schema describes our two ways in (loaded by ApiConfig.ready)."""

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerScheme(OpenApiAuthenticationExtension):
    target_class = "kaketoe.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from `./kaketoe manage issue_api_token USERNAME`.",
        }


class VerifiedSessionScheme(SessionScheme):
    target_class = "kaketoe.api.authentication.VerifiedSessionAuthentication"
