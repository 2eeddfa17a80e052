"""People the network works for: identity, residence history, labour-market access, benefits.

Every personal field declares its data category (`DATA_CATEGORIES`), so the access
policy can show or redact it by category.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from inprocedere.core.fields import PartialDateField
from inprocedere.core.guarded import guarded_managers
from inprocedere.core.models import VersionedModel, dates_in_order
from inprocedere.privacy.categories import Category


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    NOT_STATED = "not_stated", _("Not stated")


class YesNoDeclined(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    DECLINED = "declined", _("Declined to answer")


class Participant(VersionedModel):
    family_name = models.CharField(_("family name"), max_length=150)
    given_names = models.CharField(_("given names"), max_length=150)
    birth_date = PartialDateField(_("date of birth"), blank=True)
    birth_place = models.CharField(_("place of birth"), max_length=150, blank=True)
    gender = models.CharField(
        _("gender"), max_length=20, choices=Gender.choices, default=Gender.NOT_STATED
    )
    citizenships = CountryField(_("citizenships"), multiple=True, blank=True)
    stateless = models.BooleanField(_("stateless"), default=False)
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, help_text=_("ISO 639-1 codes")
    )
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    municipality = models.CharField(_("municipality"), max_length=150, blank=True)
    minor_children = models.PositiveSmallIntegerField(
        _("minor children in the household"), default=0
    )
    household_note = models.CharField(_("household"), max_length=300, blank=True)
    foreign_background = models.CharField(
        _("foreign background"), max_length=10, choices=YesNoDeclined.choices, blank=True
    )
    disability = models.CharField(
        _("disability"), max_length=10, choices=YesNoDeclined.choices, blank=True
    )
    minority = models.CharField(
        _("minority"), max_length=10, choices=YesNoDeclined.choices, blank=True
    )
    registered_by = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="registered_participants",
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    search_text = models.TextField(editable=False, blank=True)
    # Set when a person reviewing duplicates merged this record into another (its records
    # moved there; see inprocedere.duplicates, which can undo it).
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="merged_records",
    )

    DATA_CATEGORIES = {
        "family_name": Category.IDENTITY,
        "given_names": Category.IDENTITY,
        "birth_date": Category.IDENTITY,
        "birth_place": Category.IDENTITY,
        "gender": Category.IDENTITY,
        "citizenships": Category.IDENTITY,
        "stateless": Category.IDENTITY,
        "languages": Category.EDUCATION_WORK,
        "phone": Category.CONTACT,
        "email": Category.CONTACT,
        "street": Category.CONTACT,
        "postcode": Category.CONTACT,
        "municipality": Category.CONTACT,
        "minor_children": Category.IDENTITY,
        "household_note": Category.IDENTITY,
        "foreign_background": Category.IDENTITY,
        "disability": Category.SPECIAL,
        "minority": Category.SPECIAL,
    }

    objects, unrestricted = guarded_managers()

    class Meta:
        default_manager_name = "unrestricted"
        ordering = ["family_name", "given_names", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        # The register's order as an index: an unfiltered page reads 50 entries of it.
        # The search index (trigram GIN / FTS5) is made by migration 0005 (vendor SQL).
        indexes = [
            models.Index(
                fields=["family_name", "given_names", "id"], name="participants_name_order"
            )
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.given_names} {self.family_name}".strip()

    @property
    def audit_organisation(self):
        return self.registered_by

    def current_residence_status(self, on=None):
        on = on or timezone.localdate()
        periods = getattr(self, "residence_periods", None)
        if periods is None:
            periods = list(self.residence_statuses.select_related("status_type"))
        current = [p for p in periods if p.covers(on)]
        return max(current, key=lambda p: p.valid_from) if current else None


class Alias(models.Model):
    """A spelling of the name used on a document or by another agency."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="aliases")
    family_name = models.CharField(_("family name"), max_length=150)
    given_names = models.CharField(_("given names"), max_length=150, blank=True)
    source = models.CharField(
        _("used by / on"), max_length=150, blank=True, help_text=_("e.g. passport, Jobcenter")
    )

    DATA_CATEGORIES = {
        "family_name": Category.IDENTITY,
        "given_names": Category.IDENTITY,
        "source": Category.IDENTITY,
    }

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self):
        return f"{self.given_names} {self.family_name}".strip()


class ExternalIdentifier(models.Model):
    """An identifier an agency uses for the person, e.g. the job centre's customer number."""

    class Kind(models.TextChoices):
        JOBCENTRE_CUSTOMER = "jobcentre_customer", _("Job-centre customer number")
        AGENCY_CUSTOMER = "agency_customer", _("Employment-agency customer number")
        AZR = "azr", _("Central Register of Foreigners (AZR) number")
        FILE_NUMBER = "file_number", _("File number")
        PARTICIPANT_REF = "participant_ref", _("Participant reference")
        OTHER = "other", _("Other")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="external_ids"
    )
    organisation = models.ForeignKey(
        "network.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    value = models.CharField(_("identifier"), max_length=100)

    DATA_CATEGORIES = {"value": Category.IDENTITY, "kind": Category.IDENTITY}

    class Meta:
        verbose_name = _("external identifier")
        verbose_name_plural = _("external identifiers")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "value"], name="unique_external_identifier"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"


class ValidityQuerySet(models.QuerySet):
    def in_force(self, on=None):
        on = on or timezone.localdate()
        return self.filter(
            Q(valid_from__lte=on), Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )


class ResidenceStatusType(models.Model):
    """Reference data: a kind of residence status under a given paragraph, valid for a time.

    Loaded from `participants/fixtures/residence_status_types.json`; law changes add
    rows with new validity dates instead of code branches.
    """

    class Kind(models.TextChoices):
        PERMISSION_TO_STAY = "gestattung", _("Permission to stay (asylum procedure)")
        TOLERATION = "duldung", _("Toleration")
        RESIDENCE_PERMIT = "permit", _("Residence permit")
        SETTLEMENT = "settlement", _("Settlement permit")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), max_length=40)
    name_de = models.CharField(_("name (German)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    law = models.CharField(_("law"), max_length=20, default="AufenthG")
    paragraph = models.CharField(_("paragraph"), max_length=10)
    absatz = models.CharField(_("subsection (Absatz)"), max_length=5, blank=True)
    satz = models.CharField(_("sentence (Satz)"), max_length=5, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    max_months = models.PositiveSmallIntegerField(
        _("maximum duration (months)"), null=True, blank=True
    )
    extendable = models.BooleanField(_("extendable"), default=True)
    fixed_end = models.DateField(
        _("fixed end date"),
        null=True,
        blank=True,
        help_text=_("e.g. 31.12.2009 for §104a auf Probe"),
    )
    free_labour_market_access = models.BooleanField(
        _("free access to the labour market"), default=False
    )
    counts_as_tolerated = models.BooleanField(_("counts as tolerated time"), default=False)
    note_de = models.TextField(_("what to watch (German)"), blank=True)
    note_en = models.TextField(_("what to watch (English)"), blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        ordering = ["law", "paragraph", "absatz", "satz", "valid_from"]
        verbose_name = _("residence status type")
        verbose_name_plural = _("residence status types")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="status_type_version")
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_en if (get_language() or "de").startswith("en") else self.name_de

    @property
    def citation(self):
        parts = [f"§ {self.paragraph}"]
        if self.absatz:
            parts.append(f"Abs. {self.absatz}")
        if self.satz:
            parts.append(f"S. {self.satz}")
        return " ".join(parts) + f" {self.law}"


class WorkEndorsement(models.TextChoices):
    """The work endorsement exactly as printed on the document (LAW.md §2)."""

    GAINFUL_PERMITTED = "erwerbstaetigkeit_gestattet", "Erwerbstätigkeit gestattet"
    EMPLOYMENT_PERMITTED = "beschaeftigung_gestattet", "Beschäftigung gestattet"
    WITH_PERMISSION = (
        "nur_mit_genehmigung",
        "Beschäftigung nur mit Genehmigung der Ausländerbehörde",
    )
    NOT_PERMITTED = "nicht_gestattet", "Erwerbstätigkeit nicht gestattet"


class ResidenceStatus(VersionedModel):
    """One period of a residence status (LAW.md §1)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="residence_statuses"
    )
    status_type = models.ForeignKey(
        ResidenceStatusType, verbose_name=_("status"), on_delete=models.PROTECT
    )
    paragraph = models.CharField(_("paragraph"), max_length=10, blank=True)
    absatz = models.CharField(_("subsection (Absatz)"), max_length=5, blank=True)
    satz = models.CharField(_("sentence (Satz)"), max_length=5, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    on_probation = models.BooleanField(_("auf Probe"), default=False)
    work_endorsement = models.CharField(
        _("work endorsement (as printed)"),
        max_length=40,
        choices=WorkEndorsement.choices,
        blank=True,
    )
    residence_obligation = models.CharField(_("residence obligation"), max_length=200, blank=True)
    issuing_authority = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("issuing authority"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document_number = models.CharField(_("document number"), max_length=50, blank=True)
    # Empty for records of the demo, an import or an account since removed: the record
    # still saves (blank=True), its edits are named by `updated_by`.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    DATA_CATEGORIES = dict.fromkeys(
        (
            "status_type",
            "paragraph",
            "absatz",
            "satz",
            "valid_from",
            "valid_until",
            "on_probation",
            "work_endorsement",
            "residence_obligation",
            "issuing_authority",
            "document_number",
        ),
        Category.RESIDENCE,
    )

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("residence status")
        verbose_name_plural = _("residence statuses")
        constraints = [dates_in_order("valid_from", "valid_until", name="residence_status_dates")]

    def __str__(self):
        return (
            f"{self.status_type} ({self.valid_from:%d.%m.%Y}–{self.valid_until:%d.%m.%Y})"
            if self.valid_until
            else str(self.status_type)
        )

    def covers(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or self.valid_until >= on)

    def days_until_expiry(self, on=None):
        if self.valid_until is None:
            return None
        return (self.valid_until - (on or timezone.localdate())).days


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
