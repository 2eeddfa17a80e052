"""Reads for reports: a scope of the network, and who may see which participants of a figure."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from inprocedere.cases.models import Case
from inprocedere.network.models import Organisation, Region, SubProject
from inprocedere.participants.models import Participant


class ScopeError(ValueError):
    """An unknown organisation, region or sub-project (the message is translated)."""


@dataclass(frozen=True)
class Scope:
    """Which cases a report covers: the whole network, or those of an organisation, a
    region (through the case's sub-project) or a sub-project, or where these meet."""

    organisation: Organisation | None = None
    region: Region | None = None
    subproject: SubProject | None = None

    @property
    def key(self) -> str:
        """'network', or e.g. 'organisation:profes' or 'organisation:profes,region:ger'."""
        parts = []
        if self.organisation:
            parts.append(f"organisation:{self.organisation.slug}")
        if self.region:
            parts.append(f"region:{self.region.slug}")
        if self.subproject:
            parts.append(f"subproject:{self.subproject.pk}")
        return ",".join(parts) or "network"

    @property
    def label(self) -> str:
        parts = [str(part) for part in (self.organisation, self.region, self.subproject) if part]
        return " · ".join(parts) or _("Whole network")

    def cases(self):
        query = Q()
        if self.organisation:
            query &= Q(owner_organisation=self.organisation)
        if self.region:
            query &= Q(subproject__region=self.region)
        if self.subproject:
            query &= Q(subproject=self.subproject)
        return Case.unrestricted.filter(query)


def resolve_scope(*, organisation: str = "", region: str = "", subproject=None) -> Scope:
    """The scope named by slugs (and a sub-project id); ScopeError for unknown names."""
    found = {}
    if organisation:
        found["organisation"] = Organisation.objects.filter(slug=organisation).first()
        if found["organisation"] is None:
            raise ScopeError(_("There is no organisation “%(slug)s”.") % {"slug": organisation})
    if region:
        found["region"] = Region.objects.filter(slug=region).first()
        if found["region"] is None:
            raise ScopeError(_("There is no region “%(slug)s”.") % {"slug": region})
    if subproject not in (None, ""):
        try:
            pk = int(subproject)
        except (TypeError, ValueError):
            pk = None
        found["subproject"] = SubProject.objects.filter(pk=pk).first() if pk else None
        if found["subproject"] is None:
            raise ScopeError(_("There is no sub-project “%(id)s”.") % {"id": subproject})
    return Scope(**found)


# --- what a report may be asked for -------------------------------------------------------

# An ESF funding period runs seven years, and its reports up to three years after it:
# a longer range is a mistake (a year typed wrong), not a report, and is refused before
# any query runs (issue 12, "Bad input").
MAX_RANGE_YEARS = 10


def check_request(date_from: dt.date, date_to: dt.date, scope: Scope) -> None:
    """ScopeError (translated) for a range backwards or too long, or a sub-project whose
    funding period the range does not touch; cheap, so callers ask before the report."""
    check_range(date_from, date_to)
    check_subproject(scope.subproject, date_from, date_to)


def check_range(date_from: dt.date, date_to: dt.date) -> None:
    if date_to < date_from:
        raise ScopeError(_("The end of the range lies before its start."))
    if date_to >= _years_after(date_from, MAX_RANGE_YEARS):
        raise ScopeError(
            _("The range covers at most %(years)s years.") % {"years": MAX_RANGE_YEARS}
        )


def check_subproject(subproject, date_from: dt.date, date_to: dt.date) -> None:
    period = subproject.funding_period if subproject else None
    if period and (date_to < period.starts_on or date_from > period.ends_on):
        raise ScopeError(
            _(
                "The sub-project “%(subproject)s” belongs to the funding period "
                "%(period)s (%(start)s – %(end)s), which the range does not touch."
            )
            % {
                "subproject": subproject.name,
                "period": period.name,
                "start": period.starts_on.strftime("%d.%m.%Y"),
                "end": period.ends_on.strftime("%d.%m.%Y"),
            }
        )


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- who sees what of a report ------------------------------------------------------------


def aggregate_only(user, scope: Scope) -> bool:
    """Does `user` see this report with small counts suppressed (issue 6 §6)?

    The ministry does; the coordinating office and the partners' team leads see exact
    figures (and team leads may open them, to their own organisation's participants).
    """
    from inprocedere.privacy.policy import actor_for
    from inprocedere.privacy.roles import Role

    return not actor_for(user).roles & {Role.COORDINATOR, Role.TEAM_LEAD}


def may_explain(user, scope: Scope) -> bool:
    """May `user` open figures to the participants behind them (never on suppressed ones)?"""
    from inprocedere.privacy.policy import can

    return can(user, "report.esf.participants") and not aggregate_only(user, scope)


def explained_participants(user, scope: Scope, report, code: str, gender: str):
    """The participants behind one figure of an ESF report whose case in the scope the
    user's organisation owns (a query, to be paged or streamed), how many stand behind the
    figure in all, and the `FigureIds` the query reads (drop them when done; None when
    the user may not open the figure). The ids come from the report's own facts query."""
    total = report.count_for(code, gender)
    if not may_explain(user, scope):
        return Participant.objects.none(), total, None
    ids = FigureIds(report, code, gender)
    return owned_participants(user, scope, ids.subquery()), total, ids


class FigureIds:
    """The ids behind one figure, written by the facts query into a temporary table of the
    database for as long as a page or a download reads them: never a list in Python.

    Not a nested subquery: inside the policy's filters the facts query's row estimate
    (one) led PostgreSQL to nested loops, 108 s instead of 4 at 100,000; the table is
    analysed, so the plan knows how many ids there are. Temporary tables belong to the
    database session: one that is not dropped goes with its connection."""

    def __init__(self, report, code: str, gender: str):
        from django.db import connection

        from .esf import facts_cursor

        self.table = f"esf_figure_{uuid.uuid4().hex[:16]}"
        query = report.ids_query(code, gender)
        sql, params = query if query else ("SELECT 1 AS pid WHERE 1 = 0", [])
        with facts_cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE {self.table} AS {sql}", params)
            if connection.vendor == "postgresql":
                cursor.execute(f"ANALYZE {self.table}")

    def subquery(self):
        return RawSQL(f"SELECT pid FROM {self.table}", [])  # noqa: S608, S611 - our own name

    def drop(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")


def id_set(ids: list[int]):
    """A subquery yielding `ids`, as one parameter whatever their number (an IN list of
    100,000 would pass the drivers' limits on parameters)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])


def owned_participants(user, scope: Scope, ids):
    """Of the participants `ids` (a list or a subquery), those within the user's reach whose
    case in the scope the user's own organisation owns (by name), in name order."""
    from inprocedere.privacy.policy import actor_for, visible

    own = actor_for(user).organisation_ids
    owned = scope.cases().filter(owner_organisation_id__in=own).values("participant_id")
    return (
        visible(user, Participant.objects.filter(pk__in=ids), "participant.read")
        .filter(pk__in=owned)
        .order_by("family_name", "given_names", "pk")
    )


def participants_owned(user, scope: Scope, ids: list[int]) -> tuple[list[Participant], int]:
    """`owned_participants` as a list, and how many of `ids` are not in it (the ids passed
    as one parameter: a figure's cell may hold tens of thousands)."""
    shown = list(owned_participants(user, scope, id_set(ids)))
    return shown, len(ids) - len(shown)
