from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "inprocedere.reporting"
    label = "reporting"
    verbose_name = _("Reporting")

    def ready(self):
        from . import permissions  # noqa: F401 - registers the reporting permissions
