"""The state machines of cooperation: every allowed transition, nothing else."""

from django.db import models
from django.utils.translation import gettext_lazy, pgettext_lazy

from inprocedere.cases.workflows import check_transition  # noqa: F401 - shared rule


class ConsultationTopic(models.TextChoices):
    RESIDENCE_LAW = "residence_law", gettext_lazy("Residence law")
    BENEFITS_FUNDING = "benefits_funding", gettext_lazy("Benefits and funding")
    QUALIFICATION = "qualification", gettext_lazy("Qualification")
    OTHER = "other", gettext_lazy("Other")


class ConsultationState(models.TextChoices):
    OPEN = "open", gettext_lazy("Open")
    ANSWERED = "answered", gettext_lazy("Answered")
    CLOSED = "closed", gettext_lazy("Closed")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")


# A follow-up question re-opens an answered consultation: the thread goes on until the
# asker closes it.
CONSULTATION_TRANSITIONS = {
    ConsultationState.OPEN: {ConsultationState.ANSWERED, ConsultationState.WITHDRAWN},
    ConsultationState.ANSWERED: {ConsultationState.CLOSED, ConsultationState.OPEN},
    ConsultationState.CLOSED: set(),
    ConsultationState.WITHDRAWN: set(),
}
OPEN_CONSULTATION_STATES = {ConsultationState.OPEN}


class AppointmentKind(models.TextChoices):
    CONFERENCE = "conference", gettext_lazy("Case conference")
    MEETING = "meeting", gettext_lazy("Network meeting")
    TRAINING = "training", gettext_lazy("Training")


class MeetingKind(models.TextChoices):
    """The kinds of a network appointment (no case, no personal data of participants)."""

    MEETING = "meeting", gettext_lazy("Network meeting")
    TRAINING = "training", gettext_lazy("Training")


class MeetingLevel(models.TextChoices):
    LOCAL = "local", gettext_lazy("Local")
    NETWORK = "network", gettext_lazy("Network")


class AppointmentState(models.TextChoices):
    SCHEDULED = "scheduled", gettext_lazy("Scheduled")
    HELD = "held", gettext_lazy("Held")
    CANCELLED = "cancelled", gettext_lazy("Cancelled")


# Recording attendance or minutes says the appointment took place: it is then "held" and
# can no longer be cancelled; a cancelled one takes neither minutes nor attendance.
APPOINTMENT_TRANSITIONS = {
    AppointmentState.SCHEDULED: {AppointmentState.HELD, AppointmentState.CANCELLED},
    AppointmentState.HELD: set(),
    AppointmentState.CANCELLED: set(),
}


class MinutesState(models.TextChoices):
    NONE = "none", gettext_lazy("Not yet recorded")
    DRAFT = "draft", gettext_lazy("Draft")
    APPROVED = "approved", pgettext_lazy("minutes", "Approved")


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", gettext_lazy("Not recorded")
    PRESENT = "present", gettext_lazy("Present")
    EXCUSED = "excused", gettext_lazy("Excused")
    ABSENT = "absent", gettext_lazy("Absent")
