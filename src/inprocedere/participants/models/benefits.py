"""Access to the labour market and to benefits: work permit applications, benefit periods."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from inprocedere.core.models import VersionedModel, dates_in_order
from inprocedere.privacy.categories import Category

from .people import Participant


class WorkPermitApplication(VersionedModel):
    """An application for a work permit and the employment agency's decision (LAW.md §2)."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        NOT_REQUIRED = "not_required", _("Consent not required")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="work_permit_applications"
    )
    applied_on = models.DateField(_("applied on"))
    employer = models.CharField(_("employer"), max_length=200)
    job = models.CharField(_("job"), max_length=200)
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    hourly_wage = models.DecimalField(
        _("hourly wage (EUR)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    sent_to_agency_on = models.DateField(
        _("sent to the employment agency on"), null=True, blank=True
    )
    agency_decision = models.CharField(
        _("agency decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    agency_decided_on = models.DateField(_("decided on"), null=True, blank=True)
    priority_check = models.BooleanField(_("priority check"), default=False)
    valid_until = models.DateField(_("permit valid until"), null=True, blank=True)
    tied_to_employer = models.BooleanField(_("tied to the employer"), default=False)
    ban_reason = models.CharField(_("reason for a work ban"), max_length=300, blank=True)

    DATA_CATEGORIES = dict.fromkeys(
        (
            "applied_on",
            "employer",
            "job",
            "hours_per_week",
            "hourly_wage",
            "sent_to_agency_on",
            "agency_decision",
            "agency_decided_on",
            "priority_check",
            "valid_until",
            "tied_to_employer",
            "ban_reason",
        ),
        Category.RESIDENCE,
    )

    class Meta:
        ordering = ["-applied_on", "-pk"]
        verbose_name = _("work-permit application")
        verbose_name_plural = _("work-permit applications")

    def __str__(self):
        return f"{self.job} – {self.employer}"


class BenefitPeriod(VersionedModel):
    """Which system pays, when (LAW.md §3)."""

    class System(models.TextChoices):
        ASYLBLG_3 = "asylblg_3", _("AsylbLG § 3")
        ASYLBLG_2 = "asylblg_2", _("AsylbLG § 2 (analogous)")
        SGB2 = "sgb2", _("SGB II (job centre)")
        SGB3 = "sgb3", _("SGB III (employment agency)")
        SGB12 = "sgb12", _("SGB XII")
        NONE = "none", _("No benefits")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="benefit_periods"
    )
    system = models.CharField(_("benefit system"), max_length=20, choices=System.choices)
    agency = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("paying agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)

    DATA_CATEGORIES = dict.fromkeys(
        ("system", "agency", "valid_from", "valid_until"), Category.BENEFITS
    )

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("benefit period")
        verbose_name_plural = _("benefit periods")
        constraints = [dates_in_order("valid_from", "valid_until", name="benefit_period_dates")]

    def __str__(self):
        return self.get_system_display()
