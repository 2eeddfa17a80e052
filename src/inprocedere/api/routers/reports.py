"""Reports: the ESF+ indicators, the network figures and the cooperation monitor as JSON,
the same reports as the pages (and, for the ESF report, the command line).

403 for callers whose role may not read the report, 422 for a bad range or an unknown
organisation, region or sub-project. The ministry gets suppressed aggregates ("<5").
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from inprocedere.privacy import policy
from inprocedere.reporting.disclosure import suppress_esf
from inprocedere.reporting.esf import build_report
from inprocedere.reporting.selectors import (
    ScopeError,
    aggregate_only,
    check_request,
    resolve_scope,
)

from ..schemas.common import Detail
from ..schemas.strict import QueryIn

router = Router(tags=["reports"])


class EsfFilter(QueryIn):
    date_from: dt.date = Field(..., alias="from", description="First day of the range.")
    date_to: dt.date = Field(..., alias="to", description="Last day of the range.")
    organisation: str = Field("", max_length=60, description="Organisation slug.")
    region: str = Field("", max_length=50, description="Region slug.")
    subproject: int | None = Field(None, ge=1, le=2**63 - 1, description="Sub-project id.")
    aggregate: bool = Field(False, description="Suppress small counts (disclosure control).")


class EsfFigure(Schema):
    total: int | str
    woman: int | str
    man: int | str
    non_binary: int | str


class EsfOut(Schema):
    date_from: str = Field(..., alias="from")
    date_to: str = Field(..., alias="to")
    scope: str = Field(..., description="network, or e.g. organisation:profes,region:ger")
    indicators: dict[str, EsfFigure] = Field(..., description="EECO01–EECO17, EECR01–EECR06")
    not_counted: dict[str, int | str]


@router.get(
    "/reports/esf",
    response={200: EsfOut, 401: Detail, 403: Detail, 422: Detail},
    by_alias=True,
    summary="ESF+ participant indicators",
)
def esf_report(request: HttpRequest, filters: Query[EsfFilter]):
    """Every indicator by gender, and who was not counted and why (docs/reporting.md)."""
    policy.require(request.user, "report.esf")
    if filters.date_to < filters.date_from:
        raise ValidationError({"to": _("The end of the range lies before its start.")})
    try:
        scope = resolve_scope(
            organisation=filters.organisation,
            region=filters.region,
            subproject=filters.subproject,
        )
        check_request(filters.date_from, filters.date_to, scope)
    except ScopeError as error:
        raise ValidationError(str(error)) from None
    data = build_report(date_from=filters.date_from, date_to=filters.date_to, scope=scope).as_json()
    if filters.aggregate or aggregate_only(request.user, scope):
        data = suppress_esf(data, settings.INPROCEDERE_SUPPRESS_BELOW)
    return data


# --- network figures and the cooperation monitor -------------------------------------------


class RangeFilter(QueryIn):
    date_from: dt.date = Field(..., alias="from", description="First day of the range.")
    date_to: dt.date = Field(..., alias="to", description="Last day of the range.")
    organisation: str = Field("", max_length=60, description="Organisation slug.")
    region: str = Field("", max_length=50, description="Region slug.")
    subproject: int | None = Field(None, ge=1, le=2**63 - 1, description="Sub-project id.")


class ColumnOut(Schema):
    key: str
    label: str
    kind: str = Field(..., description="count, total, derived (e.g. a median) or plain")


class RowOut(Schema):
    key: str
    label: str
    cells: dict[str, int | float | str | None]


class TableOut(Schema):
    key: str
    title: str
    note: str
    suppressed: bool
    columns: list[ColumnOut]
    rows: list[RowOut]


class TablesOut(Schema):
    date_from: str = Field(..., alias="from")
    date_to: str = Field(..., alias="to")
    scope: str
    aggregate: bool = Field(..., description="Small counts suppressed (disclosure control).")
    tables: list[TableOut]


def _network_scope(request, filters: RangeFilter):
    from inprocedere.reporting.figures import MAX_MONTHS, months
    from inprocedere.reporting.permissions import sees_whole_network

    if filters.date_to < filters.date_from:
        raise ValidationError({"to": _("The end of the range lies before its start.")})
    if len(months(filters.date_from, filters.date_to)) > MAX_MONTHS:
        raise ValidationError(
            {"to": _("The range covers at most %(months)s months.") % {"months": MAX_MONTHS}}
        )
    organisation = filters.organisation
    if not sees_whole_network(request.user):
        own = policy.actor_for(request.user).organisations
        slugs = sorted(o.slug for o in own)
        if not organisation and slugs:
            organisation = slugs[0]
        if organisation not in slugs:
            raise ValidationError(
                {"organisation": _("You see the figures of your own organisation only.")}
            )
    try:
        scope = resolve_scope(
            organisation=organisation, region=filters.region, subproject=filters.subproject
        )
        check_request(filters.date_from, filters.date_to, scope)
    except ScopeError as error:
        raise ValidationError(str(error)) from None
    return scope


@router.get(
    "/reports/figures",
    response={200: TablesOut, 401: Detail, 403: Detail, 422: Detail},
    by_alias=True,
    summary="Network figures month by month",
)
def network_figures(request: HttpRequest, filters: Query[RangeFilter]):
    """Participants by stage, region, organisation, residence status and benefit system per
    month; referrals, placements and completed measures (docs/reporting.md). Case roles
    get their own organisation's figures; the ministry gets suppressed aggregates."""
    from inprocedere.reporting import network_reports
    from inprocedere.reporting.permissions import sees_exact

    policy.require(request.user, "report.figures")
    scope = _network_scope(request, filters)
    aggregate = not sees_exact(request.user)
    items = network_reports.network_figures(
        scope, filters.date_from, filters.date_to, aggregate=aggregate
    )
    return network_reports.as_json(
        items,
        date_from=filters.date_from,
        date_to=filters.date_to,
        scope=scope,
        aggregate=aggregate,
    )


@router.get(
    "/reports/cooperation",
    response={200: TablesOut, 401: Detail, 403: Detail, 422: Detail},
    by_alias=True,
    summary="Cooperation monitor",
)
def cooperation_monitor(request: HttpRequest, filters: Query[RangeFilter]):
    """Referral turnaround and consultation response times by organisation pair,
    case-conference follow-through, attendance, vacancy days, and who works with whom."""
    from inprocedere.reporting import network_reports
    from inprocedere.reporting.permissions import sees_exact

    policy.require(request.user, "report.cooperation")
    scope = _network_scope(request, filters)
    aggregate = not sees_exact(request.user)
    items = network_reports.cooperation_monitor(
        scope, filters.date_from, filters.date_to, aggregate=aggregate
    )
    return network_reports.as_json(
        items,
        date_from=filters.date_from,
        date_to=filters.date_to,
        scope=scope,
        aggregate=aggregate,
    )
