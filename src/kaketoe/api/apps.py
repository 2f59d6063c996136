from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kaketoe.api"
    verbose_name = "REST API"

    def ready(self):
        from kaketoe.api import schema  # noqa: F401 - registers the auth schemes
