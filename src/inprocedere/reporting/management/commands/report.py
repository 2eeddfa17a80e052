"""`inprocedere report esf|figures|cooperation --from … --to … [--organisation SLUG]
[--region SLUG] [--subproject ID] --format … [--output FILE] [--aggregate]`."""

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from inprocedere.reporting import network_reports
from inprocedere.reporting.disclosure import suppress_esf
from inprocedere.reporting.esf import build_report
from inprocedere.reporting.exports import FORMATS, EsfExport
from inprocedere.reporting.figures import MAX_MONTHS, months
from inprocedere.reporting.selectors import ScopeError, check_request, resolve_scope
from inprocedere.reporting.streaming import TooLongForPdf, render_bytes

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
        reports = {
            "esf": _("ESF+ participant indicators for a date range."),
            "figures": _("Network figures month by month for a date range."),
            "cooperation": _("The cooperation monitor for a date range."),
        }
        for name, help_text in reports.items():
            report = sub.add_parser(name, help=help_text)
            report.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD")
            report.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD")
            report.add_argument("--organisation", default="", metavar="SLUG")
            report.add_argument("--region", default="", metavar="SLUG")
            report.add_argument("--subproject", default="", metavar="ID")
            report.add_argument("--format", dest="fmt", default="json", metavar="|".join(FORMATS))
            report.add_argument("--output", default="", metavar="FILE")
            report.add_argument(
                "--aggregate",
                action="store_true",
                help=_("Suppress small counts (disclosure control), as for the ministry."),
            )
            if name != "esf":
                report.add_argument("--table", default="", metavar="KEY")

    def handle(self, *args, report, **options):
        date_from = _date(options["date_from"], "--from")
        date_to = _date(options["date_to"], "--to")
        if date_to < date_from:
            raise CommandError(_("--to lies before --from."))
        if report != "esf" and len(months(date_from, date_to)) > MAX_MONTHS:
            raise CommandError(
                _("The range covers at most %(months)s months.") % {"months": MAX_MONTHS}
            )
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
            check_request(date_from, date_to, scope)
        except ScopeError as error:
            raise CommandError(str(error)) from None
        if report == "esf":
            body = self._esf(scope, date_from, date_to, fmt, options["aggregate"])
        else:
            body = self._network(report, scope, date_from, date_to, fmt, options)
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

    def _esf(self, scope, date_from, date_to, fmt, aggregate):
        data = build_report(date_from=date_from, date_to=date_to, scope=scope).as_json()
        if aggregate:
            data = suppress_esf(data, settings.INPROCEDERE_SUPPRESS_BELOW)
        return EsfExport(data, scope_label=scope.label, aggregate=aggregate).render(fmt)

    def _network(self, report, scope, date_from, date_to, fmt, options):
        aggregate = options["aggregate"]
        build = (
            network_reports.network_figures
            if report == "figures"
            else network_reports.cooperation_monitor
        )
        items = build(scope, date_from, date_to, aggregate=aggregate)
        keys = [item.table.key for item in items]
        only = options["table"] or None
        if only is not None and only not in keys:
            raise CommandError(
                _("Unknown table “%(table)s”; choose one of: %(tables)s.")
                % {"table": only, "tables": ", ".join(keys)}
            )
        if fmt == "json":
            data = network_reports.as_json(
                [item for item in items if only is None or item.table.key == only],
                date_from=date_from,
                date_to=date_to,
                scope=scope,
                aggregate=aggregate,
            )
            return json.dumps(data, ensure_ascii=False, indent=2).encode() + b"\n"
        title = _("Network figures") if report == "figures" else _("Cooperation monitor")
        download = network_reports.download(
            items,
            title=title,
            stem=report,
            date_from=date_from,
            date_to=date_to,
            scope=scope,
            aggregate=aggregate,
            only=only,
        )
        try:
            return render_bytes(download, fmt)
        except TooLongForPdf as error:
            raise CommandError(str(error)) from None
