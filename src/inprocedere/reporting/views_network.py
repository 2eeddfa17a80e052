"""Pages and downloads of the network figures and the cooperation monitor, and the
participants behind a figure (thin views over `network_reports` and `streaming`)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from inprocedere.core import audit
from inprocedere.network.models import Organisation
from inprocedere.privacy import policy
from inprocedere.privacy.decorators import requires

from . import network_reports, selectors, streaming
from .downloads import participants_download, with_defaults
from .figures import FIGURES
from .forms import CellForm, NetworkReportForm
from .permissions import sees_exact, sees_whole_network
from .selectors_figures import cell_caption, cell_participants


def _form(request, form_class, **extra):
    """The range and scope from the query string; readers of their own organisation only
    choose among their organisations (the first one by default)."""
    organisations = None
    defaults = dict(extra)
    if not sees_whole_network(request.user):
        own = policy.actor_for(request.user).organisation_ids
        organisations = Organisation.objects.filter(pk__in=own)
        first = organisations.first()
        if first is not None:
            defaults["organisation"] = first.slug
    return form_class(with_defaults(request.GET, **defaults), organisations=organisations)


def _bad_request(form):
    return HttpResponseBadRequest(
        " ".join(str(e) for errs in form.errors.values() for e in errs),
        content_type="text/plain; charset=utf-8",
    )


def _format(request):
    fmt = request.GET.get("format") or "csv"
    if fmt not in streaming.FORMATS:
        raise Http404(_("Unknown format."))
    return fmt


def _views_of(items, *, link=None, downloads=None):
    """Rows of cells (value, link) for the template, and each table's downloads."""
    result = []
    for item in items:
        table = item.table
        rows = []
        for row in table.rows:
            cells = []
            for column in table.columns:
                value = row.cells.get(column.key)
                url = link(table, row, column, value) if link else ""
                cells.append((streaming.text(value), url))
            rows.append({"label": row.label, "cells": cells, "total": row.key == "total"})
        result.append(
            {
                "table": table,
                "chart": item.chart,
                "rows": rows,
                "downloads": (downloads or {}).get(table.key, []),
            }
        )
    return result


def asks_aggregate(request) -> bool:
    """A download asked for as aggregate (?aggregate=1): suppressed whoever asks, e.g. the
    coordinating office preparing figures to pass on."""
    return request.GET.get("aggregate", "").lower() in ("1", "true", "yes")


def _downloads(name, query, keys=(), *, offer_aggregate=False):
    base = reverse(f"reporting:{name}_export")
    whole = [
        (fmt.upper(), f"{base}?{urlencode({**query, 'format': fmt})}") for fmt in streaming.FORMATS
    ]
    if offer_aggregate:  # exact readers may pass figures on, suppressed
        whole += [
            (
                _("%(format)s, aggregate") % {"format": fmt.upper()},
                f"{base}?{urlencode({**query, 'format': fmt, 'aggregate': 1})}",
            )
            for fmt in streaming.FORMATS
        ]
    per_table = {
        key: [
            (fmt.upper(), f"{base}?{urlencode({**query, 'format': fmt, 'table': key})}")
            for fmt in streaming.FORMATS
        ]
        for key in keys
    }
    return whole, per_table


# --- network figures ---------------------------------------------------------------------


def _figures(request, form):
    aggregate = not sees_exact(request.user) or asks_aggregate(request)
    items = network_reports.network_figures(
        form.scope(),
        form.cleaned_data["date_from"],
        form.cleaned_data["date_to"],
        aggregate=aggregate,
    )
    return items, aggregate


@require_safe
@requires("report.figures")
def figures_page(request):
    form = _form(request, NetworkReportForm)
    context = {"form": form, "threshold": settings.INPROCEDERE_SUPPRESS_BELOW}
    if form.is_valid():
        items, aggregate = _figures(request, form)
        query = form.query()
        explain = not aggregate and policy.can(request.user, "report.figures.participants")

        def link(table, row, column, value):
            if not explain or not isinstance(value, int) or not value or column.kind == "derived":
                return ""
            cell = {"figure": table.key, "row": row.key, "column": column.key}
            return f"{reverse('reporting:figure_participants')}?{urlencode({**query, **cell})}"

        whole, per_table = _downloads(
            "figures", query, [item.table.key for item in items], offer_aggregate=not aggregate
        )
        context.update(
            {
                "scope": form.scope(),
                "figures": _views_of(items, link=link, downloads=per_table),
                "aggregate": aggregate,
                "downloads": whole,
                "query": query,
                "query_string": urlencode(query),
            }
        )
    return render(request, "reporting/figures.html", context)


@require_safe
@requires("report.figures")
def figures_export(request):
    fmt = _format(request)
    form = _form(request, NetworkReportForm)
    if not form.is_valid():
        return _bad_request(form)
    items, aggregate = _figures(request, form)
    only = request.GET.get("table") or None
    if only is not None and only not in FIGURES:
        raise Http404(_("There is no such table."))
    download = network_reports.download(
        items,
        title=_("Network figures"),
        stem=pgettext("file name, lower case without spaces", "network-figures"),
        date_from=form.cleaned_data["date_from"],
        date_to=form.cleaned_data["date_to"],
        scope=form.scope(),
        aggregate=aggregate,
        only=only,
    )
    return _send(request, download, fmt, "reporting.figures.exported", form, only, aggregate)


def _send(request, download, fmt, action, form, only, aggregate):
    try:
        response = streaming.response(download, fmt)
    except streaming.TooLongForPdf as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    audit.record(
        action,
        request=request,
        detail={"format": fmt, "aggregate": aggregate, "table": only or "", **form.query()},
    )
    return response


# --- the participants behind a figure -------------------------------------------------------


@require_safe
@requires("report.figures")
def figure_participants(request):
    """The participants behind one cell of a figure, as a page or (with ?format=) a download;
    only those whose case in the scope the user's own organisation owns, by name."""
    this_month = timezone.localdate().strftime("%Y-%m")
    form = _form(request, CellForm, figure="stage", row=this_month, column="total")
    if not form.is_valid():
        return _bad_request(form)
    fmt = request.GET.get("format") or ""
    if fmt and fmt not in streaming.FORMATS:
        raise Http404(_("Unknown format."))
    if not sees_exact(request.user) or not policy.can(request.user, "report.figures.participants"):
        raise PermissionDenied("report.figures.participants")
    data = form.cleaned_data
    cell = (data["date_from"], data["date_to"], data["figure"], data["row"], data["column"])
    labels = cell_caption(*cell)  # the figures are not counted to open one cell
    if labels is None:
        raise Http404(_("There is no such figure."))
    scope = form.scope()
    participants, hidden = selectors.participants_owned(
        request.user, scope, cell_participants(scope, *cell)
    )
    caption = "{}: {} · {}".format(*labels)
    channel = "export" if fmt else "page"
    found = policy.disclose_many(
        request.user, participants, channel=channel, purpose="report.figures"
    )
    for participant in participants:
        policy.redact(participant, found[participant.pk])
    audit.record(
        "reporting.figures.participants_exported"
        if fmt
        else "reporting.figures.participants_viewed",
        request=request,
        detail={
            **form.query(),
            "figure": data["figure"],
            "row": data["row"],
            "column": data["column"],
            "format": fmt,
            "participants": [p.pk for p in participants],
        },
    )
    if fmt:
        return participants_download(
            participants,
            caption=caption,
            subtitle=f"{scope.label} · {data['date_from']} – {data['date_to']}",
            stem=f"{data['figure']}-{data['row']}-{data['column']}",
            fmt=fmt,
        )
    back = reverse("reporting:figures") + "?" + urlencode(form.query())
    return render(
        request,
        "reporting/figure_participants.html",
        {
            "caption": caption,
            "scope": scope,
            "query": form.query(),
            "back": back,
            "participants": participants,
            "hidden": hidden,
            "downloads": [
                (f.upper(), f"{request.path}?{urlencode({**request.GET.dict(), 'format': f})}")
                for f in streaming.FORMATS
            ],
        },
    )


# --- the cooperation monitor ---------------------------------------------------------------


def _monitor(request, form):
    aggregate = not sees_exact(request.user) or asks_aggregate(request)
    items = network_reports.cooperation_monitor(
        form.scope(),
        form.cleaned_data["date_from"],
        form.cleaned_data["date_to"],
        aggregate=aggregate,
    )
    return items, aggregate


MONITOR_TABLES = (
    "referral_turnaround",
    "consultation_response",
    "follow_through",
    "attendance",
    "vacancies",
    "collaboration",
)


@require_safe
@requires("report.cooperation")
def monitor_page(request):
    form = _form(request, NetworkReportForm)
    context = {"form": form, "threshold": settings.INPROCEDERE_SUPPRESS_BELOW}
    if form.is_valid():
        items, aggregate = _monitor(request, form)
        query = form.query()
        whole, per_table = _downloads(
            "monitor", query, MONITOR_TABLES, offer_aggregate=not aggregate
        )
        context.update(
            {
                "scope": form.scope(),
                "sections": _views_of(items, downloads=per_table),
                "aggregate": aggregate,
                "downloads": whole,
                "query": query,
                "query_string": urlencode(query),
            }
        )
    return render(request, "reporting/monitor.html", context)


@require_safe
@requires("report.cooperation")
def monitor_export(request):
    fmt = _format(request)
    form = _form(request, NetworkReportForm)
    if not form.is_valid():
        return _bad_request(form)
    only = request.GET.get("table") or None
    if only is not None and only not in MONITOR_TABLES:
        raise Http404(_("There is no such table."))
    items, aggregate = _monitor(request, form)
    download = network_reports.download(
        items,
        title=_("Cooperation monitor"),
        stem=pgettext("file name, lower case without spaces", "cooperation-monitor"),
        date_from=form.cleaned_data["date_from"],
        date_to=form.cleaned_data["date_to"],
        scope=form.scope(),
        aggregate=aggregate,
        only=only,
    )
    return _send(request, download, fmt, "reporting.monitor.exported", form, only, aggregate)
