"""Measures offered by providers, enrolments in them and placements."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from inprocedere.core.models import dates_in_order
from inprocedere.privacy.categories import Category

from ..workflows import EnrollmentState
from .cases import Case


class Measure(models.Model):
    """A course, training or internship in the catalogue (not personal data)."""

    class Type(models.TextChoices):
        LANGUAGE_COURSE = "language_course", _("Language course")
        QUALIFICATION = "qualification", _("Qualification")
        INTERNSHIP = "internship", _("Internship")
        APPLICATION_TRAINING = "application_training", _("Application training")
        OTHER = "other", _("Other")

    class Funding(models.TextChoices):
        ESF = "esf", _("ESF")
        SGB2_16 = "sgb2_16", _("SGB II § 16")
        SGB3 = "sgb3", _("SGB III")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=200)
    provider = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    type = models.CharField(_("type"), max_length=30, choices=Type.choices)
    funding_source = models.CharField(_("funding source"), max_length=20, choices=Funding.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    places = models.PositiveIntegerField(_("places"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "title"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [dates_in_order("starts_on", "ends_on", name="measure_dates", open_end=False)]

    def __str__(self):
        return self.title


class Enrollment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="enrollments")
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="enrollments"
    )
    state = models.CharField(
        _("status"), max_length=20, choices=EnrollmentState.choices, default=EnrollmentState.PLANNED
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    certificate = models.CharField(_("certificate"), max_length=200, blank=True)
    qualification_gained = models.BooleanField(_("qualification gained"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)

    DATA_CATEGORIES = {
        "certificate": Category.EDUCATION_WORK,
        "qualification_gained": Category.EDUCATION_WORK,
        "note": Category.COUNSELLING,
    }

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self):
        return f"{self.measure} ({self.get_state_display()})"


class Placement(models.Model):
    class Type(models.TextChoices):
        EMPLOYMENT = "employment", _("Employment subject to social insurance")
        VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
        MARGINAL = "marginal", _("Marginal job")
        SELF_EMPLOYMENT = "self_employment", _("Self-employment")
        SCHOOL = "school", _("School")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="placements")
    type = models.CharField(_("type"), max_length=30, choices=Type.choices)
    employer = models.CharField(_("employer or school"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    weekly_hours = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    secures_livelihood = models.BooleanField(_("secures the livelihood"), default=False)

    DATA_CATEGORIES = dict.fromkeys(
        ("type", "employer", "starts_on", "ends_on", "weekly_hours", "secures_livelihood"),
        Category.EDUCATION_WORK,
    )

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self):
        return f"{self.get_type_display()} – {self.employer}"
