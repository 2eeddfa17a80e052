from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "inprocedere.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import checks, signals  # noqa: F401 - deploy checks; audit of sign-in
