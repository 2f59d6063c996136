"""Project-wide pages: error pages that stay in the user's language and leak nothing."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from kaketoe.accounts.middleware import public


def csrf_failure(request, reason=""):
    return render(request, "errors/403_csrf.html", status=403)


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)


@public
def health(request):
    """For load balancers: 200 when the database answers, 503 when not. Shows no data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means: take this server out of rotation
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
