"""Writes to the inbox: filing an item (idempotent by key) and marking it done."""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.utils import timezone

from inprocedere.core import audit
from inprocedere.network.models import Tenure
from inprocedere.privacy import policy

from .models import EmailPreference, InboxItem

logger = logging.getLogger("inprocedere.inbox")
_quiet = threading.local()


@contextmanager
def without_mail():
    """File items without e-mailing them (the demo's seeding: nobody to tell)."""
    _quiet.on = True
    try:
        yield
    finally:
        _quiet.on = False


def recipient_position(position):
    """Who is told about an item for `position`: the position itself, or its deputy while
    nobody holds it. A vacant position without a deputy keeps its items unseen until the
    coordinator's vacancy page shows them."""
    if position is None:
        return None
    if Tenure.objects.current().filter(position=position).exists():
        return position
    return position.deputy or position


def deliver(
    *, position, kind, key, title, url, due_on=None, participant=None, user=None
) -> InboxItem | None:
    """File one item for `position` (or personal for `user`); nothing if `key` was filed.

    Runs inside the caller's transaction. The item stays on `position` even while it is
    vacant; the deputy's holders see it in their inbox and are the ones e-mailed. Titles
    carry no participant's name: the inbox shows the name only to whom the policy allows,
    and e-mails never. Returns the new item, or None when the key was filed before.
    """
    if position is None and user is None:
        raise ValueError("An inbox item needs a position or a user.")
    if InboxItem.objects.filter(key=key).exists():
        return None
    item = InboxItem(
        position=position,
        delivered_to=recipient_position(position),
        user=user,
        kind=kind,
        key=key[:255],
        title=str(title)[:300],
        url=url or "",
        due_on=due_on,
        participant=participant,
    )
    try:
        # A concurrent run may file the same key between the check and the insert: the
        # savepoint lets the unique key decide without breaking the caller's transaction.
        with transaction.atomic():
            item.save()
    except IntegrityError:
        if InboxItem.objects.filter(key=key).exists():
            return None
        raise
    if getattr(_quiet, "on", False):
        item.emailed_at = timezone.now()
        InboxItem.objects.filter(pk=item.pk).update(emailed_at=item.emailed_at)
    else:
        transaction.on_commit(lambda: _mail_later(item.pk))
    return item


def _mail_later(item_id):
    from .tasks import send_item_email

    try:
        send_item_email(item_id)
    except Exception:  # the item is filed; the daily digest still covers it
        logger.exception("Could not queue the e-mail for inbox item %s", item_id)


@transaction.atomic
def mark_done(*, actor, item) -> InboxItem:
    """`actor` clears `item` from the inbox of its position (done or dismissed)."""
    policy.require(actor, "inbox.use", item)
    item = InboxItem.objects.select_for_update().get(pk=item.pk)
    if item.done_at is None:
        item.done_at = timezone.now()
        item.done_by = actor
        item.save(update_fields=["done_at", "done_by"])
        audit.record(
            "inbox.item.done", actor=actor, obj=item, detail={"kind": item.kind, "key": item.key}
        )
    return item


@transaction.atomic
def reopen(*, actor, item) -> InboxItem:
    policy.require(actor, "inbox.use", item)
    item = InboxItem.objects.select_for_update().get(pk=item.pk)
    if item.done_at is not None:
        item.done_at = None
        item.done_by = None
        item.save(update_fields=["done_at", "done_by"])
        audit.record("inbox.item.reopened", actor=actor, obj=item, detail={"kind": item.kind})
    return item


@transaction.atomic
def set_email_preference(*, actor, mode) -> EmailPreference:
    """`actor` chooses how they hear of new items: at once, a daily digest, or never."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    policy.require(actor, "inbox.use")
    if mode not in EmailPreference.Mode.values:
        raise ValidationError({"mode": _("Unknown choice.")})
    preference, created = EmailPreference.objects.select_for_update().get_or_create(
        user=actor, defaults={"mode": mode, "digest_sent_until": timezone.now()}
    )
    before = None if created else preference.mode
    if not created and preference.mode != mode:
        preference.mode = mode
        if mode == EmailPreference.Mode.DAILY:
            # The first digest covers what comes from now on, not the whole history.
            preference.digest_sent_until = timezone.now()
        preference.save(update_fields=["mode", "digest_sent_until"])
    if before != mode:
        audit.record(
            "inbox.email_preference.set", actor=actor, detail={"mode": mode, "before": before}
        )
    return preference
