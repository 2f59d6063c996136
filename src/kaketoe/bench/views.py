from django.http import HttpResponse


def trivial(request):
    """No query of its own: what every page pays for middleware, session and two factors."""
    return HttpResponse("ok", content_type="text/plain")
