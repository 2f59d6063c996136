from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolkitConfig(AppConfig):
    name = "kaketoe.toolkit"
    verbose_name = _("Toolkit: the cockatoo's journey")

    def ready(self):
        from kaketoe.toolkit import route  # noqa: F401  (registers its route-map evidence)
