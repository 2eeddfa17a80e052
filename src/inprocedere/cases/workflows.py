"""The explicit state machines of case work: every allowed transition, nothing else."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class ReferralState(models.TextChoices):
    SENT = "sent", gettext_lazy("Sent")
    ACCEPTED = "accepted", gettext_lazy("Accepted")
    DECLINED = "declined", gettext_lazy("Declined")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")
    INTAKE_DONE = "intake_done", gettext_lazy("Intake done")


REFERRAL_TRANSITIONS = {
    ReferralState.SENT: {ReferralState.ACCEPTED, ReferralState.DECLINED, ReferralState.WITHDRAWN},
    ReferralState.ACCEPTED: {ReferralState.INTAKE_DONE},
    ReferralState.DECLINED: set(),
    ReferralState.WITHDRAWN: set(),
    ReferralState.INTAKE_DONE: set(),
}
OPEN_REFERRAL_STATES = {ReferralState.SENT, ReferralState.ACCEPTED}


class CaseStatus(models.TextChoices):
    ACTIVE = "active", gettext_lazy("Active")
    PAUSED = "paused", gettext_lazy("Paused")
    CLOSED = "closed", gettext_lazy("Closed")


CASE_TRANSITIONS = {
    CaseStatus.ACTIVE: {CaseStatus.PAUSED, CaseStatus.CLOSED},
    CaseStatus.PAUSED: {CaseStatus.ACTIVE, CaseStatus.CLOSED},
    CaseStatus.CLOSED: set(),
}


class EnrollmentState(models.TextChoices):
    PLANNED = "planned", gettext_lazy("Planned")
    ONGOING = "ongoing", gettext_lazy("Ongoing")
    COMPLETED = "completed", gettext_lazy("Completed")
    ABORTED = "aborted", gettext_lazy("Aborted")


ENROLLMENT_TRANSITIONS = {
    EnrollmentState.PLANNED: {EnrollmentState.ONGOING, EnrollmentState.ABORTED},
    EnrollmentState.ONGOING: {EnrollmentState.COMPLETED, EnrollmentState.ABORTED},
    EnrollmentState.COMPLETED: set(),
    EnrollmentState.ABORTED: set(),
}


def check_transition(table, choices, current, target):
    """Raise a translated ValidationError unless `current -> target` is in `table`."""
    if target not in choices.values:
        raise ValidationError(_("Unknown state: %(state)s") % {"state": target}, code="unknown")
    if target not in table[current]:
        raise ValidationError(
            _("Not possible: from “%(current)s” to “%(target)s”.")
            % {"current": choices(current).label, "target": choices(target).label},
            code="transition",
        )
