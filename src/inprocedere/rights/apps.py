from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "inprocedere.rights"
    label = "rights"
    verbose_name = _("Data subject's rights")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the permissions)
