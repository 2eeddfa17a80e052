"""Reads for reports: a scope of the network, and its ESF facts in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.cases.models import Activity, Case, Enrollment, Placement
from inprocedere.cases.workflows import EnrollmentState
from inprocedere.network.models import Organisation, Region, SubProject
from inprocedere.participants.models import Participant
from inprocedere.privacy.models import Consent, Purpose

from .esf import (
    CaseFacts,
    ConsentFacts,
    EnrolmentFacts,
    ExitFacts,
    FollowUpFacts,
    PersonFacts,
    PlacementFacts,
)


class ScopeError(ValueError):
    """An unknown organisation, region or sub-project (the message is translated)."""


@dataclass(frozen=True)
class Scope:
    """Which cases a report covers: the whole network, or those of an organisation, a
    region (through the case's sub-project) or a sub-project, or where these meet."""

    organisation: Organisation | None = None
    region: Region | None = None
    subproject: SubProject | None = None

    @property
    def key(self) -> str:
        """'network', or e.g. 'organisation:profes' or 'organisation:profes,region:ger'."""
        parts = []
        if self.organisation:
            parts.append(f"organisation:{self.organisation.slug}")
        if self.region:
            parts.append(f"region:{self.region.slug}")
        if self.subproject:
            parts.append(f"subproject:{self.subproject.pk}")
        return ",".join(parts) or "network"

    @property
    def label(self) -> str:
        parts = [str(part) for part in (self.organisation, self.region, self.subproject) if part]
        return " · ".join(parts) or _("Whole network")

    def cases(self):
        query = Q()
        if self.organisation:
            query &= Q(owner_organisation=self.organisation)
        if self.region:
            query &= Q(subproject__region=self.region)
        if self.subproject:
            query &= Q(subproject=self.subproject)
        return Case.unrestricted.filter(query)


def resolve_scope(*, organisation: str = "", region: str = "", subproject=None) -> Scope:
    """The scope named by slugs (and a sub-project id); ScopeError for unknown names."""
    found = {}
    if organisation:
        found["organisation"] = Organisation.objects.filter(slug=organisation).first()
        if found["organisation"] is None:
            raise ScopeError(_("There is no organisation “%(slug)s”.") % {"slug": organisation})
    if region:
        found["region"] = Region.objects.filter(slug=region).first()
        if found["region"] is None:
            raise ScopeError(_("There is no region “%(slug)s”.") % {"slug": region})
    if subproject not in (None, ""):
        try:
            pk = int(subproject)
        except (TypeError, ValueError):
            pk = None
        found["subproject"] = SubProject.objects.filter(pk=pk).first() if pk else None
        if found["subproject"] is None:
            raise ScopeError(_("There is no sub-project “%(id)s”.") % {"id": subproject})
    return Scope(**found)


def esf_facts(scope: Scope, date_from: dt.date, date_to: dt.date):
    """The people and cases an ESF report over the range needs: five queries, any size.

    Every case in the scope of every person who has a case in the scope that enters,
    leaves or (without an entry date) opened in the range: earlier and later cases decide
    which entry is the first and which exit the last.
    """
    in_scope = scope.cases()
    relevant = in_scope.filter(
        Q(esf_entry_date__range=(date_from, date_to))
        | Q(exit__exit_date__range=(date_from, date_to))
        | Q(esf_entry_date__isnull=True, opened_at__date__range=(date_from, date_to))
    )
    case_rows = list(
        in_scope.filter(participant_id__in=relevant.values("participant_id"))
        .select_related("participant", "exit", "follow_up")
        .order_by("pk")
    )
    case_ids = in_scope.filter(participant_id__in=relevant.values("participant_id")).values("pk")
    minutes = dict(
        Activity.objects.filter(case_id__in=case_ids)
        .order_by()
        .values("case_id")
        .annotate(total=Sum("duration_minutes"))
        .values_list("case_id", "total")
    )
    placements: dict[int, list[PlacementFacts]] = {}
    for case_id, kind, starts_on in Placement.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "type", "starts_on"
    ):
        placements.setdefault(case_id, []).append(PlacementFacts(kind, starts_on))
    enrolments: dict[int, list[EnrolmentFacts]] = {}
    for case_id, gained, ended_on in Enrollment.objects.filter(
        case_id__in=case_ids, state=EnrollmentState.COMPLETED
    ).values_list("case_id", "qualification_gained", "ended_on"):
        enrolments.setdefault(case_id, []).append(EnrolmentFacts(gained, ended_on))
    consents: dict[int, list[ConsentFacts]] = {}
    for participant_id, signed_on, valid_until, withdrawn_on in (
        Consent.unrestricted.filter(participant_id__in=relevant.values("participant_id"))
        .for_purpose(Purpose.ESF_MONITORING)
        .values_list("participant_id", "signed_on", "valid_until", "withdrawn_on")
    ):
        consents.setdefault(participant_id, []).append(
            ConsentFacts(signed_on, valid_until, withdrawn_on)
        )
    people = {}
    cases = []
    for case in case_rows:
        if case.participant_id not in people:
            people[case.participant_id] = _person(case.participant, consents)
        cases.append(
            CaseFacts(
                case_id=case.pk,
                participant_id=case.participant_id,
                opened_on=timezone.localtime(case.opened_at).date(),
                entry_date=case.esf_entry_date,
                employment_status=case.employment_status_at_entry,
                isced=case.isced_at_entry,
                homeless=case.homeless,
                rural=case.rural,
                minutes=minutes.get(case.pk) or 0,
                exit=_exit(case),
                follow_up=_follow_up(case),
                placements=tuple(placements.get(case.pk, ())),
                enrolments=tuple(enrolments.get(case.pk, ())),
            )
        )
    return people, cases


def _person(participant: Participant, consents) -> PersonFacts:
    return PersonFacts(
        participant_id=participant.pk,
        gender=participant.gender,
        birth_date=participant.birth_date,
        citizenships=tuple(country.code for country in participant.citizenships),
        stateless=participant.stateless,
        foreign_background=participant.foreign_background,
        disability=participant.disability,
        minority=participant.minority,
        esf_consents=tuple(consents.get(participant.pk, ())),
    )


def _exit(case: Case) -> ExitFacts | None:
    exit = case.exit if hasattr(case, "exit") else None  # a missing one-to-one raises
    if exit is None:
        return None
    return ExitFacts(exit.exit_date, exit.status_upon_leaving, exit.qualification_gained)


def _follow_up(case: Case) -> FollowUpFacts | None:
    follow_up = case.follow_up if hasattr(case, "follow_up") else None
    if follow_up is None:
        return None
    return FollowUpFacts(follow_up.status, follow_up.situation_improved)


# --- who sees what of a report ------------------------------------------------------------


def aggregate_only(user, scope: Scope) -> bool:
    """Does `user` see this report with small counts suppressed (issue 6 §6)?

    The ministry does; the coordinating office and the partners' team leads see exact
    figures (and team leads may open them, to their own organisation's participants).
    """
    from inprocedere.privacy.policy import actor_for
    from inprocedere.privacy.roles import Role

    return not actor_for(user).roles & {Role.COORDINATOR, Role.TEAM_LEAD}


def may_explain(user, scope: Scope) -> bool:
    """May `user` open figures to the participants behind them (never on suppressed ones)?"""
    from inprocedere.privacy.policy import can

    return can(user, "report.esf.participants") and not aggregate_only(user, scope)


def explained_participants(user, scope: Scope, ids) -> tuple[list[Participant], int]:
    """The participants behind a figure whose case in the scope the user's organisation
    owns, and how many others stand behind it without being shown."""
    if not may_explain(user, scope):
        return [], len(ids)
    return participants_owned(user, scope, ids)


def participants_owned(user, scope: Scope, ids) -> tuple[list[Participant], int]:
    """Of the participants `ids`, those within the user's reach whose case in the scope the
    user's own organisation owns (by name), and how many others there are."""
    from inprocedere.privacy.policy import actor_for, visible

    own = actor_for(user).organisation_ids
    owned = scope.cases().filter(owner_organisation_id__in=own).values("participant_id")
    shown = list(
        visible(user, Participant.objects.filter(pk__in=ids), "participant.read")
        .filter(pk__in=owned)
        .order_by("family_name", "given_names", "pk")
    )
    return shown, len(ids) - len(shown)
