"""Imports: upload a participant sheet (dry run or import), read a run's report.

The same services as the upload page and the command: a dry run checks and writes
nothing; otherwise a valid sheet is imported (202 while a large one runs in the
background; poll GET /imports/{id}). A sheet with problems answers 422 with the full
report, every problem by row and column, in the language of `Accept-Language`.
"""

import uuid

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from inprocedere.imports import selectors, services
from inprocedere.imports.models import ImportRun
from inprocedere.imports.reports import run_json
from inprocedere.privacy import policy

from ..schemas.common import Detail

router = Router(tags=["imports"])


class ProblemOut(Schema):
    row: int | None = Field(None, description="Row in the sheet (the header is row 1).")
    column: str = Field(description="Column name (English), empty for the file as a whole.")
    level: str = Field(description="error or warning")
    code: str
    message: str = Field(description="In the language of the request.")


class ProgressOut(Schema):
    done: int
    total: int
    percent: int


class ImportOut(Schema):
    id: str | None = None
    status: str = Field(
        description=(
            "checking (a large sheet, checked in the background), invalid, checked (dry run), "
            "queued, running, done, failed, refused"
        )
    )
    dry_run: bool = False
    file: str = ""
    format: str = ""
    organisation: str = ""
    summary: dict = Field(default_factory=dict)
    result: dict = Field(default_factory=dict)
    problems: list[ProblemOut] = Field(default_factory=list)
    problems_not_listed: int = 0
    progress: ProgressOut | None = None


UPLOAD_BODY = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file", "organisation"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "organisation": {"type": "string", "description": "Organisation slug."},
                        "dry_run": {"type": "boolean", "default": False},
                    },
                }
            }
        }
    }
}


def _organisation(user, slug):
    for organisation in services.importing_organisations(user):
        if organisation.slug == slug:
            return organisation
    raise ValidationError({"organisation": _("Choose one of the organisations you import for.")})


@router.post(
    "/imports",
    response={
        200: ImportOut,
        201: ImportOut,
        202: ImportOut,
        401: Detail,
        403: Detail,
        422: ImportOut | Detail,
    },
    openapi_extra=UPLOAD_BODY,
    summary="Upload a participant sheet",
)
def upload(request: HttpRequest):
    """Multipart form: `file` (CSV or XLSX, docs/import.md), `organisation` (slug) and
    `dry_run` (true: check only). 200 dry run, 201 imported, 202 checking or importing
    in the background (poll GET /imports/{id}), 422 the sheet has problems or crosses a
    reading limit (nothing written)."""
    policy.require(request.user, "import.participants")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    try:
        services.check_size(length)
    except services.ImportRefused as refused:
        return Status(422, _refused(refused))
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError({"file": _("Attach the sheet as the form field “file”.")})
    organisation = _organisation(request.user, request.POST.get("organisation", ""))
    dry_run = str(request.POST.get("dry_run", "")).lower() in ("1", "true", "yes", "on")
    try:
        run = services.run_check(
            actor=request.user,
            organisation=organisation,
            source=ImportRun.Source.API,
            file_name=upload.name,
            stream=upload,
            size=upload.size,
            dry_run=dry_run,
            commit_after_check=not dry_run,
        )
        if run.status == ImportRun.Status.CHECKED:
            if dry_run:
                services.run_discard(actor=request.user, run=run)
                run.status = ImportRun.Status.CHECKED
                return Status(200, run_json(run, dry_run=True))
            run = services.run_commit(actor=request.user, run=run)
    except services.ImportRefused as refused:
        return Status(422, _refused(refused))
    return Status(_STATUS_CODES.get(run.status, 202), run_json(run, dry_run=dry_run))


# A run checked (and imported) in the background may be anywhere when the upload answers.
_STATUS_CODES = {
    ImportRun.Status.DONE: 201,
    ImportRun.Status.DISCARDED: 200,  # a dry run, checked in the background
    ImportRun.Status.INVALID: 422,
    ImportRun.Status.FAILED: 422,
}


def _refused(refused) -> dict:
    return {"status": "refused", "problems": [refused.problem.as_json()]}


@router.get(
    "/imports/{id}",
    response={200: ImportOut, 401: Detail, 403: Detail, 404: Detail},
    summary="An import's report and progress",
)
def get_import(request: HttpRequest, id: uuid.UUID):
    """The report of one of your imports; while it runs, its progress."""
    policy.require(request.user, "import.participants")
    return run_json(selectors.run_for(request.user, id))
