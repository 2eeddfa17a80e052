"""Reads for the network figures: a scope's records in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from inprocedere.cases.models import Enrollment, Measure, Placement, Referral
from inprocedere.cases.workflows import CaseStatus, EnrollmentState, ReferralState
from inprocedere.network.models import Organisation, Region
from inprocedere.participants.models import BenefitPeriod, ResidenceStatus, ResidenceStatusType

from .figures import CaseSpan, Event, FigureFacts, Period
from .selectors import Scope

REFERRAL_OUTCOME = {
    ReferralState.SENT: "open",
    ReferralState.ACCEPTED: "accepted",
    ReferralState.INTAKE_DONE: "accepted",
    ReferralState.DECLINED: "declined",
    ReferralState.WITHDRAWN: "withdrawn",
}


def scope_referrals(scope: Scope):
    """Referrals of a scope: those whose case lies in it; before intake (no case yet),
    those sent to or by the organisation, to an organisation serving the region, or to
    the sub-project's organisation."""
    without_case = Q()
    if scope.organisation:
        without_case &= Q(to_organisation=scope.organisation) | Q(
            from_position__organisation=scope.organisation
        )
    if scope.region:
        without_case &= Q(to_organisation__regions=scope.region) | Q(
            to_organisation__subprojects__region=scope.region
        )
    if scope.subproject:
        without_case &= Q(to_organisation_id=scope.subproject.organisation_id)
    in_scope = Q(case__in=scope.cases()) | (Q(case__isnull=True) & without_case)
    ids = Referral.unrestricted.filter(in_scope).values("pk")
    return Referral.unrestricted.filter(pk__in=ids)


def figure_facts(scope: Scope, date_from: dt.date, date_to: dt.date) -> FigureFacts:
    """Everything the figures need over the range: ten queries, whatever the size."""
    tz = timezone.get_current_timezone()
    cases = scope.cases().filter(Q(opened_at__date__lte=date_to) | Q(esf_entry_date__lte=date_to))
    rows = list(
        cases.values_list(
            "pk",
            "participant_id",
            "owner_organisation_id",
            "subproject__region_id",
            "opened_at",
            "status",
            "updated_at",
            "exit__exit_date",
            "esf_entry_date",
        )
    )
    placements: dict[int, list] = {}
    for case_id, starts_on, ends_on in Placement.objects.filter(
        case_id__in=cases.values("pk")
    ).values_list("case_id", "starts_on", "ends_on"):
        placements.setdefault(case_id, []).append((starts_on, ends_on))
    enrolments: dict[int, list] = {}
    for case_id, started_on, ended_on in (
        Enrollment.objects.filter(case_id__in=cases.values("pk"), started_on__isnull=False)
        .exclude(state=EnrollmentState.PLANNED)
        .values_list("case_id", "started_on", "ended_on")
    ):
        enrolments.setdefault(case_id, []).append((started_on, ended_on))
    spans = []
    for (
        pk,
        participant_id,
        organisation_id,
        region_id,
        opened_at,
        status,
        updated_at,
        exit_on,
        entry,
    ) in rows:
        ended_on = exit_on
        if ended_on is None and status == CaseStatus.CLOSED:
            # Closed without an exit (a handover): it ran until it was closed.
            ended_on = updated_at.astimezone(tz).date()
        spans.append(
            CaseSpan(
                case_id=pk,
                participant_id=participant_id,
                organisation_id=organisation_id,
                region_id=region_id,
                # A case recorded after the person entered runs from the entry date.
                opened_on=min(filter(None, (opened_at.astimezone(tz).date(), entry))),
                ended_on=ended_on,
                exited=exit_on is not None,
                placements=tuple(placements.get(pk, ())),
                enrolments=tuple(enrolments.get(pk, ())),
            )
        )
    residence: dict[int, list[Period]] = {}
    for participant_id, kind, valid_from, valid_until in ResidenceStatus.objects.filter(
        participant_id__in=cases.values("participant_id")
    ).values_list("participant_id", "status_type__kind", "valid_from", "valid_until"):
        residence.setdefault(participant_id, []).append(Period(kind, valid_from, valid_until))
    benefits: dict[int, list[Period]] = {}
    for participant_id, system, valid_from, valid_until in BenefitPeriod.objects.filter(
        participant_id__in=cases.values("participant_id")
    ).values_list("participant_id", "system", "valid_from", "valid_until"):
        benefits.setdefault(participant_id, []).append(Period(system, valid_from, valid_until))
    referrals = [
        Event(created_at.astimezone(tz).date(), REFERRAL_OUTCOME.get(state, "open"), participant_id)
        for created_at, state, participant_id in scope_referrals(scope)
        .filter(created_at__date__range=(date_from, date_to))
        .values_list("created_at", "state", "participant_id")
    ]
    in_scope = scope.cases().values("pk")
    placed = [
        Event(starts_on, kind, participant_id)
        for starts_on, kind, participant_id in Placement.objects.filter(
            case_id__in=in_scope, starts_on__range=(date_from, date_to)
        ).values_list("starts_on", "type", "case__participant_id")
    ]
    completions = [
        Event(ended_on, kind, participant_id)
        for ended_on, kind, participant_id in Enrollment.objects.filter(
            case_id__in=in_scope,
            state=EnrollmentState.COMPLETED,
            ended_on__range=(date_from, date_to),
        ).values_list("ended_on", "measure__type", "case__participant_id")
    ]
    return FigureFacts(
        cases=spans,
        residence=residence,
        benefits=benefits,
        referrals=referrals,
        placements=placed,
        completions=completions,
        regions={str(pk): name for pk, name in Region.objects.values_list("pk", "name")},
        organisations={
            str(pk): short or name
            for pk, short, name in Organisation.objects.values_list("pk", "short_name", "name")
        },
        residence_kinds=dict(ResidenceStatusType.Kind.choices),
        benefit_systems=dict(BenefitPeriod.System.choices),
        placement_types=dict(Placement.Type.choices),
        measure_types=dict(Measure.Type.choices),
    )
