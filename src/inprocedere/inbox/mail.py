"""E-mails about inbox items: a title, a due date and a link, never a participant's name.

Who is mailed: the current holders of the position an item was delivered to (the
deputy's holders while the position is vacant), or the user of a personal item, each
according to their preference (immediately, daily digest, never).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inprocedere.core.site import absolute
from inprocedere.network.models import Tenure

from .models import EmailPreference, InboxItem

logger = logging.getLogger("inprocedere.inbox")


def mode_of(user) -> str:
    preference = getattr(user, "email_preference", None)
    try:
        return preference.mode if preference else settings.INPROCEDERE_EMAIL_DEFAULT
    except EmailPreference.DoesNotExist:  # pragma: no cover - reverse one-to-one cache
        return settings.INPROCEDERE_EMAIL_DEFAULT


def recipients(item) -> list:
    """The users an item concerns: holders of the position it was delivered to, or the
    personal item's user. Only active users with an e-mail address."""
    if item.user_id:
        users = [item.user]
    else:
        position_id = item.delivered_to_id or item.position_id
        tenures = (
            Tenure.objects.current()
            .filter(position_id=position_id, person__user__isnull=False)
            .select_related("person__user__email_preference")
        )
        users = [tenure.person.user for tenure in tenures]
    seen, result = set(), []
    for user in users:
        if user.is_active and user.email and user.pk not in seen:
            seen.add(user.pk)
            result.append(user)
    return result


def _line(item) -> str:
    line = f"- {item.title}"
    if item.due_on:
        line += " (" + _("due %(date)s") % {"date": date_format(item.due_on)} + ")"
    if item.url:
        line += f"\n  {absolute(item.url)}"
    return line


def send_item(item_id: int) -> int:
    """Send a new item at once to those who want that. Sent once: a retry after a partial
    failure resends nothing already marked."""
    with transaction.atomic():
        item = (
            InboxItem.objects.select_for_update(of=("self",))
            .select_related("user__email_preference")
            .filter(pk=item_id, emailed_at__isnull=True, done_at__isnull=True)
            .first()
        )
        if item is None:
            return 0
        addresses = [user.email for user in recipients(item) if mode_of(user) == "immediate"]
        if addresses:
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("InProcedere: %(title)s") % {"title": item.title}
                body = (
                    _("There is something new in your InProcedere inbox:")
                    + "\n\n"
                    + _line(item)
                    + "\n\n"
                    + _("Inbox: %(url)s") % {"url": absolute("/inbox/")}
                    + "\n"
                )
            # One message per recipient: nobody learns who else was told.
            for address in addresses:
                EmailMessage(subject=subject, body=body, to=[address]).send()
        item.emailed_at = timezone.now()
        item.save(update_fields=["emailed_at"])
    return len(addresses)


def send_digests(now=None) -> int:
    """One digest per user who chose the daily digest, of the open items filed since their
    last digest. Returns the number of e-mails sent."""
    from django.contrib.auth import get_user_model

    from .selectors import items_for_user

    now = now or timezone.now()
    User = get_user_model()
    users = User.objects.filter(is_active=True).exclude(email="").select_related("email_preference")
    sent = 0
    for user in users:
        if mode_of(user) != "daily":
            continue
        with transaction.atomic():
            preference, _created = EmailPreference.objects.select_for_update().get_or_create(
                user=user, defaults={"mode": "daily"}
            )
            since = preference.digest_sent_until
            items = items_for_user(user).open().filter(created_at__lte=now)
            if since is not None:
                items = items.filter(created_at__gt=since)
            items = list(items.order_by("due_on", "created_at")[:100])
            if items:
                with translation.override(settings.LANGUAGE_CODE):
                    subject = _("InProcedere: %(count)s new items in your inbox") % {
                        "count": len(items)
                    }
                    body = (
                        _("New in your InProcedere inbox since the last digest:")
                        + "\n\n"
                        + "\n".join(_line(item) for item in items)
                        + "\n\n"
                        + _("Inbox: %(url)s") % {"url": absolute("/inbox/")}
                        + "\n"
                    )
                EmailMessage(subject=subject, body=body, to=[user.email]).send()
                sent += 1
            preference.digest_sent_until = now
            preference.save(update_fields=["digest_sent_until"])
    return sent
