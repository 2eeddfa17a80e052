"""The import pages: upload, the check's report with a preview, confirm, progress, result."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from inprocedere.privacy.decorators import requires

from . import selectors, services
from .columns import COLUMNS
from .forms import UploadForm
from .models import ImportRun

REFRESH_SECONDS = 2


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@csrf_exempt  # the CSRF check reads the body: the size is judged before, see _upload
@requires("import.participants")
def upload(request):
    if request.method == "POST":
        # Refuse an oversized upload before anything reads its body (a refusal changes
        # nothing, so it needs no CSRF check); everything else is checked as usual.
        try:
            services.check_size(_content_length(request))
        except services.ImportRefused as error:
            return _upload_page(
                request,
                UploadForm(organisations=_organisations(request)),
                refused=error.problem.message,
            )
    return _upload(request)


def _organisations(request):
    return services.importing_organisations(request.user)


@csrf_protect
def _upload(request):
    organisations = _organisations(request)
    if request.method != "POST":
        return _upload_page(request, UploadForm(organisations=organisations))
    form = UploadForm(request.POST, request.FILES, organisations=organisations)
    if not form.is_valid():
        return _upload_page(request, form)
    upload = form.cleaned_data["file"]
    try:
        run = services.run_check(
            actor=request.user,
            organisation=form.cleaned_data["organisation"],
            source=ImportRun.Source.PAGE,
            file_name=upload.name,
            stream=upload,
            size=upload.size,
        )
    except services.ImportRefused as error:
        return _upload_page(request, form, refused=error.problem.message)
    return redirect("imports:run_detail", pk=run.pk)


def _upload_page(request, form, refused=None):
    runs = list(selectors.runs_for(request.user)[:10])
    return render(
        request,
        "imports/upload.html",
        {"form": form, "refused": refused, "runs": runs, "columns": COLUMNS},
        status=422 if refused else 200,
    )


@requires("import.participants")
def run_detail(request, pk):
    run = selectors.run_for(request.user, pk)
    running = run.working
    headers = run.headers
    preview_columns = [(name, headers[name]) for name in headers]
    preview = [
        {"row": item["row"], "cells": [item["cells"].get(name, "") for name, _h in preview_columns]}
        for item in run.preview
    ]
    response = render(
        request,
        "imports/run_detail.html",
        {
            "run": run,
            "running": running,
            "progress": services.read_progress(run) if running else None,
            "errors": [(p, headers.get(p.column, p.column)) for p in run.errors],
            "warnings": [(p, headers.get(p.column, p.column)) for p in run.warnings],
            "preview_columns": preview_columns,
            "preview": preview,
            "not_listed": max(
                0,
                run.summary.get("errors", 0) + run.summary.get("warnings", 0) - len(run.problems),
            ),
        },
    )
    if running:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@require_POST
@requires("import.participants")
def run_commit(request, pk):
    run = selectors.run_for(request.user, pk)
    try:
        run = services.run_commit(actor=request.user, run=run)
    except services.ImportRefused as error:
        messages.error(request, error.problem.message)
    else:
        if run.status == ImportRun.Status.DONE:
            messages.success(request, _("The sheet has been imported."))
        elif run.status == ImportRun.Status.FAILED:
            messages.error(request, _("The import failed; nothing was written."))
    return redirect("imports:run_detail", pk=run.pk)


@require_POST
@requires("import.participants")
def run_discard(request, pk):
    run = selectors.run_for(request.user, pk)
    try:
        services.run_discard(actor=request.user, run=run)
    except services.ImportRefused as error:
        messages.error(request, error.problem.message)
        return redirect("imports:run_detail", pk=run.pk)
    messages.success(request, _("The upload has been discarded; nothing was imported."))
    return redirect("imports:upload")
