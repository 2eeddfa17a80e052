"""`inprocedere bench seed --participants N [--seed S]`: scale data for benchmarks."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from inprocedere.core import derived
from inprocedere.scale.seed import guard
from inprocedere.scale.seed.run import Options, refresh_all, seed


def _date(text):
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("Enter the date as YYYY-MM-DD.")) from None


class Command(BaseCommand):
    help = _("Scale data for benchmarks: grow a database to a Land's size (docs/performance.md).")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, parser_class=CommandParser)
        grow = actions.add_parser(
            "seed",
            help=_(
                "Grow the database to N participants with their case work, spread over the "
                "demo network (loaded first if absent)."
            ),
        )
        grow.add_argument("--participants", type=int, required=True, metavar="N")
        grow.add_argument("--seed", type=int, default=1, metavar="S")
        grow.add_argument(
            "--on",
            type=_date,
            dest="anchor",
            metavar="YYYY-MM-DD",
            help=_("The day the data is generated as of (default: today; kept when growing)."),
        )
        grow.add_argument(
            "--defer",
            action="append",
            default=[],
            metavar="NAME",
            help=_(
                "Refresh this derived data (e.g. duplicates.keys) once after all chunks "
                "instead of with each chunk."
            ),
        )
        grow.add_argument(guard.CONFIRM_FLAG, dest="confirmed", action="store_true")
        refresh = actions.add_parser(
            "refresh",
            help=_(
                "Recompute derived data (search text, search index, duplicate keys, ...) of "
                "every participant, e.g. after a migration changed what is derived."
            ),
        )
        refresh.add_argument(
            "--only",
            action="append",
            default=[],
            metavar="NAME",
            help=_("Only this derived data (repeatable; default: all)."),
        )
        refresh.add_argument(guard.CONFIRM_FLAG, dest="confirmed", action="store_true")

    def handle(self, *args, action, **options):
        if action == "seed":
            self._seed(options)
        elif action == "refresh":
            self._refresh(options)

    def _refresh(self, options):
        try:
            guard.refuse_real_data(confirmed=options["confirmed"])
            seconds = refresh_all(options["only"])
        except guard.Refused as refused:
            raise CommandError(str(refused)) from None
        except LookupError:
            raise CommandError(
                _("Unknown derived data: %(names)s. Known: %(known)s.")
                % {"names": ", ".join(options["only"]), "known": ", ".join(derived.registered())}
            ) from None
        for name, spent in seconds.items():
            self.stdout.write(f"  {name:<28} {spent:>8,.1f} s")

    def _seed(self, options):
        verbose = options["verbosity"] > 0
        try:
            result = seed(
                Options(
                    participants=options["participants"],
                    seed=options["seed"],
                    anchor=options["anchor"],
                    defer=tuple(options["defer"]),
                    confirmed=options["confirmed"],
                    progress=(lambda text: self.stdout.write(text))
                    if verbose
                    else (lambda _t: None),
                )
            )
        except guard.Refused as refused:
            raise CommandError(str(refused)) from None
        for note in result.notes:
            self.stdout.write(note)
        if result.run is None:
            return
        self.stdout.write(
            _("Added %(count)s participants in %(seconds)s s (seed %(seed)s, as of %(anchor)s).")
            % {
                "count": f"{result.added:,}",
                "seconds": f"{result.seconds:,.0f}",
                "seed": result.run.seed,
                "anchor": result.run.anchor.isoformat(),
            }
        )
        if verbose:
            for table, rows in sorted(result.rows.items()):
                self.stdout.write(f"  {table:<20} {rows:>12,}")
            for phase, seconds in result.phases.most_common():
                self.stdout.write(f"  {phase:<28} {seconds:>8,.1f} s")
