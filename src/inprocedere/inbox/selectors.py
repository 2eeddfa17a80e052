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
