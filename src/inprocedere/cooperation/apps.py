from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "inprocedere.cooperation"
    label = "cooperation"
    verbose_name = _("Cooperation")

    def ready(self):
        from . import permissions  # noqa: F401 - registers the cooperation permissions
