from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "kaketoe.guidance"
    verbose_name = _("Step 2 guidance: signals, school handover, parents")

    def ready(self):
        from kaketoe.guidance import route  # noqa: F401  (registers its route-map evidence)
