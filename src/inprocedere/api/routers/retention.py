"""Retention and erasure for the data-protection officer, as on the pages under
/rights/ (docs/data-subject-rights.md): who is due for erasure, one person's retention
state, erasing or pseudonymising one person, and the erasure of everyone due as a
background run.

The same selectors and services as the pages, so the same rules (nothing erased while a
case is open or a retention duty runs; the refusal names the date it ends), the same
audit entries and the same access log (listing who is due, or reading one person's
state, logs the DPO's read). Reads need `rights.retention` or `rights.access_log`,
writes `rights.erase` (403 otherwise); an unknown participant is 404.

Every write carries the step-up in its body, the caller's password and a current code of
their second factor: an API token alone never erases anything (403 when it fails).
"""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema, Status
from ninja.errors import HttpError

from inprocedere.accounts import step_up
from inprocedere.privacy import policy
from inprocedere.privacy.categories import Category
from inprocedere.rights import retention, selectors, services
from inprocedere.rights.tasks import start_erasure_run

from ..schemas.common import Detail
from ..schemas.strict import In

router = Router(tags=["data subject's rights"])

MAX_ID = 2**63 - 1
READ = {401: Detail, 403: Detail, 404: Detail, 422: Detail}
WRITE = {401: Detail, 403: Detail, 404: Detail, 422: Detail}


def _id():
    return Path(..., ge=1, le=MAX_ID, description="Participant id.")


class StepUpIn(In):
    password: str = Field(..., min_length=1, max_length=200, description="The caller's password.")
    code: str = Field(
        "", max_length=8, description="A current code of the caller's authenticator app."
    )


class ErasureIn(StepUpIn):
    categories: list[Category] | None = Field(
        None,
        min_length=1,
        max_length=len(Category.values),
        description="Data categories to erase (default: all).",
    )


class ErasureOut(Schema):
    id: int
    participant_id: int
    kind: str = Field(description="erased or pseudonymised.")
    categories: list[str]
    counts: dict = Field(description="What was redacted, by table and field.")
    performed_at: dt.datetime


class RetentionOut(Schema):
    participant_id: int
    retention_ends_on: dt.date | None = Field(
        description="The last day of the longest retention duty; null while any end is unknown."
    )
    open_cases: int
    erased: bool
    pseudonymised: bool
    may_erase: bool
    may_pseudonymise: bool
    refusal: str = Field(description="Why erasure is refused today ('' when it may go ahead).")
    erasures: list[ErasureOut]


class DueOut(Schema):
    participant_id: int
    family_name: str
    given_names: str
    retention_ended_on: dt.date | None
    pseudonymised: bool


class ErasureRunOut(Schema):
    id: int
    on: dt.date
    status: str = Field(description="queued, running, done or failed.")
    total: int
    done: int
    refused: int
    created_at: dt.datetime
    finished_at: dt.datetime | None


class RetentionOverviewOut(Schema):
    due: list[DueOut]
    run: ErasureRunOut | None = Field(description="The latest erasure run.")


def _run_out(run):
    if run is None:
        return None
    return {
        "id": run.pk,
        "on": run.on,
        "status": run.status,
        "total": run.total,
        "done": run.done,
        "refused": run.refused,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
    }


def _erasure_out(erasure):
    return {
        "id": erasure.pk,
        "participant_id": erasure.participant_id,
        "kind": erasure.kind,
        "categories": list(erasure.categories or []),
        "counts": erasure.counts or {},
        "performed_at": erasure.performed_at,
    }


def _step_up(request, payload: StepUpIn) -> None:
    try:
        step_up.verify(request.user, payload.password, payload.code, request=request)
    except step_up.StepUpFailed as error:
        raise HttpError(403, str(error)) from None


@router.get(
    "/rights/retention",
    response={200: RetentionOverviewOut, **READ},
    summary="Who is due for erasure (data-protection officer)",
)
def retention_due(request: HttpRequest):
    """Everyone whose every case is closed and whose retention duty has ended, and the
    latest erasure run. Listing them logs the read, as the page does."""
    policy.require(request.user, "rights.retention")
    overview = selectors.retention_overview(request.user)
    due = [
        {
            "participant_id": state.participant_id,
            "family_name": person.family_name if person else "",
            "given_names": person.given_names if person else "",
            "retention_ended_on": state.ends_on,
            "pseudonymised": state.pseudonymised,
        }
        for person, state in overview["rows"]
    ]
    return {"due": due, "run": _run_out(overview["run"])}


@router.post(
    "/rights/retention/erasure-runs",
    response={202: ErasureRunOut, **WRITE},
    summary="Erase everyone due today, in the background (data-protection officer)",
)
def erasure_run(request: HttpRequest, payload: StepUpIn):
    """Starts the run (202) and answers its progress; asked again while a run is active,
    answers that run instead of starting a second. Follow it with `GET /rights/retention`."""
    policy.require(request.user, "rights.erase")
    _step_up(request, payload)
    run, _new = start_erasure_run(actor=request.user)
    return Status(202, _run_out(run))


@router.get(
    "/rights/participants/{id}/retention",
    response={200: RetentionOut, **READ},
    summary="A participant's retention state (data-protection officer)",
)
def participant_retention(request: HttpRequest, id: int = _id()):
    """Until when the records must be kept, whether erasure may go ahead today (and why
    not), and what has been erased or pseudonymised so far."""
    person = selectors.participant_for_dpo(request.user, id)
    return _retention_out(request.user, person)


def _retention_out(user, person):
    state = retention.retention_of(person)
    refusal = state.refusal()
    return {
        "participant_id": person.pk,
        "retention_ends_on": state.ends_on,
        "open_cases": state.open_cases,
        "erased": state.erased,
        "pseudonymised": state.pseudonymised,
        "may_erase": not refusal and policy.can(user, "rights.erase"),
        "may_pseudonymise": state.may_pseudonymise and policy.can(user, "rights.erase"),
        "refusal": refusal,
        "erasures": [_erasure_out(e) for e in selectors.erasures_of(person)],
    }


@router.post(
    "/rights/participants/{id}/erase",
    response={200: ErasureOut, **WRITE},
    summary="Erase a participant's data (data-protection officer)",
)
def erase(request: HttpRequest, payload: ErasureIn, id: int = _id()):
    """Shreds the chosen data categories (default: all). Refused with 422, writing
    nothing, while a case is open or a retention duty runs; the message names the date
    it ends."""
    policy.require(request.user, "rights.erase")
    person = selectors.participant_for_dpo(request.user, id, log=False)
    _step_up(request, payload)
    categories = [str(c) for c in payload.categories] if payload.categories else None
    erasure = services.erase(actor=request.user, participant=person, categories=categories)
    return _erasure_out(erasure)


@router.post(
    "/rights/participants/{id}/pseudonymise",
    response={200: ErasureOut, **WRITE},
    summary="Replace identity and contact data by a pseudonym (data-protection officer)",
)
def pseudonymise(request: HttpRequest, payload: StepUpIn, id: int = _id()):
    """Once every case is closed with an exit and the retention rule allows it: the ESF
    data stay for the rest of the duty, the name and contact go (422 otherwise)."""
    policy.require(request.user, "rights.erase")
    person = selectors.participant_for_dpo(request.user, id, log=False)
    _step_up(request, payload)
    erasure = services.pseudonymise(actor=request.user, participant=person)
    return _erasure_out(erasure)
