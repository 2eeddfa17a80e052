"""Reads of the inbox: whose items are whose."""

from __future__ import annotations

from django.db.models import Q

from inprocedere.network.models import Tenure


def occupied_position_ids():
    """A subquery of the positions somebody holds today."""
    return Tenure.objects.current().values("position_id")


def acting_q(user, position_ids, field: str = "position") -> Q:
    """Items of `position_ids`, of vacant positions whose deputy is one of them, and the
    personal items of `user`."""
    q = Q(**{f"{field}__in": position_ids}) | (
        Q(**{f"{field}__deputy__in": position_ids})
        & ~Q(**{f"{field}__in": occupied_position_ids()})
    )
    if user is not None and getattr(user, "pk", None):
        q |= Q(user=user)
    return q


def items_for_user(user):
    """Every item in `user`'s inbox (open and done): the positions they hold today, the
    vacant positions they deputise for, and their personal items."""
    from inprocedere.privacy import policy

    from .models import InboxItem

    actor = policy.actor_for(user)
    return InboxItem.objects.filter(acting_q(user, actor.position_ids))


def open_work(user) -> dict:
    """What waits on `user`'s positions besides the filed items: referrals to their
    organisation not yet answered, consultations to answer, action items not done.
    Each a list, read through the policy; participants loaded for the disclosure."""
    from django.apps import apps

    from inprocedere.cases.models import Referral
    from inprocedere.privacy import policy

    actor = policy.actor_for(user)
    work = {"referrals": [], "consultations": [], "action_items": []}
    if not actor.positions:
        return work
    if policy.can(user, "referral.respond"):
        referrals = policy.visible(
            user,
            Referral.objects.filter(state="sent", to_organisation_id__in=actor.organisation_ids),
            "referral.respond",
        )
        work["referrals"] = list(
            referrals.select_related(
                "participant", "from_position__organisation", "to_organisation", "to_position"
            ).order_by("created_at")[:LIMIT]
        )
    if apps.is_installed("inprocedere.cooperation"):
        from inprocedere.cooperation.models import ActionItem, Consultation

        if policy.can(user, "consultation.answer"):
            consultations = policy.visible(
                user, Consultation.objects.filter(state="open"), "consultation.answer"
            )
            work["consultations"] = list(
                consultations.select_related(
                    "case__participant", "from_position__organisation", "to_position"
                ).order_by("due_on", "pk")[:LIMIT]
            )
        if policy.can(user, "action_item.complete"):
            items = policy.visible(
                user,
                ActionItem.objects.filter(
                    acting_q(None, actor.position_ids, "owner_position"), done_on__isnull=True
                ),
                "action_item.complete",
            )
            work["action_items"] = list(
                items.select_related("conference__case__participant", "owner_position").order_by(
                    "due_on", "pk"
                )[:LIMIT]
            )
    return work


LIMIT = 100


def open_count(user) -> int:
    """The number shown beside "Inbox" in the navigation."""
    from django.apps import apps

    from inprocedere.cases.models import Referral
    from inprocedere.privacy import policy

    actor = policy.actor_for(user)
    count = items_for_user(user).open().count()
    if not actor.positions:
        return count
    if policy.can(user, "referral.respond"):
        count += policy.visible(
            user,
            Referral.objects.filter(state="sent", to_organisation_id__in=actor.organisation_ids),
            "referral.respond",
        ).count()
    if apps.is_installed("inprocedere.cooperation"):
        from inprocedere.cooperation.models import ActionItem, Consultation

        if policy.can(user, "consultation.answer"):
            count += policy.visible(
                user, Consultation.objects.filter(state="open"), "consultation.answer"
            ).count()
        if policy.can(user, "action_item.complete"):
            count += policy.visible(
                user,
                ActionItem.objects.filter(
                    acting_q(None, actor.position_ids, "owner_position"), done_on__isnull=True
                ),
                "action_item.complete",
            ).count()
    return count
