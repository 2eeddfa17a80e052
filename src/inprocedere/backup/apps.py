from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupConfig(AppConfig):
    """Full export and restore of every table (docs/backup-and-restore.md). No models."""

    name = "inprocedere.backup"
    label = "backup"
    verbose_name = _("Backup and restore")
