"""One appointment core for case conferences and network meetings/trainings.

A case conference (*Fallbesprechung*), a network meeting and a training are one kind of
record: a date, a place, a chair position, invitations sent as iCalendar, attendance,
minutes that the chair approves, a cancellation. They live in one table, `Appointment`,
told apart by `kind`; `CaseConference` and `Meeting` are proxies that narrow it to their
kinds and carry what only they have (a case and action items; a region, a topic,
named attendees and materials, in `kinds.py`).

`uid` stays the same for the life of the appointment and `sequence` goes up with every
change the invitees must hear about, as iCalendar (RFC 5545) asks for updates.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inprocedere.core.models import VersionedModel

from ..workflows import (
    AppointmentKind,
    AppointmentState,
    Attendance,
    MeetingKind,
    MeetingLevel,
    MinutesState,
)

MEETING_KINDS = tuple(MeetingKind.values)


class Appointment(VersionedModel):
    """A case conference, a network meeting or a training (`kind`)."""

    kind = models.CharField(_("kind"), max_length=20, choices=AppointmentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    agenda = models.TextField(_("agenda"), max_length=8000, blank=True)
    chair_position = models.ForeignKey(
        "network.Position", verbose_name=_("chair"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("status"),
        max_length=20,
        choices=AppointmentState.choices,
        default=AppointmentState.SCHEDULED,
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("iCalendar sequence"), default=0)
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)
    decisions = models.TextField(_("decisions"), max_length=8000, blank=True)
    minutes_state = models.CharField(
        _("minutes"), max_length=20, choices=MinutesState.choices, default=MinutesState.NONE
    )
    minutes_approved_at = models.DateTimeField(_("minutes approved"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # A case conference's case; empty for meetings and trainings.
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conferences",
    )
    # A meeting's or training's reach and topic; empty for case conferences.
    level = models.CharField(_("level"), max_length=20, choices=MeetingLevel.choices, blank=True)
    region = models.ForeignKey(
        "network.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text=_("Empty: the whole network."),
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    expertise_organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("expertise from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainings_given",
        help_text=_("For a training: the organisation whose expertise it draws on."),
    )

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [
            models.Index(fields=["kind", "starts_at"], name="appointment_kind_start"),
            models.Index(fields=["kind", "ends_at"], name="appointment_kind_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="appointment_ends_after_start"
            ),
            # A conference has its case; a meeting or training has none.
            models.CheckConstraint(
                condition=Q(kind=AppointmentKind.CONFERENCE, case__isnull=False)
                | Q(kind__in=MEETING_KINDS, case__isnull=True),
                name="appointment_case_iff_conference",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def audit_organisation(self):
        return self.chair_position.organisation

    @property
    def is_conference(self) -> bool:
        return self.kind == AppointmentKind.CONFERENCE

    @property
    def is_cancelled(self) -> bool:
        return self.state == AppointmentState.CANCELLED

    @property
    def has_begun(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class Invitation(models.Model):
    """One invited position of an appointment: for a conference also the consent its
    organisation's invitation rests on; attendance per invitation."""

    appointment = models.ForeignKey(
        Appointment,
        verbose_name=_("appointment"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    position = models.ForeignKey(
        "network.Position",
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        related_name="appointment_invitations",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="appointment_invitations",
    )
    consent = models.ForeignKey(
        "privacy.Consent",
        verbose_name=_("consent relied on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendance = models.CharField(
        _("attendance"), max_length=20, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("invitation withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "position__title"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "position"], name="one_invitation_per_position"
            )
        ]

    def __str__(self):
        return str(self.position)
