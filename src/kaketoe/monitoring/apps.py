from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "kaketoe.monitoring"
    verbose_name = "Monitoring after return"

    def ready(self):
        from kaketoe.monitoring import route  # noqa: F401  (registers its route-map evidence)
