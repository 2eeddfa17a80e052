"""The two kinds of appointment and what only each has.

- `CaseConference`: about one case; every invited organisation other than the case's
  owner needs the person's consent (kept on the invitation); agenda, minutes and
  decisions are counselling notes; agreed `ActionItem`s.
- `Meeting` (a network meeting or a training): no personal data of participants; a
  level and region, a topic, for a training the organisation whose expertise it draws
  on; attendance per person (`MeetingAttendance`) and `MeetingMaterial`s.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inprocedere.privacy.categories import Category

from ..workflows import AppointmentKind, MeetingKind, MeetingLevel
from .appointments import MEETING_KINDS, Appointment


class ConferenceQuerySet(models.QuerySet):
    def create(self, **kwargs):
        kwargs.setdefault("kind", AppointmentKind.CONFERENCE)
        return super().create(**kwargs)


class ConferenceManager(models.Manager.from_queryset(ConferenceQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=AppointmentKind.CONFERENCE)


class MeetingManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind__in=MEETING_KINDS)


class CaseConference(Appointment):
    """A case conference (*Fallbesprechung*): positions of several organisations about one case."""

    DATA_CATEGORIES = {
        "agenda": Category.COUNSELLING,
        "minutes": Category.COUNSELLING,
        "decisions": Category.COUNSELLING,
    }

    objects = ConferenceManager()

    class Meta:
        proxy = True
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")


class Meeting(Appointment):
    """A network meeting or a training, at local level (a region) or for the whole network."""

    Kind = MeetingKind
    Level = MeetingLevel

    objects = MeetingManager()

    class Meta:
        proxy = True
        verbose_name = _("network meeting or training")
        verbose_name_plural = _("network meetings and trainings")


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
