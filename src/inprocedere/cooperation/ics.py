"""iCalendar (RFC 5545/5546) for conferences, meetings and trainings: invitations,
updates and cancellations, and the personal calendar feed.

An event keeps its UID for life; every change the invitees must hear about raises its
SEQUENCE, so calendar programs replace the old entry instead of adding a second one.
A case conference's calendar entry never carries personal data of the participant (its
title and agenda may): it says "Case conference" and links to the page, where the
policy decides what each reader sees.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from inprocedere.core.site import absolute

PRODID = "-//InProcedere//Cooperation//DE"


def event_url(event, base: str | None = None) -> str:
    """The appointment's page at the installation's address (`INPROCEDERE_SITE_URL`, or
    `base`: the address a browser download came through)."""
    page = "conference_detail" if event.is_conference else "meeting_detail"
    return absolute(reverse(f"cooperation:{page}", kwargs={"pk": event.pk}), base)


def event_uid(event) -> str:
    return f"{event.uid}@inprocedere"


def summary(event) -> str:
    if event.is_conference:
        return _("Case conference (no. %(pk)s)") % {"pk": event.pk}
    return f"{event.get_kind_display()}: {event.title}"


def _vevent(event, *, attendees=(), cancelled=False, base=None) -> Event:
    vevent = Event()
    vevent.add("uid", event_uid(event))
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", timezone.now().astimezone(dt.UTC))
    vevent.add("dtstart", event.starts_at.astimezone(dt.UTC))
    vevent.add("dtend", event.ends_at.astimezone(dt.UTC))
    vevent.add("summary", summary(event))
    url = event_url(event, base)
    vevent.add("url", url)
    location = event.place or event.video_url
    if location:
        vevent.add("location", location)
    description = [url]
    if event.video_url:
        description.append(_("Video link: %(url)s") % {"url": event.video_url})
    if not event.is_conference and event.agenda:
        description.append(event.agenda)
    vevent.add("description", "\n\n".join(description))
    status = "CANCELLED" if cancelled or event.is_cancelled else "CONFIRMED"
    vevent.add("status", status)
    organizer = vCalAddress(f"mailto:{_organizer_email(event)}")
    organizer.params["cn"] = vText(str(event.chair_position))
    vevent.add("organizer", organizer)
    for email in attendees:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("FALSE")
        vevent.add("attendee", attendee, encode=0)
    return vevent


def _organizer_email(event) -> str:
    from email.utils import parseaddr

    return event.chair_position.email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def invitation(event, attendees=(), *, base=None) -> bytes:
    """METHOD:REQUEST: a new invitation or an update (with the event's current SEQUENCE)."""
    calendar = _calendar("REQUEST")
    calendar.add_component(_vevent(event, attendees=attendees, base=base))
    return calendar.to_ical()


def cancellation(event, attendees=(), *, base=None) -> bytes:
    """METHOD:CANCEL with STATUS:CANCELLED: the event is off (for these attendees)."""
    calendar = _calendar("CANCEL")
    calendar.add_component(_vevent(event, attendees=attendees, cancelled=True, base=base))
    return calendar.to_ical()


def feed(events, *, base=None) -> bytes:
    """A subscribable calendar (METHOD:PUBLISH) of events, cancelled ones marked so."""
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", _("InProcedere"))
    for event in events:
        calendar.add_component(_vevent(event, base=base))
    return calendar.to_ical()
