"""Strict Content-Security-Policy: every script and style comes from our own static files."""

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), geolocation=(), microphone=()")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Case pages hold children's data: never keep them in a browser or proxy cache.
            response["Cache-Control"] = "no-store, private"
        return response
