"""`inprocedere reach check|rebuild`: compare the reach table with what the records say,
or rewrite it for everybody (after an upgrade, a restore, a bulk write that bypassed the
services). `check` exits with an error and names the people whose rows differ."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from inprocedere.privacy import reach_table

SHOWN = 20  # people named in the output at most


class Command(BaseCommand):
    help = _("Check the access policy's reach table against the records, or rebuild it.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "rebuild"])
        parser.add_argument(
            "--participant",
            type=int,
            action="append",
            default=None,
            help=_("Only this participant (repeatable)."),
        )

    def handle(self, *args, action, participant=None, **options):
        if action == "rebuild":
            reach_table.refresh_reach(participant)
            self.stdout.write(_("The reach table has been rebuilt."))
            return
        differing = 0
        for pk, missing, extra in reach_table.drift(participant):
            differing += 1
            if differing <= SHOWN:
                self.stdout.write(
                    _("participant #%(pk)s: %(missing)d rows missing, %(extra)d too many")
                    % {"pk": pk, "missing": missing, "extra": extra}
                )
        if differing:
            raise CommandError(
                _(
                    "The reach table differs from the records for %(count)d people: "
                    "run `inprocedere reach rebuild`."
                )
                % {"count": differing}
            )
        self.stdout.write(_("The reach table agrees with the records."))
