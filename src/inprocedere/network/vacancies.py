"""Vacancies: positions nobody holds today, since when, and the work waiting on them.

Counts only, no personal data: what waits is counted with the `unrestricted` managers
(system code), so the coordinator sees how much work a vacancy holds without seeing whose.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Position, Tenure
from .permissions import turnover_organisation_ids

OPEN_CASE = ("active", "paused")


def _count(queryset, field="pk"):
    """A correlated COUNT(...) as an annotation (0 when nothing matches)."""
    counted = (
        queryset.order_by()
        .annotate(_group=Value(1))
        .values("_group")
        .annotate(n=Count(field, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@dataclass
class Vacancy:
    position: Position
    since: dt.date | None
    days: int | None
    waiting: dict

    @property
    def total(self) -> int:
        return sum(self.waiting.values())


def _annotated(positions):
    from inprocedere.cases.models import Case, Referral
    from inprocedere.inbox.models import InboxItem

    positions = positions.annotate(
        waiting_open_items=_count(
            InboxItem.objects.filter(position=OuterRef("pk"), done_at__isnull=True)
        ),
        waiting_referrals_to_position=_count(
            Referral.unrestricted.filter(to_position=OuterRef("pk"), state__in=("sent", "accepted"))
        ),
        waiting_referrals_to_organisation=_count(
            Referral.unrestricted.filter(
                to_organisation=OuterRef("organisation_id"),
                to_position__isnull=True,
                state="sent",
            )
        ),
        waiting_cases=_count(
            Case.unrestricted.filter(
                Q(owner_position=OuterRef("pk")) | Q(team=OuterRef("pk")), status__in=OPEN_CASE
            )
        ),
    )
    if apps.is_installed("inprocedere.cooperation"):
        from inprocedere.cooperation.models import ActionItem, Consultation

        positions = positions.annotate(
            waiting_consultations=_count(
                Consultation.objects.filter(to_position=OuterRef("pk"), state="open")
            ),
            waiting_action_items=_count(
                ActionItem.objects.filter(owner_position=OuterRef("pk"), done_on__isnull=True)
            ),
        )
    return positions


WAITING = (
    "open_items",
    "referrals_to_position",
    "referrals_to_organisation",
    "cases",
    "consultations",
    "action_items",
)


def vacancies_for(user, today=None) -> list[Vacancy]:
    """The active positions nobody holds today, within the user's reach (all for the
    coordinator, their own organisation's for a team lead), longest vacant first."""
    today = today or timezone.localdate()
    held = Tenure.objects.current(today).values("position_id")
    positions = Position.objects.filter(is_active=True).exclude(pk__in=held)
    organisations = turnover_organisation_ids(user)
    if organisations is not None:
        positions = positions.filter(organisation_id__in=organisations)
    positions = _annotated(
        positions.select_related("organisation", "deputy__organisation").annotate(
            last_end=Max("tenures__ends_on", filter=Q(tenures__ends_on__lt=today)),
            deputy_held=Count(
                "deputy__tenures",
                filter=Q(deputy__tenures__in=Tenure.objects.current(today)),
                distinct=True,
            ),
        )
    )
    result = []
    for position in positions:
        since = position.last_end + dt.timedelta(days=1) if position.last_end else None
        waiting = {name: getattr(position, f"waiting_{name}", 0) or 0 for name in WAITING}
        result.append(
            Vacancy(
                position=position,
                since=since,
                days=(today - since).days if since else None,
                waiting=waiting,
            )
        )
    result.sort(key=lambda v: (v.since is None, v.since or today, v.position.title))
    return result


def leaving_soon(user, today=None, days=60) -> list[Tenure]:
    """Tenures that end within `days` and leave their position empty (no successor yet)."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=days)
    ending = Tenure.objects.filter(ends_on__gte=today, ends_on__lte=horizon).select_related(
        "person", "position__organisation"
    )
    organisations = turnover_organisation_ids(user)
    if organisations is not None:
        ending = ending.filter(position__organisation_id__in=organisations)
    result = []
    for tenure in ending.order_by("ends_on"):
        day_after = tenure.ends_on + dt.timedelta(days=1)
        if not Tenure.objects.filter(position_id=tenure.position_id).current(day_after).exists():
            result.append(tenure)
    return result
