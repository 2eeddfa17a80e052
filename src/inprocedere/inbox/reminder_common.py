"""What the reminder computations share: dates in words, links, who owns a person's cases."""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse
from django.utils.formats import date_format

OPEN_CASE_STATES = ("active", "paused")
BRIDGE_CODES = ("104c",)
BRIDGE_TARGET_PARAGRAPHS = ("25a", "25b")


def short_date(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def participant_url(participant_id):
    return reverse("participants:participant_detail", args=[participant_id])


def case_url(case_id):
    return reverse("cases:case_detail", args=[case_id])


def owner_positions(participant_ids):
    """{participant id: [owner positions of their open cases]}."""
    from inprocedere.cases.models import Case

    owners = defaultdict(list)
    cases = (
        Case.unrestricted.filter(participant_id__in=participant_ids, status__in=OPEN_CASE_STATES)
        .select_related("owner_position__deputy")
        .order_by("pk")
    )
    for case in cases:
        if case.owner_position not in owners[case.participant_id]:
            owners[case.participant_id].append(case.owner_position)
    return owners


def lead_time(days_left: int, leads) -> int | None:
    """The smallest lead time that `days_left` falls within (90 at 90 days, 30 at 30)."""
    within = [lead for lead in leads if 0 <= days_left <= lead]
    return min(within) if within else None
