"""Retention rules per funding period, and the record that a person's data were erased.

LAW.md §5: erasure (Art. 17 GDPR, §84 SGB X) is overridden by the retention duties of
the funding programme; the duty is counted from 31 December of the year of a reference
date (the programme's last payment, or its closure) and lasts a number of years.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionStart(models.TextChoices):
    LAST_PAYMENT = "last_payment", _("31 December of the year of the last payment")
    CLOSURE = "closure", _("31 December of the year of the programme's closure")


class RetentionRule(models.Model):
    """How long the records of one funding period's cases must be kept."""

    funding_period = models.OneToOneField(
        "network.FundingPeriod",
        verbose_name=_("funding period"),
        on_delete=models.PROTECT,
        related_name="retention_rule",
    )
    years = models.PositiveSmallIntegerField(_("years"))
    starts_from = models.CharField(_("counted from"), max_length=20, choices=RetentionStart.choices)
    last_payment_on = models.DateField(_("last payment"), null=True, blank=True)
    closure_on = models.DateField(_("programme closure"), null=True, blank=True)
    pseudonymise_after_exit = models.BooleanField(
        _("pseudonymise after exit"),
        default=True,
        help_text=_("Replace the identity by a pseudonym once every case is closed."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["funding_period__starts_on"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self):
        return f"{self.funding_period}: {self.years} · {self.get_starts_from_display()}"

    @property
    def reference_date(self):
        if self.starts_from == RetentionStart.CLOSURE:
            return self.closure_on
        return self.last_payment_on


class Erasure(models.Model):
    """That (and how) a person's data were pseudonymised or erased: no personal data.

    The participant is a bare id, like in the access log: the row says what happened
    to whom without pointing to anything that could name them again.
    """

    class Kind(models.TextChoices):
        PSEUDONYMISED = "pseudonymised", _("Pseudonymised")
        ERASED = "erased", _("Erased")

    participant_id = models.PositiveBigIntegerField(_("participant"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    categories = models.JSONField(_("data categories"), default=list)
    counts = models.JSONField(_("what was redacted"), default=dict)
    performed_at = models.DateTimeField(_("time"), auto_now_add=True)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-performed_at", "-pk"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.participant_id}"


class ErasureRun(models.Model):
    """The erasure of everyone due on a day, as a background job with its progress.

    One run at a time (`active` is unique while true): asked twice at once, the second
    request finds the first. Each person is erased in a transaction of their own that
    also counts them, so a crash leaves everyone erased or untouched and the run knows
    how far it got; started again, it goes on from there.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Stopped by an error")

    on = models.DateField(_("due on"))
    participant_ids = models.JSONField(_("participants"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    active = models.BooleanField(default=True)
    done = models.PositiveIntegerField(_("erased"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("erasure run")
        verbose_name_plural = _("erasure runs")
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="one_active_erasure_run"
            )
        ]

    def __str__(self):
        return f"{self.on} · {self.get_status_display()}"

    @property
    def total(self) -> int:
        return len(self.participant_ids)

    @property
    def handled(self) -> int:
        return self.done + self.refused

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.handled / self.total)
