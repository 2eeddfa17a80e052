"""Cooperation: consultations, case conferences with action items, network meetings, trainings.

Positions are the addressees of everything here, never people: a consultation goes to a
position, a conference invites positions, an action item belongs to a position. Staff
turnover changes who holds the position, nothing else.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inprocedere.core.models import VersionedModel
from inprocedere.privacy.categories import Category

from .workflows import (
    Attendance,
    ConsultationState,
    ConsultationTopic,
    EventState,
    MinutesState,
)


class Consultation(models.Model):
    """A question about a case to a position of another organisation (*Rücksprache*)."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    from_position = models.ForeignKey(
        "network.Position",
        verbose_name=_("asked by position"),
        on_delete=models.PROTECT,
        related_name="consultations_sent",
    )
    to_position = models.ForeignKey(
        "network.Position",
        verbose_name=_("addressed to position"),
        on_delete=models.PROTECT,
        related_name="consultations_received",
    )
    topic = models.CharField(_("topic"), max_length=30, choices=ConsultationTopic.choices)
    subject = models.CharField(_("subject"), max_length=200)
    question = models.TextField(_("question"), max_length=4000)
    due_on = models.DateField(_("answer needed by"))
    state = models.CharField(
        _("status"),
        max_length=20,
        choices=ConsultationState.choices,
        default=ConsultationState.OPEN,
        db_index=True,
    )
    consent = models.ForeignKey(
        "privacy.Consent",
        verbose_name=_("consent relied on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    DATA_CATEGORIES = {"question": Category.COUNSELLING, "subject": Category.COUNSELLING}

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self):
        return _("Consultation %(pk)s") % {"pk": self.pk}

    @property
    def audit_organisation(self):
        return self.from_position.organisation

    @property
    def is_overdue(self):
        return self.state == ConsultationState.OPEN and self.due_on < timezone.localdate()


class ConsultationMessage(models.Model):
    """One entry of a consultation's thread: the question, answers, follow-ups."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        ANSWER = "answer", _("Answer")
        FOLLOW_UP = "follow_up", _("Follow-up question")
        CLOSING = "closing", _("Closing remark")
        WITHDRAWAL = "withdrawal", _("Withdrawal")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    position = models.ForeignKey(
        "network.Position", verbose_name=_("position"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("text"), max_length=4000, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    DATA_CATEGORIES = {"text": Category.COUNSELLING}

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("consultation message")
        verbose_name_plural = _("consultation messages")

    def __str__(self):
        return self.get_kind_display()


class Event(VersionedModel):
    """What a case conference and a network meeting share: a date, a place, invitations
    sent as iCalendar, minutes approved by the chair.

    `uid` stays the same for the life of the event and `sequence` goes up with every
    change the invitees must hear about, as iCalendar (RFC 5545) asks for updates.
    """

    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    agenda = models.TextField(_("agenda"), max_length=8000, blank=True)
    chair_position = models.ForeignKey(
        "network.Position",
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("status"), max_length=20, choices=EventState.choices, default=EventState.SCHEDULED
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

    class Meta:
        abstract = True

    @property
    def audit_organisation(self):
        return self.chair_position.organisation

    @property
    def is_cancelled(self):
        return self.state == EventState.CANCELLED

    @property
    def is_past(self):
        return self.ends_at < timezone.now()


class CaseConference(Event):
    """A case conference (*Fallbesprechung*): positions of several organisations about one case."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="conferences",
    )

    DATA_CATEGORIES = {
        "agenda": Category.COUNSELLING,
        "minutes": Category.COUNSELLING,
        "decisions": Category.COUNSELLING,
    }

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="conference_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title


class ConferenceInvitation(models.Model):
    """One invited position, the consent its organisation's invitation rests on, attendance."""

    conference = models.ForeignKey(
        CaseConference, on_delete=models.CASCADE, related_name="invitations"
    )
    position = models.ForeignKey(
        "network.Position",
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        related_name="conference_invitations",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="conference_invitations",
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
        verbose_name = _("conference invitation")
        verbose_name_plural = _("conference invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "position"], name="one_invitation_per_conference_position"
            )
        ]

    def __str__(self):
        return str(self.position)


class ActionItem(models.Model):
    """Something a conference agreed: a position does it by a date."""

    conference = models.ForeignKey(
        CaseConference,
        verbose_name=_("case conference"),
        on_delete=models.CASCADE,
        related_name="action_items",
    )
    title = models.CharField(_("what is to be done"), max_length=300)
    owner_position = models.ForeignKey(
        "network.Position",
        verbose_name=_("responsible position"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_note = models.TextField(_("note on completion"), max_length=4000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    DATA_CATEGORIES = {"title": Category.COUNSELLING, "done_note": Category.COUNSELLING}

    class Meta:
        ordering = ["done_on", "due_on", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [models.Index(fields=["owner_position", "done_on"])]

    def __str__(self):
        return self.title

    @property
    def audit_organisation(self):
        return self.owner_position.organisation

    @property
    def is_done(self):
        return self.done_on is not None

    @property
    def is_overdue(self):
        return self.done_on is None and self.due_on < timezone.localdate()

    @property
    def done_in_time(self):
        return self.done_on is not None and self.done_on <= self.due_on


class Meeting(Event):
    """A network meeting or a training, at local level (a region) or for the whole network."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Network meeting")
        TRAINING = "training", _("Training")

    class Level(models.TextChoices):
        LOCAL = "local", _("Local")
        NETWORK = "network", _("Network")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    region = models.ForeignKey(
        "network.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text=_("Empty: the whole network."),
    )
    topic = models.CharField(_("topic"), max_length=200)
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
        verbose_name = _("network meeting or training")
        verbose_name_plural = _("network meetings and trainings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title


class MeetingInvitation(models.Model):
    """An invited position (of an invited organisation)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    position = models.ForeignKey(
        "network.Position",
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        related_name="meeting_invitations",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="meeting_invitations",
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("invitation withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "position__title"]
        verbose_name = _("meeting invitation")
        verbose_name_plural = _("meeting invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="one_invitation_per_meeting_position"
            )
        ]

    def __str__(self):
        return str(self.position)


class MeetingAttendance(models.Model):
    """Who came, as a person of an organisation (staff, not participants)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        "network.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="meeting_attendances",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "person__family_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person")
        ]

    def __str__(self):
        return f"{self.person} ({self.organisation})"


def material_path(instance, filename):
    return f"meetings/{instance.meeting_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class MeetingMaterial(models.Model):
    """A file for a meeting or training: slides, handouts, a signed attendance list."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=material_path)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.title


class CalendarFeed(models.Model):
    """A personal calendar subscription: a secret URL that serves the person's events as .ics.

    Only a hash of the token is kept; revoking the feed makes its URL answer 404.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.prefix}…"

    @property
    def is_active(self):
        return self.revoked_at is None
