"""Reminders of cooperation: overdue action items of case conferences and consultations."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Kind
from .reminder_common import short_date
from .services import deliver


def action_items_overdue(today) -> int:
    """An action item of a case conference is past its due date and not done."""
    from django.apps import apps

    if not apps.is_installed("inprocedere.cooperation"):
        return 0
    from inprocedere.cooperation.models import ActionItem

    items = (
        ActionItem.objects.filter(done_on__isnull=True, due_on__lt=today)
        .select_related("owner_position__deputy", "conference__case__participant")
        .order_by("pk")
    )
    filed = 0
    for item in items:
        filed += bool(
            deliver(
                position=item.owner_position,
                kind=Kind.ACTION_ITEM_OVERDUE,
                key=f"action_item_overdue:{item.pk}:{item.due_on}",
                title=_("Action item from the case conference of %(date)s overdue since %(due)s")
                % {
                    "date": short_date(timezone.localdate(item.conference.starts_at)),
                    "due": short_date(item.due_on),
                },
                url=reverse("cooperation:conference_detail", args=[item.conference_id]),
                due_on=item.due_on,
                participant=item.conference.case.participant,
            )
        )
    return filed


def consultations_overdue(today) -> int:
    """A consultation is unanswered past its due date: flagged to both sides."""
    from django.apps import apps

    if not apps.is_installed("inprocedere.cooperation"):
        return 0
    from inprocedere.cooperation.models import Consultation

    consultations = (
        Consultation.objects.filter(state="open", due_on__lt=today)
        .select_related(
            "to_position__deputy",
            "from_position__deputy",
            "to_position__organisation",
            "case__participant",
        )
        .order_by("pk")
    )
    filed = 0
    for consultation in consultations:
        url = reverse("cooperation:consultation_detail", args=[consultation.pk])
        sides = (
            (
                consultation.to_position,
                "addressee",
                _("Consultation to answer, overdue since %(date)s"),
            ),
            (
                consultation.from_position,
                "asker",
                _("Your consultation to %(organisation)s is unanswered since %(date)s"),
            ),
        )
        for position, side, text in sides:
            filed += bool(
                deliver(
                    position=position,
                    kind=Kind.CONSULTATION_OVERDUE,
                    key=f"consultation_overdue:{consultation.pk}:{consultation.due_on}:{side}",
                    title=text
                    % {
                        "date": short_date(consultation.due_on),
                        "organisation": consultation.to_position.organisation.display_short,
                    },
                    url=url,
                    due_on=consultation.due_on,
                    participant=consultation.case.participant,
                )
            )
    return filed
