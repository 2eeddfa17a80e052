"""Consent: the person's specific, revocable permission for data to flow (LAW.md §5)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, F, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inprocedere.core.guarded import GuardedQuerySet, guarded_managers
from inprocedere.core.id_lists import IdListField
from inprocedere.core.models import AppendOnlyError, AppendOnlyQuerySet, dates_in_order

from .categories import Category


class Purpose(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    CASE_CONFERENCE = "case_conference", _("Case conference")
    PLACEMENT = "placement", _("Placement into work or training")
    COUNSELLING = "counselling", _("Joint counselling")
    ESF_MONITORING = "esf_monitoring", _("ESF monitoring")


class ConsentQuerySet(GuardedQuerySet):
    def valid_on(self, on=None):
        """Signed, not expired and not withdrawn on `on` (default: today)."""
        on = on or timezone.localdate()
        return self.filter(
            Q(signed_on__lte=on),
            Q(valid_until__isnull=True) | Q(valid_until__gte=on),
            Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on),
        )

    def for_purpose(self, purpose):
        # JSON containment differs between SQLite and PostgreSQL; purposes are few, so
        # a text match on the stored JSON list is exact enough and portable.
        return self.filter(purposes__icontains=f'"{purpose}"')


def scan_path(instance, filename):
    return f"consents/{instance.participant_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class Consent(models.Model):
    """One signed consent: who may receive which categories for which purposes, until when.

    The ESF monitoring consent is a consent with the purpose `esf_monitoring` (and no
    recipient organisations needed): without it a person cannot be counted as funded.
    """

    class Form(models.TextChoices):
        WRITTEN = "written", _("In writing (signed)")
        ELECTRONIC = "electronic", _("Electronically")
        ORAL = "oral", _("Orally (recorded)")

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="consents"
    )
    recipients = models.ManyToManyField(
        "network.Organisation",
        verbose_name=_("recipient organisations"),
        blank=True,
        related_name="+",
    )
    categories = models.JSONField(_("data categories"), default=list)
    purposes = models.JSONField(_("purposes"), default=list)
    form = models.CharField(_("form"), max_length=20, choices=Form.choices, default=Form.WRITTEN)
    form_version = models.CharField(_("form version"), max_length=20, blank=True)
    language = models.CharField(_("language of the form"), max_length=5, default="de")
    signed_on = models.DateField(_("signed on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scan = models.FileField(_("signed scan"), upload_to=scan_path, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recording_organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("recorded by organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects, unrestricted = guarded_managers(ConsentQuerySet)

    DATA_CATEGORIES = {"scan": Category.IDENTITY}

    class Meta:
        default_manager_name = "unrestricted"
        ordering = ["-signed_on", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [dates_in_order("signed_on", "valid_until", name="consent_dates")]

    def __str__(self):
        return _("Consent of %(date)s") % {"date": self.signed_on.strftime("%d.%m.%Y")}

    @property
    def audit_organisation(self):
        return self.recording_organisation

    def is_valid_on(self, on=None):
        on = on or timezone.localdate()
        return (
            self.signed_on <= on
            and (self.valid_until is None or self.valid_until >= on)
            and (self.withdrawn_on is None or self.withdrawn_on > on)
        )


class AccessLogQuerySet(AppendOnlyQuerySet):
    def for_participant(self, participant_id: int):
        """The entries that name this person (the GIN index answers on PostgreSQL)."""
        return self.filter(participant_ids__has=participant_id)

    def newest_first(self):
        """Newest first, sorted after the lookup: ordering by `at` itself lets PostgreSQL
        walk the time index of every partition backwards and test each row against the
        ids (17 s for a person with 42 entries among 10 million); the sort key `at + 0`
        makes it fetch the person's rows through the GIN index and sort only those
        (11-33 ms; docs/performance.md)."""
        newest = ExpressionWrapper(
            F("at") + Value(dt.timedelta(0)), output_field=models.DateTimeField()
        )
        return self.annotate(newest=newest).order_by("-newest", "-pk")


class AccessLogEntry(models.Model):
    """One access to a participant's personal data: who, when, which categories, on what
    basis, through which channel; also refused attempts (LAW.md §5, Art. 5(2) GDPR).

    Append-only like the audit log (in code, and on PostgreSQL by a trigger, migration
    0004). The participants are kept as bare ids, not foreign keys: the log outlives
    merges and erasure of the person and must never be rewritten by them.
    """

    class Action(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Changed")
        DENIED = "denied", _("Refused")

    class Channel(models.TextChoices):
        PAGE = "page", _("Page")
        API = "api", _("API")
        EXPORT = "export", _("Export")
        PDF = "pdf", _("PDF")
        SYSTEM = "system", _("System")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user_label = models.CharField(_("user"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Every person the page, call or export showed, under the same basis: one row per
    # page, not one per person (decision 0018); `for_participant` finds a person's rows.
    participant_ids = IdListField(_("participants"), default=list)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    categories = models.JSONField(_("data categories"), default=list, blank=True)
    purpose = models.CharField(_("purpose"), max_length=40, blank=True)
    basis = models.CharField(_("basis"), max_length=200, blank=True)
    path = models.CharField(_("address"), max_length=300, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        # On PostgreSQL the table is partitioned by month, with a GIN index on the ids
        # (migration 0005, `inprocedere access_log_partitions`).

    def __str__(self):
        ids = ", ".join(f"#{pk}" for pk in self.participant_ids[:5])
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label} {self.action} {ids}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Access log entries cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Access log entries cannot be deleted.")


class Reach(models.Model):
    """One basis on which an organisation reaches a person: the access structure the
    policy's scopes read (privacy/reach.py, decision 0012), derived from the records that
    make the basis and kept in step by privacy/reach_table.py.

    An own basis (the organisation registered the person or owns one of their cases)
    holds by itself. A shared basis (a live referral, a position on the case team) holds
    only while a consent naming the organisation for its purpose is valid: that is asked
    of the consents at query time, never copied here, so a withdrawal or an expiry bites
    on the next request whatever wrote the consent.
    """

    # Derived from the records that make each basis (core.derived refreshes it): a merge
    # recomputes these rows instead of moving them (duplicates.services).
    derived = True

    class Basis(models.TextChoices):
        REGISTERED = "registered", _("registered the person")
        CASE = "case", _("owns a case")
        REFERRAL = "referral", _("live referral")
        TEAM = "team", _("case team")

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="+"
    )
    # Indexed first in the composite index below (no index of its own).
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    basis = models.CharField(max_length=10, choices=Basis.choices)
    # The team basis belongs to the position on the team, not to its whole organisation.
    position = models.ForeignKey(
        "network.Position", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("reach")
        verbose_name_plural = _("reach")
        indexes = [
            # "Is this person within the organisation's reach?", probed row by row while
            # a list walks its own sort index (the first page of a large reach), or read
            # whole for a small reach; basis and position in the key spare the table.
            models.Index(
                fields=["organisation", "participant", "basis", "position"],
                name="privacy_reach_org_person",
            ),
        ]

    def __str__(self):
        return f"#{self.participant_id} → {self.organisation_id} ({self.basis})"
