"""Reports: the ESF+ indicators as JSON, the same report as the page and the command line.

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
from inprocedere.reporting.selectors import ScopeError, aggregate_only, resolve_scope

from ..schemas.common import Detail

router = Router(tags=["reports"])


class EsfFilter(Schema):
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
    except ScopeError as error:
        raise ValidationError(str(error)) from None
    data = build_report(date_from=filters.date_from, date_to=filters.date_to, scope=scope).as_json()
    if filters.aggregate or aggregate_only(request.user, scope):
        data = suppress_esf(data, settings.INPROCEDERE_SUPPRESS_BELOW)
    return data
