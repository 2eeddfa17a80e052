"""Case work at the receiving organisation: referrals, case files and what happens in them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inprocedere.core.guarded import guarded_managers
from inprocedere.core.models import VersionedModel, dates_in_order
from inprocedere.privacy.categories import Category

from .workflows import CaseStatus, EnrollmentState, ReferralState


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class EmploymentStatus(models.TextChoices):
    """Employment status at entry (ESF: exactly one)."""

    UNEMPLOYED = "unemployed", _("Unemployed")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("Long-term unemployed")
    INACTIVE = "inactive", _("Inactive")
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed")


class Referral(models.Model):
    """A position of one organisation sends a person to another organisation ("schickt").

    A handover (kind HANDOVER) passes an existing case to a new owner, e.g. the job
    centre once the person is entitled to SGB II; the case's history goes with it.
    """

    class Kind(models.TextChoices):
        REFERRAL = "referral", _("Referral")
        HANDOVER = "handover", _("Handover")

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="referrals"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REFERRAL)
    from_position = models.ForeignKey(
        "network.Position",
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        related_name="referrals_sent",
    )
    to_organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("to"),
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    to_position = models.ForeignKey(
        "network.Position",
        verbose_name=_("to position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    reason = models.TextField(_("reason"), max_length=4000)
    goals = models.TextField(_("goals"), max_length=4000, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    state = models.CharField(
        _("status"), max_length=20, choices=ReferralState.choices, default=ReferralState.SENT
    )
    first_appointment = models.DateTimeField(_("first appointment"), null=True, blank=True)
    feedback = models.TextField(_("feedback to the referrer"), max_length=4000, blank=True)
    case = models.ForeignKey(
        "Case", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    DATA_CATEGORIES = {"reason": Category.COUNSELLING, "goals": Category.COUNSELLING}

    objects, unrestricted = guarded_managers()

    class Meta:
        default_manager_name = "unrestricted"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            # One open referral of a person to an organisation at a time.
            models.UniqueConstraint(
                fields=["participant", "to_organisation"],
                condition=Q(state__in=["sent", "accepted"]),
                name="one_open_referral_per_person_and_organisation",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.to_organisation}"

    @property
    def audit_organisation(self):
        return self.to_organisation


class ReferralTransition(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=ReferralState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=ReferralState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.ForeignKey(
        "network.Position", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(max_length=4000, blank=True)

    DATA_CATEGORIES = {"note": Category.COUNSELLING}  # repeats the reason, the answers

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_state or '–'} → {self.to_state}"


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


class Goal(models.Model):
    """A goal of the integration plan."""

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
