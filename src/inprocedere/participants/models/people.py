"""The person: identity, aliases and identifiers at other organisations."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from inprocedere.core.fields import PartialDateField
from inprocedere.core.guarded import guarded_managers
from inprocedere.core.models import VersionedModel
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
