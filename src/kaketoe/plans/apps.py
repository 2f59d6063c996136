from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "kaketoe.plans"
    verbose_name = _("Step 1B return plan and the team at work")

    def ready(self):
        from kaketoe.plans import route  # noqa: F401  (registers its route-map evidence)
