from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "inprocedere.privacy"
    label = "privacy"
    verbose_name = _("Privacy and access")

    def ready(self):
        from django.db.models.signals import pre_save

        from inprocedere.core import audit

        from . import reach_table
        from .policy import refuse_saving_redacted
        from .write_log import log_write

        pre_save.connect(refuse_saving_redacted, dispatch_uid="inprocedere_refuse_redacted")
        audit.on_personal_write("privacy.access_log", log_write)
        reach_table.connect()
