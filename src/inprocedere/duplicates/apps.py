from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuplicatesConfig(AppConfig):
    name = "inprocedere.duplicates"
    label = "duplicates"
    verbose_name = _("Duplicates")

    def ready(self):
        from inprocedere.core import derived

        from . import permissions  # noqa: F401 - registers the permissions with the policy
        from .refreshers import refresh_derived

        derived.register("duplicates.keys", refresh_derived, order=50)
