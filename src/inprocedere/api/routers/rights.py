"""The data subject's rights for the data-protection officer: a participant's access log
and the subject-access export (docs/data-subject-rights.md).

Both need the DPO role (403 otherwise; an unknown participant is 404). The export is a
POST that carries the step-up in its body, the password and a current code of the
caller's second factor: an API token alone never suffices for it.
"""

import datetime as dt
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from inprocedere.accounts import step_up
from inprocedere.privacy import policy
from inprocedere.rights import selectors, services

from ..pagination import MAX_PAGE, MAX_PAGE_SIZE, PAGE_SIZE, _page_url
from ..schemas.common import Detail
from ..schemas.strict import In, QueryIn

router = Router(tags=["data subject's rights"])

MAX_ID = 2**63 - 1
ERRORS = {401: Detail, 403: Detail, 404: Detail, 422: Detail}


def _id():
    return Path(..., ge=1, le=MAX_ID, description="Participant id.")


class AccessLogFilter(QueryIn):
    date_from: dt.date | None = Field(None, alias="from", description="First day.")
    date_to: dt.date | None = Field(None, alias="to", description="Last day.")
    user: str = Field("", max_length=150, description="Part of the user name.")
    action: Literal["read", "write", "denied"] | None = Field(
        None, description="read, write or denied."
    )
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class AccessLogEntryOut(Schema):
    at: dt.datetime
    user: str
    organisation: str | None
    action: str
    channel: str
    categories: list[str]
    purpose: str
    basis: str
    path: str


class AccessLogPage(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    items: list[AccessLogEntryOut]


class SubjectAccessIn(In):
    password: str = Field(..., min_length=1, max_length=200, description="The caller's password.")
    code: str = Field(
        "", max_length=8, description="A current code of the caller's authenticator app."
    )
    language: str = Field("", max_length=8, description="de or en (default: the person's).")


@router.get(
    "/rights/participants/{id}/access-log",
    response={200: AccessLogPage, **ERRORS},
    by_alias=True,
    summary="A participant's access log (data-protection officer)",
)
def access_log(request: HttpRequest, filters: Query[AccessLogFilter], id: int = _id()):
    """Who read or changed the person's data, and who was refused: newest first."""
    policy.require(request.user, "rights.access_log")
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        raise ValidationError({"to": _("The end of the range lies before its start.")})
    participant = selectors.participant_for_dpo(request.user, id)
    entries = selectors.access_log_for(
        request.user,
        participant,
        selectors.LogFilter(filters.date_from, filters.date_to, filters.user, filters.action or ""),
    )
    count = entries.count()
    offset = (filters.page - 1) * filters.page_size
    rows = entries[offset : offset + filters.page_size]
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "next": _page_url(request, filters.page + 1)
        if offset + filters.page_size < count
        else None,
        "previous": _page_url(request, filters.page - 1) if filters.page > 1 else None,
        "items": [
            {
                "at": entry.at,
                "user": entry.user_label,
                "organisation": entry.organisation.name if entry.organisation else None,
                "action": entry.action,
                "channel": entry.channel,
                "categories": entry.categories or [],
                "purpose": entry.purpose,
                "basis": entry.basis,
                "path": entry.path,
            }
            for entry in rows
        ],
    }


@router.post(
    "/rights/participants/{id}/subject-access",
    # 200 is described in openapi_extra only: a second, numeric 200 key would make the
    # schema's JSON carry "200" twice, which the docs page refuses to parse.
    response=ERRORS,
    summary="Subject-access export (Art. 15 GDPR; data-protection officer)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "A ZIP of JSON files and a PDF.",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def subject_access(request: HttpRequest, payload: SubjectAccessIn, id: int = _id()):
    """Everything held about the person as a ZIP; the step-up travels in the body."""
    policy.require(request.user, "rights.subject_access")
    participant = selectors.participant_for_dpo(request.user, id, log=False)
    languages = [code for code, _name in settings.LANGUAGES]
    if payload.language and payload.language not in languages:
        raise ValidationError(
            {"language": _("Choose one of: %(languages)s.") % {"languages": ", ".join(languages)}}
        )
    try:
        step_up.verify(request.user, payload.password, payload.code, request=request)
    except step_up.StepUpFailed as error:
        raise HttpError(403, str(error)) from None
    content = services.subject_access_export(
        actor=request.user, participant=participant, language=payload.language, channel="api"
    )
    response = HttpResponse(content, content_type="application/zip")
    name = f"subject-access-{participant.pk}-{timezone.localdate().isoformat()}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store, private"
    return response
