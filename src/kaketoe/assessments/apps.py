from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "kaketoe.assessments"
    verbose_name = _("Step 1A assessments")
