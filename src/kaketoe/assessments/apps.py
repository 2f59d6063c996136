from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "kaketoe.assessments"
    verbose_name = _("Step 1A assessments")

    def ready(self):
        from kaketoe.assessments import route  # noqa: F401  (registers its route-map evidence)
