"""`inprocedere report esf --from … --to … [--organisation SLUG] [--region SLUG] --format …`."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from inprocedere.reporting.disclosure import suppress_esf
from inprocedere.reporting.esf import build_report
from inprocedere.reporting.exports import FORMATS, EsfExport
from inprocedere.reporting.selectors import ScopeError, resolve_scope

BINARY = {"xlsx", "pdf"}


def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CommandError(
            _("%(option)s: “%(value)s” is not a date (YYYY-MM-DD).")
            % {"option": option, "value": value}
        ) from None


class Command(BaseCommand):
    help = _("Reports on the network's work.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="report", required=True)
        esf = sub.add_parser("esf", help=_("ESF+ participant indicators for a date range."))
        esf.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD")
        esf.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD")
        esf.add_argument("--organisation", default="", metavar="SLUG")
        esf.add_argument("--region", default="", metavar="SLUG")
        esf.add_argument("--subproject", default="", metavar="ID")
        esf.add_argument("--format", dest="fmt", default="json", metavar="|".join(FORMATS))
        esf.add_argument("--output", default="", metavar="FILE")
        esf.add_argument(
            "--aggregate",
            action="store_true",
            help=_("Suppress small counts (disclosure control), as for the ministry."),
        )

    def handle(self, *args, report, **options):
        date_from = _date(options["date_from"], "--from")
        date_to = _date(options["date_to"], "--to")
        if date_to < date_from:
            raise CommandError(_("--to lies before --from."))
        fmt = (options["fmt"] or "").lower()
        if fmt not in FORMATS:
            raise CommandError(
                _("Unknown format “%(format)s”; choose one of: %(formats)s.")
                % {"format": options["fmt"], "formats": ", ".join(FORMATS)}
            )
        if fmt in BINARY and not options["output"]:
            raise CommandError(_("XLSX and PDF need --output FILE."))
        try:
            scope = resolve_scope(
                organisation=options["organisation"],
                region=options["region"],
                subproject=options["subproject"] or None,
            )
        except ScopeError as error:
            raise CommandError(str(error)) from None
        data = build_report(date_from=date_from, date_to=date_to, scope=scope).as_json()
        if options["aggregate"]:
            data = suppress_esf(data, settings.INPROCEDERE_SUPPRESS_BELOW)
        body = EsfExport(data, scope_label=scope.label, aggregate=options["aggregate"]).render(fmt)
        if options["output"]:
            try:
                Path(options["output"]).write_bytes(body)
            except OSError as error:
                raise CommandError(
                    _("Cannot write %(file)s: %(error)s")
                    % {"file": options["output"], "error": error.strerror}
                ) from None
            self.stderr.write(_("Written to %(file)s.") % {"file": options["output"]})
        else:
            self.stdout.write(body.decode("utf-8-sig"), ending="")
