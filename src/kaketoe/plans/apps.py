from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "kaketoe.plans"
    verbose_name = _("Step 1B return plan and the team at work")
