"""Reads of participants, narrowed by the access policy and prefetched for their pages.

Unknown and forbidden records alike raise Http404: outsiders cannot tell whether a
person is registered.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from inprocedere.privacy import policy

from . import lookup
from .derived import ResidenceFacts, residence_facts
from .models import (
    Alias,
    BenefitPeriod,
    ExternalIdentifier,
    Participant,
    ResidenceStatus,
    ResidenceStatusType,
    WorkPermitApplication,
)


@dataclass
class ParticipantQuery:
    text: str = ""
    birth_year: int | None = None


def _residence_prefetch():
    return Prefetch(
        "residence_statuses",
        queryset=ResidenceStatus.objects.select_related("status_type", "issuing_authority"),
        to_attr="residence_periods",
    )


def participants_for(
    user,
    query: ParticipantQuery | None = None,
    *,
    permission="participant.read",
    merged: bool = False,
):
    """The participants `user` may see, searched by name (aliases and identifiers too;
    case and diacritics ignored; through an index, best matches first) and birth year,
    with what the register shows prefetched. Records merged into another person stay out
    of lists and searches unless `merged` (their own page)."""
    query = query or ParticipantQuery()
    participants = policy.visible(user, Participant.objects.all(), permission)
    if not merged:
        participants = participants.filter(merged_into__isnull=True)
    participants = lookup.matching(participants, query.text)
    if query.birth_year:
        participants = participants.filter(birth_date__startswith=f"{query.birth_year:04d}")
    return participants.select_related("registered_by").prefetch_related(
        Prefetch("aliases", queryset=Alias.objects.order_by("family_name", "pk")),
        _residence_prefetch(),
    )


def participant_for(user, pk, *, permission="participant.read", flags=None) -> Participant:
    """One participant with everything the participant page shows, or Http404; the read
    is logged and the instance shows only what the user may see (policy.disclosure).
    `flags` ({attribute: permission}) are answered in the same query
    (`policy.with_permissions`), like the reader's bases for the disclosure."""
    try:
        participants = participants_for(user, permission=permission, merged=True)
        participants = policy.with_bases(user, participants)
        participant = (
            policy.with_permissions(user, participants, **(flags or {}))
            .select_related("updated_by", "merged_into")
            .prefetch_related(
                Prefetch(
                    "external_ids",
                    queryset=ExternalIdentifier.objects.select_related("organisation"),
                ),
                Prefetch(
                    "benefit_periods", queryset=BenefitPeriod.objects.select_related("agency")
                ),
                "work_permit_applications",
            )
            .get(pk=pk)
        )
    except (Participant.DoesNotExist, ValueError, TypeError, OverflowError):
        policy.refused_lookup(user, Participant, pk)
        raise Http404 from None
    policy.disclosure(user, participant)
    return participant


def _record_for(user, model, participant_pk, pk, **related):
    participant = participant_for(user, participant_pk, permission="participant.edit")
    try:
        record = model.objects.select_related(*related.get("select", ())).get(
            pk=pk, participant=participant
        )
    except (model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    record.participant = participant
    return record


def residence_status_for(user, participant_pk, pk) -> ResidenceStatus:
    return _record_for(user, ResidenceStatus, participant_pk, pk, select=("status_type",))


def benefit_period_for(user, participant_pk, pk) -> BenefitPeriod:
    return _record_for(user, BenefitPeriod, participant_pk, pk)


def work_permit_application_for(user, participant_pk, pk) -> WorkPermitApplication:
    return _record_for(user, WorkPermitApplication, participant_pk, pk)


def alias_for(user, participant_pk, pk) -> Alias:
    return _record_for(user, Alias, participant_pk, pk)


def facts_for(participant: Participant, on=None) -> ResidenceFacts:
    """Current status, days until it expires and months tolerated, from the prefetch."""
    return residence_facts(participant.residence_periods, on or timezone.localdate())


def case_work_for(user, participant: Participant) -> dict:
    """The person's cases and referrals the user may see (read only, for the page)."""
    try:
        from inprocedere.cases.models import Case, Referral
    except ImportError:  # pragma: no cover - the cases app is part of the project
        return {"cases": [], "referrals": []}
    cases = policy.visible(user, Case.objects.filter(participant=participant), "case.read")
    referrals = policy.visible(
        user, Referral.objects.filter(participant=participant), "referral.read"
    )
    return {
        "cases": list(cases.select_related("owner_organisation", "owner_position")),
        "referrals": list(
            referrals.select_related("from_position__organisation", "to_organisation")
        ),
    }


def residence_status_types_for(user, on=None):
    """Reference data (not personal): every version of every status type; anyone signed
    in may read it, under the same rule as the directory."""
    types = policy.visible(user, ResidenceStatusType.objects.all(), "directory.read")
    if on is not None:
        types = types.in_force(on)
    return types.order_by("law", "paragraph", "absatz", "satz", "code", "valid_from")


def status_type_choices(user) -> list[tuple[str, str]]:
    """(code, label) once per code, for forms; the version is chosen by the start date."""
    seen: dict[str, str] = {}
    for status_type in residence_status_types_for(user):
        seen[status_type.code] = f"{status_type.name} ({status_type.citation})"
    return sorted(seen.items(), key=lambda item: item[1])
