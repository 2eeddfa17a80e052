"""`inprocedere retention due [--on YYYY-MM-DD] [--format text|json]`: who may be erased."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from inprocedere.rights.retention import due


class Command(BaseCommand):
    help = _("Retention of participants' records.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser(
            "due",
            help=_("Participants whose every case is closed and whose retention duty has ended."),
        )
        listing.add_argument("--on", default="", metavar="YYYY-MM-DD")
        listing.add_argument("--format", dest="fmt", default="text", metavar="text|json")

    def handle(self, *args, action, **options):
        on = None
        if options["on"]:
            try:
                on = dt.date.fromisoformat(options["on"])
            except ValueError:
                raise CommandError(
                    _("--on: “%(value)s” is not a date (YYYY-MM-DD).") % {"value": options["on"]}
                ) from None
        fmt = (options["fmt"] or "").lower()
        if fmt not in ("text", "json"):
            raise CommandError(
                _("Unknown format “%(format)s”; choose one of: %(formats)s.")
                % {"format": options["fmt"], "formats": "text, json"}
            )
        found = due(on)
        # Ids and dates only: the command's output may end up in logs and mails.
        rows = [
            {
                "participant_id": state.participant_id,
                "retention_ended_on": state.ends_on.isoformat() if state.ends_on else None,
                "pseudonymised": state.pseudonymised,
            }
            for state in found
        ]
        if fmt == "json":
            self.stdout.write(json.dumps(rows, indent=2))
            return
        if not rows:
            self.stdout.write(_("Nobody is due for erasure."))
            return
        for row in rows:
            self.stdout.write(f"{row['participant_id']}\t{row['retention_ended_on'] or ''}")
        self.stdout.write(_("%(count)s participant(s) due for erasure.") % {"count": len(rows)})
