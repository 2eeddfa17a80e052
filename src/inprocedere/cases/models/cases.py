"""The case file and what is written into it: contacts, the needs assessment, goals."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inprocedere.core.guarded import guarded_managers
from inprocedere.core.models import VersionedModel
from inprocedere.privacy.categories import Category

from ..workflows import CaseStatus


class EmploymentStatus(models.TextChoices):
    """Employment status at entry (ESF: exactly one)."""

    UNEMPLOYED = "unemployed", _("Unemployed")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("Long-term unemployed")
    INACTIVE = "inactive", _("Inactive")
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed")


class Case(VersionedModel):
    """The case file at the organisation that works with the person."""

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="cases"
    )
    owner_organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("owning organisation"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    owner_position = models.ForeignKey(
        "network.Position",
        verbose_name=_("responsible position"),
        on_delete=models.PROTECT,
        related_name="owned_cases",
    )
    team = models.ManyToManyField(
        "network.Position", verbose_name=_("case team"), blank=True, related_name="team_cases"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.ACTIVE
    )
    esf_entry_date = models.DateField(_("ESF entry date"), null=True, blank=True)
    funding_period = models.ForeignKey(
        "network.FundingPeriod",
        verbose_name=_("funding period"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    subproject = models.ForeignKey(
        "network.SubProject",
        verbose_name=_("sub-project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    employment_status_at_entry = models.CharField(
        _("employment status at entry"), max_length=30, choices=EmploymentStatus.choices, blank=True
    )
    isced_at_entry = models.PositiveSmallIntegerField(
        _("ISCED level at entry"), null=True, blank=True
    )
    homeless = models.BooleanField(_("homeless or affected by housing exclusion"), default=False)
    rural = models.BooleanField(_("lives in a rural area"), default=False)
    handed_over_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="handed_over_to"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)

    DATA_CATEGORIES = {
        "esf_entry_date": Category.EDUCATION_WORK,
        "employment_status_at_entry": Category.EDUCATION_WORK,
        "isced_at_entry": Category.EDUCATION_WORK,
        "homeless": Category.CONTACT,
        "rural": Category.CONTACT,
    }

    objects, unrestricted = guarded_managers()

    class Meta:
        default_manager_name = "unrestricted"
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self):
        return _("Case %(pk)s") % {"pk": self.pk}

    @property
    def audit_organisation(self):
        return self.owner_organisation


class Activity(models.Model):
    """Counselling, accompaniment, coaching: one contact with the person."""

    class Kind(models.TextChoices):
        COUNSELLING = "counselling", _("Counselling")
        ACCOMPANIMENT = "accompaniment", _("Accompaniment to an office")
        APPLICATION_SUPPORT = "application_support", _("Application support")
        JOB_COACHING = "job_coaching", _("Job coaching")
        LANGUAGE_SUPPORT = "language_support", _("Language support")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    topics = models.JSONField(_("topics"), default=list, blank=True)
    note = models.TextField(_("note"), max_length=10000, blank=True)
    confidential = models.BooleanField(_("confidential"), default=False)
    position = models.ForeignKey(
        "network.Position",
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    DATA_CATEGORIES = {"note": Category.COUNSELLING, "topics": Category.COUNSELLING}

    class Meta:
        ordering = ["-date", "-pk"]
        # The ESF report sums each case's minutes (the 28-day rule): with both columns in
        # the index PostgreSQL reads the sums from the index alone (Index Only Scan).
        indexes = [models.Index(fields=["case", "duration_minutes"], name="activity_case_minutes")]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}"


class NeedsAssessment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    position = models.ForeignKey(
        "network.Position",
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    languages = models.JSONField(
        _("languages with CEFR level"),
        default=list,
        blank=True,
        help_text=_('e.g. [{"language": "de", "level": "A2"}]'),
    )
    schooling_years = models.PositiveSmallIntegerField(
        _("years of schooling"), null=True, blank=True
    )
    school_certificate = models.CharField(_("school certificate"), max_length=200, blank=True)
    isced_level = models.PositiveSmallIntegerField(_("ISCED level"), null=True, blank=True)
    qualifications = models.JSONField(
        _("vocational qualifications"),
        default=list,
        blank=True,
        help_text=_('e.g. [{"title": "Electrician", "country": "SY", "recognition": "partial"}]'),
    )
    work_experience = models.TextField(_("work experience"), max_length=4000, blank=True)
    driving_licence = models.CharField(_("driving licence"), max_length=50, blank=True)
    childcare_needed = models.BooleanField(_("childcare needed"), default=False)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)

    DATA_CATEGORIES = {
        **dict.fromkeys(
            (
                "languages",
                "schooling_years",
                "school_certificate",
                "isced_level",
                "qualifications",
                "work_experience",
                "driving_licence",
            ),
            Category.EDUCATION_WORK,
        ),
        "childcare_needed": Category.IDENTITY,
        "notes": Category.COUNSELLING,
    }

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")

    def __str__(self):
        return f"{self._meta.verbose_name} {self.assessed_on:%d.%m.%Y}"


class Goal(VersionedModel):
    """A goal of the integration plan (versioned: a status change names the version read)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        REACHED = "reached", _("Reached")
        DROPPED = "dropped", _("Dropped")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=500)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    DATA_CATEGORIES = {"text": Category.EDUCATION_WORK}

    class Meta:
        ordering = ["status", "due_on", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.text
