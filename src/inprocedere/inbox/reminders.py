"""Reminders: computed once a day by a Huey task (periodic.compute_reminders_daily).

Each reminder occurrence has its own key (what, which record, which date, for whom), so
running the computation twice, or every hour, files nothing twice; a new occurrence
(a renewed permit expiring again, a new gap in contact) gets a new key. System code: the
records are read through the `unrestricted` managers, and what is filed carries no
participant's name (the inbox shows it to those the policy allows).

Lead and waiting times are settings (docs/inbox-and-reminders.md).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Kind
from .reminder_common import (
    BRIDGE_CODES,
    BRIDGE_TARGET_PARAGRAPHS,
    OPEN_CASE_STATES,
    case_url,
    lead_time,
    owner_positions,
    participant_url,
    short_date,
)
from .reminders_cooperation import action_items_overdue, consultations_overdue
from .services import deliver

logger = logging.getLogger("inprocedere.inbox")


def residence_expiring(today) -> int:
    """A residence permit or Duldung runs out within a lead time, and nothing follows it."""
    from inprocedere.participants.models import ResidenceStatus

    leads = sorted(settings.INPROCEDERE_RESIDENCE_REMINDER_DAYS)
    if not leads:
        return 0
    horizon = today + dt.timedelta(days=max(leads))
    later = ResidenceStatus.objects.all()
    statuses = (
        ResidenceStatus.objects.filter(
            valid_until__gte=today,
            valid_until__lte=horizon,
            status_type__kind__in=("permit", "duldung"),
            participant__merged_into__isnull=True,
        )
        .select_related("status_type")
        .order_by("pk")
    )
    candidates = []
    for status in statuses:
        # Renewed (a later status on record) means nothing to remind of.
        if later.filter(
            participant_id=status.participant_id, valid_from__gt=status.valid_from
        ).exists():
            continue
        lead = lead_time((status.valid_until - today).days, leads)
        if lead is not None:
            candidates.append((status, lead))
    owners = owner_positions({status.participant_id for status, _lead in candidates})
    filed = 0
    for status, lead in candidates:
        days = (status.valid_until - today).days
        title = ngettext(
            "%(status)s expires on %(date)s (in %(days)s day)",
            "%(status)s expires on %(date)s (in %(days)s days)",
            days,
        ) % {
            "status": status.status_type.citation,
            "date": short_date(status.valid_until),
            "days": days,
        }
        if status.status_type.kind == "duldung":
            title = _("Duldung: %(title)s") % {"title": title}
        for position in owners.get(status.participant_id, []):
            filed += bool(
                deliver(
                    position=position,
                    kind=Kind.RESIDENCE_EXPIRING,
                    key=f"residence:{status.pk}:{status.valid_until}:{lead}:{position.pk}",
                    title=title,
                    url=participant_url(status.participant_id),
                    due_on=status.valid_until,
                    participant=status.participant,
                )
            )
    return filed


def bridge_ending(today) -> int:
    """A §104c permit (18 months, not extendable) ends soon and no §25a/§25b application
    is on record. An application counts as recorded when a §25a or §25b status (the
    permit, or the application's fictional status entered with its filing date) starts
    on or after the §104c permit did."""
    from inprocedere.participants.models import ResidenceStatus

    lead = settings.INPROCEDERE_BRIDGE_REMINDER_DAYS
    statuses = (
        ResidenceStatus.objects.filter(
            status_type__code__in=BRIDGE_CODES,
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=lead),
            participant__merged_into__isnull=True,
        )
        .select_related("status_type")
        .order_by("pk")
    )
    candidates = []
    for status in statuses:
        applied = ResidenceStatus.objects.filter(
            Q(status_type__paragraph__in=BRIDGE_TARGET_PARAGRAPHS)
            | Q(paragraph__in=BRIDGE_TARGET_PARAGRAPHS),
            participant_id=status.participant_id,
            valid_from__gte=status.valid_from,
        ).exists()
        if not applied:
            candidates.append(status)
    owners = owner_positions({status.participant_id for status in candidates})
    filed = 0
    for status in candidates:
        title = _("§104c permit ends on %(date)s and no §25a/§25b application is recorded") % {
            "date": short_date(status.valid_until)
        }
        for position in owners.get(status.participant_id, []):
            filed += bool(
                deliver(
                    position=position,
                    kind=Kind.BRIDGE_ENDING,
                    key=f"bridge:{status.pk}:{status.valid_until}:{position.pk}",
                    title=title,
                    url=participant_url(status.participant_id),
                    due_on=status.valid_until,
                    participant=status.participant,
                )
            )
    return filed


def measure_ending(today) -> int:
    """An enrolment in a measure ends within the lead time (the measure's end date)."""
    from inprocedere.cases.models import Enrollment

    lead = settings.INPROCEDERE_MEASURE_REMINDER_DAYS
    enrolments = (
        Enrollment.objects.filter(
            state__in=("planned", "ongoing"),
            ended_on__isnull=True,
            measure__ends_on__gte=today,
            measure__ends_on__lte=today + dt.timedelta(days=lead),
            case__status__in=OPEN_CASE_STATES,
        )
        .select_related("measure", "case__owner_position__deputy", "case__participant")
        .order_by("pk")
    )
    filed = 0
    for enrolment in enrolments:
        position = enrolment.case.owner_position
        filed += bool(
            deliver(
                position=position,
                kind=Kind.MEASURE_ENDING,
                key=f"measure:{enrolment.pk}:{enrolment.measure.ends_on}:{position.pk}",
                title=_("Measure ends on %(date)s: %(measure)s")
                % {
                    "date": short_date(enrolment.measure.ends_on),
                    "measure": enrolment.measure.title,
                },
                url=case_url(enrolment.case_id),
                due_on=enrolment.measure.ends_on,
                participant=enrolment.case.participant,
            )
        )
    return filed


def no_contact(today) -> int:
    """An active case has had no recorded contact (activity) for N days."""
    from inprocedere.cases.models import Case

    days = settings.INPROCEDERE_NO_CONTACT_DAYS
    cutoff = today - dt.timedelta(days=days)
    cases = (
        Case.unrestricted.filter(status="active")
        .filter(
            Q(last_contact_on__lte=cutoff)
            | Q(last_contact_on__isnull=True, opened_at__date__lte=cutoff)
        )
        .select_related("owner_position__deputy", "participant")
        .order_by("pk")
    )
    filed = 0
    for case in cases:
        since = case.last_contact_on or timezone.localdate(case.opened_at)
        position = case.owner_position
        filed += bool(
            deliver(
                position=position,
                kind=Kind.NO_CONTACT,
                # A new contact and a new gap give a new reminder.
                key=f"no_contact:{case.pk}:{since}:{position.pk}",
                title=_("No contact in case %(case)s since %(date)s")
                % {"case": case.pk, "date": short_date(since)},
                url=case_url(case.pk),
                due_on=today,
                participant=case.participant,
            )
        )
    return filed


def _answering_positions(referral):
    """Who answers a referral: its addressee position, else the receiving organisation's
    team leads, else its positions of case work."""
    if referral.to_position_id:
        return [referral.to_position]
    from inprocedere.privacy.policy import CASE_ROLES

    positions = list(
        referral.to_organisation.positions.filter(is_active=True)
        .select_related("deputy")
        .order_by("pk")
    )
    leads = [p for p in positions if "team_lead" in p.roles]
    return leads or [p for p in positions if set(p.roles) & CASE_ROLES]


def referral_unanswered(today) -> int:
    """A referral still waits for its answer N days after it was sent: both sides hear."""
    from inprocedere.cases.models import Referral

    days = settings.INPROCEDERE_REFERRAL_OVERDUE_DAYS
    cutoff = today - dt.timedelta(days=days)
    referrals = (
        Referral.unrestricted.filter(state="sent", created_at__date__lte=cutoff)
        .select_related(
            "to_position__deputy", "from_position__deputy", "to_organisation", "participant"
        )
        .order_by("pk")
    )
    filed = 0
    for referral in referrals:
        sent = timezone.localdate(referral.created_at)
        url = reverse("cases:referral_detail", args=[referral.pk])
        for position in _answering_positions(referral):
            filed += bool(
                deliver(
                    position=position,
                    kind=Kind.REFERRAL_OVERDUE,
                    key=f"referral_overdue:{referral.pk}:{position.pk}",
                    title=_("Referral of %(date)s still unanswered") % {"date": short_date(sent)},
                    url=url,
                    due_on=sent + dt.timedelta(days=days),
                    participant=referral.participant,
                )
            )
        filed += bool(
            deliver(
                position=referral.from_position,
                kind=Kind.REFERRAL_OVERDUE,
                key=f"referral_overdue:{referral.pk}:sender:{referral.from_position_id}",
                title=_("Your referral of %(date)s to %(organisation)s is still unanswered")
                % {
                    "date": short_date(sent),
                    "organisation": referral.to_organisation.display_short,
                },
                url=url,
                due_on=sent + dt.timedelta(days=days),
                participant=referral.participant,
            )
        )
    return filed


def follow_up_due(today) -> int:
    """The follow-up six months after leaving is due (within the lead time, or overdue)."""
    from inprocedere.cases.models import FollowUp

    lead = settings.INPROCEDERE_FOLLOW_UP_REMINDER_DAYS
    follow_ups = (
        FollowUp.objects.filter(done_on__isnull=True, due_on__lte=today + dt.timedelta(days=lead))
        .select_related("case__owner_position__deputy", "case__participant")
        .order_by("pk")
    )
    filed = 0
    for follow_up in follow_ups:
        position = follow_up.case.owner_position
        filed += bool(
            deliver(
                position=position,
                kind=Kind.FOLLOW_UP_DUE,
                key=f"follow_up:{follow_up.pk}:{follow_up.due_on}:{position.pk}",
                title=_("Follow-up of case %(case)s due on %(date)s")
                % {"case": follow_up.case_id, "date": short_date(follow_up.due_on)},
                url=case_url(follow_up.case_id),
                due_on=follow_up.due_on,
                participant=follow_up.case.participant,
            )
        )
    return filed


COMPUTATIONS = {
    "residence_expiring": residence_expiring,
    "bridge_ending": bridge_ending,
    "measure_ending": measure_ending,
    "no_contact": no_contact,
    "referral_unanswered": referral_unanswered,
    "follow_up_due": follow_up_due,
    "action_items_overdue": action_items_overdue,
    "consultations_overdue": consultations_overdue,
}


def compute_all(today=None) -> dict:
    """Run every computation; returns {kind: items filed}. One computation that fails is
    logged and re-raised after the others ran, so the task is retried (which files only
    what is still missing)."""
    today = today or timezone.localdate()
    result, failed = {}, []
    with translation.override(settings.LANGUAGE_CODE):
        for name, compute in COMPUTATIONS.items():
            try:
                with transaction.atomic():
                    result[name] = compute(today)
            except Exception as exc:
                logger.exception("Reminder computation %s failed", name)
                failed.append((name, exc))
    logger.info("Reminders filed: %s", result)
    if failed:
        raise RuntimeError(
            "Reminder computations failed: " + ", ".join(name for name, _exc in failed)
        ) from failed[0][1]
    return result
