"""`inprocedere access-log-partitions`: create the access log's coming monthly partitions
and drop those past INPROCEDERE_ACCESS_LOG_MONTHS (PostgreSQL); on SQLite, delete the
rows past it. Run daily (the worker does, `privacy.tasks`); safe to run any time."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from inprocedere.privacy import log_partitions


class Command(BaseCommand):
    help = _("Create the access log's coming monthly partitions and drop expired ones.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help=_("Months to keep (default: INPROCEDERE_ACCESS_LOG_MONTHS)."),
        )

    def handle(self, *args, months=None, **options):
        try:
            done = log_partitions.maintain(months=months)
        except ValueError as error:
            raise CommandError(_("Keep at least one month of access log.")) from error
        for name in done.created:
            self.stdout.write(_("created %(name)s") % {"name": name})
        for name in done.dropped:
            self.stdout.write(_("dropped %(name)s") % {"name": name})
        for name in done.skipped:
            self.stdout.write(
                _("not created %(name)s: its rows are in the default partition") % {"name": name}
            )
        if done.deleted_rows:
            self.stdout.write(_("deleted %(count)d entries") % {"count": done.deleted_rows})
