"""Residence history: the kinds of residence status and each person's statuses."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from inprocedere.core.models import VersionedModel, dates_in_order
from inprocedere.privacy.categories import Category

from .people import Participant


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
