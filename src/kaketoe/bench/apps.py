from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "kaketoe.bench"
    verbose_name = "Benchmarks"
