"""Project-wide pages: error pages that stay in the user's language and leak nothing."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    return render(request, "errors/403_csrf.html", status=403)


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)
