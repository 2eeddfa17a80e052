"""Duplicate review: candidate pairs, their resolution (merge or different people), merges
and their undo. The same selectors and services as the pages, so the same rules: only
case workers and team leads, only pairs whose two people are both within the caller's
reach (else 404), every person shown logged in the access log."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from inprocedere.duplicates import reasons, selectors, services
from inprocedere.duplicates.models import CandidatePair
from inprocedere.privacy import policy

from ..pagination import Pagination
from ..schemas.common import Detail
from ..schemas.strict import In, QueryIn

router = Router(tags=["duplicates"])

MAX_ID = 2**63 - 1
ERRORS = {401: Detail, 403: Detail, 422: Detail}
DETAIL_ERRORS = {401: Detail, 403: Detail, 404: Detail, 422: Detail}
PURPOSE = "duplicate_review"


class DuplicateExternalIdOut(Schema):
    organisation: str
    kind: str
    value: str


class DuplicatePersonOut(Schema):
    id: int
    family_name: str
    given_names: str
    birth_date: str | None = Field(description="YYYY, YYYY-MM or YYYY-MM-DD.")
    registered_by: str = Field(description="Slug of the registering organisation.")
    external_ids: list[DuplicateExternalIdOut]


class PairOut(Schema):
    id: int
    a: DuplicatePersonOut
    b: DuplicatePersonOut
    score: float = Field(description="Match probability, 0.0–1.0.")
    weight: float = Field(description="Match weight (bits of evidence, Fellegi–Sunter).")
    cluster: int | None = Field(
        None, description="Lowest id of the group of linked records (three or more: one person?)."
    )
    reasons: list[str] = Field(description="Every comparison, in the language of the request.")
    reason_codes: list[str]
    reason_weights: list[float | None] = Field(description="The weight of each comparison.")


class PairFilter(QueryIn):
    min_score: float | None = Field(None, ge=0, le=1, description="Default: the model's threshold.")
    organisation: str | None = Field(
        None, max_length=100, description="Slug: pairs with a record it registered."
    )
    region: int | None = Field(None, ge=1, le=MAX_ID, description="Region id.")


class ResolveIn(In):
    decision: str = Field(description="merge or different", pattern=r"^(merge|different)$")
    survivor: int | None = Field(
        None, ge=1, le=MAX_ID, description="For merge: the id of the record to keep (a or b)."
    )
    note: str = Field("", max_length=300, pattern=r"^[^\x00]*$")


class MergeOut(Schema):
    id: int
    survivor: int
    merged: int
    merged_at: str
    merged_by: str | None
    undone_at: str | None
    moved: dict[str, int] = Field(description="Records moved, by table (app_label.model).")

    @staticmethod
    def resolve_survivor(record):
        return record.survivor_id

    @staticmethod
    def resolve_merged(record):
        return record.merged_id

    @staticmethod
    def resolve_merged_at(record):
        return record.merged_at.isoformat()

    @staticmethod
    def resolve_merged_by(record):
        return record.merged_by.get_username() if record.merged_by else None

    @staticmethod
    def resolve_undone_at(record):
        return record.undone_at.isoformat() if record.undone_at else None

    @staticmethod
    def resolve_moved(record):
        return {label: sum(map(len, fields.values())) for label, fields in record.moved.items()}


class ResolveOut(Schema):
    decision: str
    merge: MergeOut | None = None


def _disclose(request, participants) -> None:
    found = policy.disclose_many(request.user, participants, channel="api", purpose=PURPOSE)
    for participant in participants:
        policy.redact(participant, found[participant.pk])


def _person(participant) -> DuplicatePersonOut:
    return DuplicatePersonOut(
        id=participant.pk,
        family_name=participant.family_name,
        given_names=participant.given_names,
        birth_date=participant.birth_date.isoformat() if participant.birth_date else None,
        registered_by=participant.registered_by.slug,
        external_ids=[
            DuplicateExternalIdOut(organisation=i.organisation.slug, kind=i.kind, value=i.value)
            for i in participant.external_ids.all()
        ],
    )


def _pair(pair: CandidatePair) -> PairOut:
    return PairOut(
        id=pair.pk,
        a=_person(pair.a),
        b=_person(pair.b),
        score=round(pair.score, 3),
        weight=round(pair.weight, 2),
        cluster=pair.cluster,
        reasons=reasons.render_all(pair.reasons),
        reason_codes=[item["code"] for item in pair.reasons],
        reason_weights=[item.get("weight") for item in pair.reasons],
    )


class PairPagination(Pagination):
    """Pages of pairs: both people of every pair on the page logged in one insert."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        pairs = page["items"]
        _disclose(request, [person for pair in pairs for person in (pair.a, pair.b)])
        page["items"] = [_pair(pair) for pair in pairs]
        return page


def _with_ids(queryset):
    return queryset.prefetch_related(
        "a__external_ids__organisation", "b__external_ids__organisation"
    )


@router.get("/duplicates", response={200: list[PairOut], **ERRORS})
@paginate(PairPagination)
def list_pairs(request: HttpRequest, filters: Query[PairFilter]):
    """Candidate pairs among the participants the caller works with, best first."""
    policy.require(request.user, "duplicates.review")
    from inprocedere.network import selectors as directory

    organisation = region = None
    if filters.organisation:
        organisation = directory.organisation_by_slug(request.user, filters.organisation)
        if organisation is None:
            return selectors.pairs_for(request.user).none()
    if filters.region:
        region = directory.region_by_id(request.user, filters.region)
        if region is None:
            return selectors.pairs_for(request.user).none()
    pairs = selectors.pairs_for(
        request.user, min_score=filters.min_score, organisation=organisation, region=region
    )
    return _with_ids(pairs)


@router.get("/duplicates/{id}", response={200: PairOut, **DETAIL_ERRORS})
def get_pair(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    policy.require(request.user, "duplicates.review")
    pair = selectors.pair_for(request.user, id)
    _disclose(request, [pair.a, pair.b])
    return _pair(pair)


@router.post("/duplicates/{id}/resolve", response={200: ResolveOut, **DETAIL_ERRORS})
def resolve_pair(request: HttpRequest, payload: ResolveIn, id: int = Path(..., ge=1, le=MAX_ID)):
    """Merge the two records (`survivor`: the one to keep) or mark them as different
    people (never proposed again). A merge moves every record and can be undone."""
    policy.require(request.user, "duplicates.resolve")
    pair = selectors.pair_for(request.user, id)
    if payload.decision == "different":
        services.mark_different(actor=request.user, one=pair.a, other=pair.b, note=payload.note)
        return {"decision": "different", "merge": None}
    if payload.survivor not in (pair.a_id, pair.b_id):
        raise ValidationError(
            {
                "survivor": _("Name the record to keep: %(a)s or %(b)s.")
                % {"a": pair.a_id, "b": pair.b_id}
            }
        )
    survivor, merged = (pair.a, pair.b) if payload.survivor == pair.a_id else (pair.b, pair.a)
    record = services.merge(actor=request.user, survivor=survivor, merged=merged)
    return {"decision": "merge", "merge": record}


@router.get("/duplicate-merges", response={200: list[MergeOut], **ERRORS})
@paginate(Pagination)
def list_merges(request: HttpRequest):
    """Merges of records of people within the caller's reach, newest first."""
    policy.require(request.user, "duplicates.review")
    return selectors.merges_for(request.user)


@router.post("/duplicate-merges/{id}/unmerge", response={200: MergeOut, **DETAIL_ERRORS})
def unmerge(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    """Undo a merge: exactly the records that moved go back."""
    policy.require(request.user, "duplicates.resolve")
    record = selectors.merge_for(request.user, id)
    return services.unmerge(actor=request.user, record=record)
