from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "inprocedere.inbox"
    label = "inbox"
    verbose_name = _("Inbox and reminders")

    def ready(self):
        from . import periodic, permissions  # noqa: F401 - registers permissions, periodic tasks
