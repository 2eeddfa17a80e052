"""Personal calendar feeds: a secret URL per person that calendar programs subscribe to.

The token is shown once; only its SHA-256 is kept. A revoked or unknown token finds
nothing, and the feed view answers 404 (not 403), so a guessed URL learns nothing.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.core import audit
from inprocedere.privacy import policy

from ..models import CalendarFeed

MAX_ACTIVE = 5


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_create(*, actor) -> tuple[CalendarFeed, str]:
    """A new feed for `actor`; returns it and its token (shown once, never stored)."""
    policy.require(actor, "calendar.feed")
    if CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True).count() >= MAX_ACTIVE:
        raise ValidationError(
            _("You have %(limit)d active calendar links; revoke one first.") % {"limit": MAX_ACTIVE}
        )
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=actor, token_hash=_hash(token), prefix=token[:8])
    audit.record("cooperation.calendar_feed.created", actor=actor, obj=feed)
    return feed, token


@transaction.atomic
def feed_revoke(*, actor, feed) -> CalendarFeed:
    if feed.user_id != actor.pk:
        raise PermissionDenied("not one's own feed")
    if feed.revoked_at is not None:
        raise ValidationError(_("This calendar link has been revoked already."))
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    audit.record("cooperation.calendar_feed.revoked", actor=actor, obj=feed)
    return feed


def feed_for_token(token: str) -> CalendarFeed | None:
    """The active feed of `token`, or None (unknown, revoked, or its user inactive)."""
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is not None:
        # Only a trace of use, without an audit entry per calendar poll.
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed
