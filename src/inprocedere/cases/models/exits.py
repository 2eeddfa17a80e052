"""Leaving the programme: the exit and the follow-up after it."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inprocedere.privacy.categories import Category

from .cases import Case


class StatusOnLeaving(models.TextChoices):
    JOB_SEARCHING = "job_searching", _("Job searching")
    EDUCATION_TRAINING = "education_training", _("In education or training")
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    INACTIVE = "inactive", _("Inactive")
    OTHER = "other", _("Other")


class Exit(models.Model):
    class Reason(models.TextChoices):
        PLACED = "placed", _("Placed into work or training")
        GOALS_REACHED = "goals_reached", _("Goals reached")
        HANDED_OVER = "handed_over", _("Handed over")
        MOVED_AWAY = "moved_away", _("Moved away")
        DEPORTED = "left_country", _("Left the country")
        NO_CONTACT = "no_contact", _("No longer in contact")
        OTHER = "other", _("Other")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="exit")
    exit_date = models.DateField(_("exit date"))
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices)
    status_upon_leaving = models.CharField(
        _("status upon leaving"), max_length=30, choices=StatusOnLeaving.choices
    )
    qualification_gained = models.BooleanField(_("gained a qualification"), default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    DATA_CATEGORIES = dict.fromkeys(
        ("exit_date", "reason", "status_upon_leaving", "qualification_gained"),
        Category.EDUCATION_WORK,
    )

    class Meta:
        verbose_name = _("exit")
        verbose_name_plural = _("exits")

    def __str__(self):
        return f"{self._meta.verbose_name} {self.exit_date:%d.%m.%Y}"


class FollowUp(models.Model):
    """Where the person stands six months after leaving."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="follow_up")
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    status = models.CharField(
        _("status at six months"), max_length=30, choices=StatusOnLeaving.choices, blank=True
    )
    situation_improved = models.BooleanField(
        _("labour-market situation improved"), null=True, blank=True
    )

    DATA_CATEGORIES = dict.fromkeys(("status", "situation_improved"), Category.EDUCATION_WORK)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self):
        return f"{self._meta.verbose_name} {self.due_on:%d.%m.%Y}"

    @property
    def is_overdue(self) -> bool:
        """Not recorded and its due day has passed."""
        return self.done_on is None and self.due_on < timezone.localdate()
