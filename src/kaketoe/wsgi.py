"""WSGI entry point for gunicorn and other app servers: kaketoe.wsgi:application."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaketoe.settings")
application = get_wsgi_application()
