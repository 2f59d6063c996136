from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "kaketoe.audit"
    verbose_name = _("Audit log")

    def ready(self):
        from django.conf import settings

        from kaketoe.audit import checkpoints

        checkpoints.configure_log(settings.KAKETOE_AUDIT_CHECKPOINT_LOG)
