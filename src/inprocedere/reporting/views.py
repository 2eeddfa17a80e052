"""The ESF report page, its downloads and the participants behind each figure (thin views)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from inprocedere.core import audit
from inprocedere.privacy.decorators import requires

from . import participant_exports, selectors, streaming
from .disclosure import suppress_esf
from .downloads import with_defaults
from .esf import CODES, GENDER_LABELS, GENDERS, LABELS, REASON_LABELS, REASONS, build_report
from .exports import CONTENT_TYPES, FORMATS, EsfExport
from .forms import EsfReportForm, FigureForm
from .tasks import start_export


def _report(request, form):
    scope = form.scope()
    report = build_report(
        date_from=form.cleaned_data["date_from"], date_to=form.cleaned_data["date_to"], scope=scope
    )
    # Exact readers may ask for the suppressed version (?aggregate=1) to pass it on.
    asked = request.GET.get("aggregate", "").lower() in ("1", "true", "yes")
    aggregate = selectors.aggregate_only(request.user, scope) or asked
    data = report.as_json()
    if aggregate:
        data = suppress_esf(data, settings.INPROCEDERE_SUPPRESS_BELOW)
    return scope, report, data, aggregate


def _query(form) -> dict:
    return form.query()


@require_safe
@requires("report.esf")
def esf_report(request):
    form = EsfReportForm(with_defaults(request.GET))
    context = {"form": form, "genders": [GENDER_LABELS[gender] for gender in GENDERS]}
    if form.is_valid():
        scope, _unused, data, aggregate = _report(request, form)
        explain = selectors.may_explain(request.user, scope) and not aggregate
        query = _query(form)

        def link(code, column, value):
            if not explain or not value:
                return ""
            return (
                reverse("reporting:esf_participants")
                + "?"
                + urlencode({**query, "code": code, "gender": column})
            )

        rows = [
            {
                "code": code,
                "label": LABELS[code],
                "cells": [
                    (data["indicators"][code][column], link(code, column, value))
                    for column in ("total", *GENDERS)
                    for value in [data["indicators"][code][column]]
                ],
            }
            for code in CODES
        ]
        not_counted = [
            {
                # No code column: the reasons are the program's keys, not official codes
                # (issue 15: words, not codes); the label says it.
                "code": "",
                "label": REASON_LABELS[reason],
                "value": data["not_counted"][reason],
                "link": link(reason, "total", data["not_counted"][reason]),
            }
            for reason in REASONS
        ]
        context.update(
            {
                "scope": scope,
                "rows": rows,
                "not_counted": not_counted,
                "aggregate": aggregate,
                "threshold": settings.INPROCEDERE_SUPPRESS_BELOW,
                "query_string": urlencode(query),
                "downloads": [
                    (
                        fmt.upper(),
                        f"{reverse('reporting:esf_export')}?{urlencode({**query, 'format': fmt})}",
                    )
                    for fmt in FORMATS
                ]
                + [
                    (
                        _("%(format)s, aggregate") % {"format": fmt.upper()},
                        f"{reverse('reporting:esf_export')}?"
                        + urlencode({**query, "format": fmt, "aggregate": 1}),
                    )
                    for fmt in FORMATS
                    if not aggregate and fmt != "json"
                ],
            }
        )
    return render(request, "reporting/esf.html", context)


@require_safe
@requires("report.esf")
def esf_export(request):
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        raise Http404(_("Unknown format."))
    form = EsfReportForm(with_defaults(request.GET))
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(e for errs in form.errors.values() for e in errs))
    scope, _unused, data, aggregate = _report(request, form)
    export = EsfExport(data, scope_label=scope.label, aggregate=aggregate)
    if fmt == "json":
        response = HttpResponse(
            export.render(fmt),
            content_type=CONTENT_TYPES[fmt],
            headers={"Content-Disposition": content_disposition_header(True, export.filename(fmt))},
        )
    else:
        response = streaming.response(
            export.download(fmt), fmt, pdf_template=EsfExport.pdf_template
        )
    audit.record(
        "reporting.esf.exported",
        request=request,
        detail={"format": fmt, "aggregate": aggregate, **_query(form)},
    )
    return response


@require_safe
@requires("report.esf")
def esf_participants(request):
    form = FigureForm(with_defaults(request.GET, code="EECO01", gender="total"))
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(e for errs in form.errors.values() for e in errs))
    scope, report, _data, _aggregate = _report(request, form)
    if not selectors.may_explain(request.user, scope):
        raise PermissionDenied("report.esf.participants")
    code, gender = form.cleaned_data["code"], form.cleaned_data["gender"] or "total"
    fmt = request.GET.get("format") or ""
    if fmt and fmt not in streaming.FORMATS:
        raise Http404(_("Unknown format."))
    label = LABELS.get(code) or REASON_LABELS[code]
    if fmt and _in_background(fmt, report.count_for(code, gender)):
        return _export_job(request, form, fmt)
    shown, total, ids = selectors.explained_participants(request.user, scope, report, code, gender)
    if fmt:
        return _participants_export(request, form, scope, shown, ids, fmt)
    try:
        page = Paginator(shown, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page"))
        participants = _disclosed(request.user, list(page), channel="page")
        hidden = total - page.paginator.count
    finally:
        ids.drop()
    audit.record(
        "reporting.esf.participants_viewed",
        request=request,
        detail={
            "code": code,
            "gender": gender,
            "format": fmt,
            "participants": [p.pk for p in participants],
        },
    )
    query = _query(form)
    context = {
        "code": code,
        "label": label,
        "gender": GENDER_LABELS.get(gender, _("Total")),
        "scope": scope,
        "query": query,
        "back": reverse("reporting:esf") + "?" + urlencode(query),
        "participants": participants,
        "page": page,
        "page_links": _page_links(request, page),
        "hidden": hidden,
        "downloads": [
            (f.upper(), f"{request.path}?{urlencode({**request.GET.dict(), 'format': f})}")
            for f in streaming.FORMATS
        ],
    }
    return render(request, "reporting/esf_participants.html", context)


PARTICIPANTS_PER_PAGE = 100


def _disclosed(user, participants, *, channel):
    return participant_exports.disclosed(user, participants, channel=channel)


def _page_links(request, page):
    def url(number):
        return f"{request.path}?{urlencode({**request.GET.dict(), 'page': number})}"

    return {
        "previous": url(page.previous_page_number()) if page.has_previous() else "",
        "next": url(page.next_page_number()) if page.has_next() else "",
    }


def _in_background(fmt, total) -> bool:
    """Is this download long enough to be written by a background job (not PDF: refused
    above its limit)?"""
    return fmt != "pdf" and total > settings.INPROCEDERE_EXPORT_BACKGROUND_ROWS


def _export_job(request, form, fmt):
    """The job writing the participants behind the form's figure (reporting/jobs.py); the
    user is sent to its page. Asked again while it runs: the same job."""
    code, gender = participant_exports.figure(form)
    language = translation.get_language() or settings.LANGUAGE_CODE
    query = {**_query(form), "code": code, "gender": gender, "language": language}
    job, new = start_export(request.user, kind="esf_participants", fmt=fmt, query=query)
    if new:
        audit.record(
            "reporting.esf.participants_exported",
            request=request,
            detail={"code": code, "gender": gender, "format": fmt, "job": str(job.pk)},
        )
    return redirect("reporting:export_job", pk=job.pk)


def _participants_export(request, form, scope, shown, ids, fmt):
    """Every participant shown, streamed at once: read, logged and redacted a chunk at a
    time; the figure's ids dropped when the download ends (or is never read)."""
    code, gender = participant_exports.figure(form)
    size = shown.count()
    if fmt == "pdf" and size > streaming.PDF_MAX_ROWS:
        ids.drop()
        # Refused before anyone is read: a PDF laid out halfway would log reads for nothing.
        return HttpResponseBadRequest(
            _("More than %(count)s rows do not fit a PDF; please download CSV or XLSX.")
            % {"count": streaming.PDF_MAX_ROWS},
            content_type="text/plain; charset=utf-8",
        )
    audit.record(
        "reporting.esf.participants_exported",
        request=request,
        detail={"code": code, "gender": gender, "format": fmt, "count": size},
    )
    rows = participant_exports.disclosed_stream(request.user, shown, then=ids.drop)
    download = participant_exports.table(rows, form=form, scope=scope, size=size)
    try:
        response = streaming.response(download, fmt)
    except streaming.TooLongForPdf as error:
        ids.drop()
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    response._resource_closers.append(ids.drop)  # also when the body is never read
    return response
