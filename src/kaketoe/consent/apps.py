from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "kaketoe.consent"
    verbose_name = _("Consent and sharing")

    def ready(self):
        from kaketoe import uploads

        checks.register(uploads.check_settings)
        from kaketoe.consent import route  # noqa: F401  (registers its departure blocker)
