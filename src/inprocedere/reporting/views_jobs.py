"""A download written in the background: its page (progress, polled by htmx) and its file
(thin views over `jobs`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from inprocedere.core import audit

from . import jobs, streaming
from .models import ExportJob


def _job(request, pk) -> ExportJob:
    """The job, for its own user only: 403 without the permission its kind needs, 404 for
    anybody else's job or one asked while acting for other organisations."""
    job = ExportJob.objects.filter(pk=pk).first()
    if job is None or job.kind not in jobs.KINDS:
        raise Http404(_("There is no such download."))
    if not jobs.may_ask(request.user, job.kind):
        raise PermissionDenied(job.kind)
    if not jobs.fetchable(request.user, job):
        raise Http404(_("There is no such download."))
    return job


@require_safe
def export_job(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = _job(request, pk)
    partial = request.headers.get("HX-Request") == "true"
    template = "reporting/_export_job.html" if partial else "reporting/export_job.html"
    context = {
        "job": job,
        "kind": jobs.KINDS[job.kind],
        "keep_hours": settings.INPROCEDERE_EXPORT_KEEP_HOURS,
    }
    return render(request, template, context)


@require_safe
def export_job_file(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = _job(request, pk)
    path = jobs.path_of(job)
    if job.status != ExportJob.Status.DONE or not path.is_file():
        raise Http404(_("This download is not ready or no longer kept."))
    audit.record(
        "reporting.export.fetched",
        request=request,
        detail={"job": str(job.pk), "kind": job.kind, "format": job.format, "rows": job.total},
    )
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=job.file_name,
        content_type=streaming.CONTENT_TYPES[job.format],
    )
