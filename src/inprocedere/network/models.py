"""The network: who takes part, in which region and period, and who to ask for what."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from inprocedere.core.models import VersionedModel, dates_in_order


def _localised(obj, field):
    """The field in the active language, falling back to German."""
    lang = (get_language() or "de")[:2]
    value = getattr(obj, f"{field}_{lang}", "") if lang in ("de", "en") else ""
    return value or getattr(obj, f"{field}_de")


class Region(models.Model):
    slug = models.SlugField(_("short name"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Topic(models.Model):
    """A topic of responsibility: who to ask about residence law, benefits, …"""

    slug = models.SlugField(_("short name"), unique=True)
    name_de = models.CharField(_("name (German)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    keywords = models.CharField(
        _("search keywords"),
        max_length=300,
        blank=True,
        help_text=_("Further words people search for, separated by spaces."),
    )

    class Meta:
        ordering = ["name_de"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return _localised(self, "name")


class Organisation(VersionedModel):
    class Kind(models.TextChoices):
        IMMIGRATION_OFFICE = "immigration_office", _("Immigration office")
        JOB_CENTRE = "job_centre", _("Job centre")
        EMPLOYMENT_AGENCY = "employment_agency", _("Employment agency")
        CARRIER = "carrier", _("Carrier")
        MINISTRY = "ministry", _("Ministry")
        RESEARCH_INSTITUTE = "research_institute", _("Research institute")
        MUNICIPALITY = "municipality", _("Municipality")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("short name"), unique=True, max_length=60)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("abbreviation"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions served"), blank=True, related_name="organisations"
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    phone = PhoneNumberField(_("switchboard"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    mandate_does_de = models.TextField(_("what we do (German)"), blank=True)
    mandate_does_en = models.TextField(_("what we do (English)"), blank=True)
    mandate_cannot_de = models.TextField(_("what we cannot do (German)"), blank=True)
    mandate_cannot_en = models.TextField(_("what we cannot do (English)"), blank=True)
    legal_basis_de = models.TextField(_("legal basis (German)"), blank=True)
    legal_basis_en = models.TextField(_("legal basis (English)"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    @property
    def audit_organisation(self):
        return self

    @property
    def display_short(self):
        return self.short_name or self.name

    @property
    def mandate_does(self):
        return _localised(self, "mandate_does")

    @property
    def mandate_cannot(self):
        return _localised(self, "mandate_cannot")

    @property
    def legal_basis(self):
        return _localised(self, "legal_basis")


class FundingPeriod(models.Model):
    slug = models.SlugField(_("short name"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("funding period")
        verbose_name_plural = _("funding periods")
        constraints = [
            dates_in_order("starts_on", "ends_on", name="funding_period_dates", open_end=False)
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        PROJECT_PARTNER = "project_partner", _("Project partner")
        STRATEGIC_PARTNER = "strategic_partner", _("Strategic partner")
        COORDINATOR = "coordinator", _("Coordinator")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    funding_period = models.ForeignKey(
        FundingPeriod,
        verbose_name=_("funding period"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role in the network"), max_length=30, choices=Role.choices)

    class Meta:
        ordering = ["funding_period__starts_on", "organisation__name"]
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "funding_period"], name="one_membership_per_period"
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.funding_period} ({self.get_role_display()})"


class SubProject(models.Model):
    class Side(models.TextChoices):
        AUTHORITY = "authority", _("Authority")
        CARRIER = "carrier", _("Carrier")

    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="subprojects",
    )
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="subprojects"
    )
    funding_period = models.ForeignKey(
        FundingPeriod,
        verbose_name=_("funding period"),
        on_delete=models.PROTECT,
        related_name="subprojects",
    )

    class Meta:
        ordering = ["region__name", "side", "name"]
        verbose_name = _("sub-project")
        verbose_name_plural = _("sub-projects")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "region", "funding_period", "side"],
                name="one_subproject_per_org_region_period_side",
            )
        ]

    def __str__(self):
        return self.name


class Person(VersionedModel):
    """A member of staff of a network organisation (not a participant)."""

    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    title = models.CharField(_("salutation or title"), max_length=50, blank=True)
    phone = PhoneNumberField(_("personal direct dial"), blank=True)
    email = models.EmailField(_("personal e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    # The folded name ("mueller" for Müller), so the directory's people search ignores
    # case and diacritics like every other search (network.search.person_search_text).
    search_text = models.CharField(max_length=250, editable=False, blank=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return " ".join(part for part in (self.title, self.given_name, self.family_name) if part)


class PositionQuerySet(models.QuerySet):
    def with_directory_data(self):
        """Everything a directory row shows, in a fixed number of queries."""
        today = timezone.localdate()
        current = Tenure.objects.current(today).select_related("person")
        return self.select_related(
            "organisation", "deputy", "deputy__organisation"
        ).prefetch_related(
            "topics",
            "regions",
            models.Prefetch("tenures", queryset=current, to_attr="current_tenures"),
            models.Prefetch("deputy__tenures", queryset=current, to_attr="current_tenures"),
        )


class Position(VersionedModel):
    """A role in an organisation, with its own direct dial and functional mailbox.

    Cases, tasks and contacts attach to positions; people hold them for a time.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="positions",
    )
    title = models.CharField(_("title"), max_length=200)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="positions"
    )
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions"), blank=True, related_name="positions"
    )
    phone = PhoneNumberField(_("direct dial"), blank=True)
    email = models.EmailField(_("functional e-mail"), blank=True)
    deputy = models.ForeignKey(
        "self",
        verbose_name=_("deputy position"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputised",
    )
    roles = models.JSONField(_("roles"), default=list, blank=True)
    handover_note = models.TextField(_("handover note"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    search_text = models.TextField(editable=False, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "title"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self):
        return f"{self.title} ({self.organisation.display_short})"

    @property
    def audit_organisation(self):
        return self.organisation

    def _current_tenures(self):
        if hasattr(self, "current_tenures"):
            return self.current_tenures
        return list(Tenure.objects.current().filter(position=self).select_related("person"))

    @property
    def holders(self):
        return [tenure.person for tenure in self._current_tenures()]

    @property
    def is_vacant(self):
        return not self._current_tenures()


class TenureQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class Tenure(models.Model):
    """A person holding a position from one date to another: the history of holders."""

    class EndReason(models.TextChoices):
        LEFT = "left", _("Left the organisation")
        MOVED = "moved", _("Moved to another position")
        PARENTAL_LEAVE = "parental_leave", _("Parental leave")
        LONG_ABSENCE = "long_absence", _("Long absence")
        OTHER = "other", _("Other")

    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.CASCADE, related_name="tenures"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="tenures"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=30, choices=EndReason.choices, blank=True
    )

    objects = TenureQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("tenure")
        verbose_name_plural = _("tenures")
        constraints = [dates_in_order("starts_on", "ends_on", name="tenure_dates")]

    def __str__(self):
        return f"{self.person} – {self.position}"
