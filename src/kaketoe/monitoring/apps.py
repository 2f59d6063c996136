from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "kaketoe.monitoring"
    verbose_name = "Monitoring after return"
