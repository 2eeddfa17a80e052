from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "inprocedere.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the import permission)
