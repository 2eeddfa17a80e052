"""Telling the positions concerned: an inbox item per position, and .ics invitations by mail.

Inbox items go through the inbox app, which routes them to the deputy while a position
is vacant and files each `key` once (so a repeated call delivers nothing twice). Their
titles never repeat what users typed (subjects, titles may name the person). The
e-mails carry the calendar entry and a link, never personal data of a participant: the
page behind the link shows each reader what the policy allows.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inprocedere.network.models import Tenure

from .. import ics

logger = logging.getLogger("inprocedere.cooperation")


def deliver(*, position, kind, key, title, url, due_on=None, participant=None) -> None:
    """One inbox item for `position` (its deputy while vacant), inside the caller's transaction."""
    from inprocedere.inbox.services import deliver as inbox_deliver

    inbox_deliver(
        position=position,
        kind=kind,
        key=key,
        title=title,
        url=url,
        due_on=due_on,
        participant=participant,
    )


def deliver_appointment(event, position, what, titles, *, kind, url, participant=None) -> None:
    """The inbox item of an invitation, change or cancellation (`what`) of an appointment:
    once per change, since the key carries the event's sequence. `titles[what]` may use
    %(when)s and %(title)s."""
    when = timezone.localtime(event.starts_at).strftime("%d.%m.%Y %H:%M")
    deliver(
        position=position,
        kind=f"{kind}_{what}",
        key=f"{kind}:{event.pk}:{position.pk}:{what}:{event.sequence}",
        title=titles[what] % {"when": when, "title": event.title},
        url=url,
        due_on=timezone.localdate(event.starts_at),
        participant=participant,
    )


def recipients(positions) -> list[str]:
    """The e-mail addresses of the current holders of `positions` (of the deputy's holders
    for a vacant one), each once."""
    positions = list(positions)
    tenures = Tenure.objects.current().select_related("person", "person__user")
    held = {}
    for tenure in tenures.filter(position__in=[p.pk for p in positions] + _deputy_ids(positions)):
        held.setdefault(tenure.position_id, []).append(tenure.person)
    addresses = []
    for position in positions:
        people = held.get(position.pk) or held.get(position.deputy_id) or []
        for person in people:
            email = person.email or (person.user.email if person.user else "")
            if email and email not in addresses:
                addresses.append(email)
    return addresses


def _deputy_ids(positions):
    return [p.deputy_id for p in positions if p.deputy_id]


def _when(event) -> str:
    return date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")


def send_calendar(event, positions, *, cancel=False) -> None:
    """After the commit: mail the .ics (REQUEST or CANCEL) to the holders of `positions`."""
    addresses = recipients(positions)
    if not addresses:
        return
    method = "CANCEL" if cancel else "REQUEST"
    url = ics.event_url(event)
    # The invitees' language is the installation's, not that of whoever made the change.
    with translation.override(settings.LANGUAGE_CODE):
        payload = ics.cancellation(event, addresses) if cancel else ics.invitation(event, addresses)
        what = event.get_kind_display()
        if cancel:
            subject = _("Cancelled: %(what)s on %(when)s") % {"what": what, "when": _when(event)}
            body = _("The %(what)s on %(when)s has been cancelled.\n\nDetails: %(url)s\n") % {
                "what": what,
                "when": _when(event),
                "url": url,
            }
        elif event.sequence:
            subject = _("Updated: %(what)s on %(when)s") % {"what": what, "when": _when(event)}
            body = _(
                "The %(what)s has been changed; the attached calendar entry replaces the "
                "earlier one.\n\nDetails: %(url)s\n"
            ) % {"what": what, "url": url}
        else:
            subject = _("Invitation: %(what)s on %(when)s") % {"what": what, "when": _when(event)}
            body = _(
                "You are invited to a %(what)s on %(when)s. The calendar entry is attached."
                "\n\nDetails: %(url)s\n"
            ) % {"what": what, "when": _when(event), "url": url}

    def send():
        message = EmailMessage(subject=subject, body=body, bcc=addresses)
        message.attach("invite.ics", payload, f"text/calendar; charset=utf-8; method={method}")
        try:
            message.send()
        except Exception:  # the change stands; a mail server that is down must not undo it
            logger.exception("Sending the calendar %s for %s failed", method, ics.event_uid(event))

    transaction.on_commit(send)
