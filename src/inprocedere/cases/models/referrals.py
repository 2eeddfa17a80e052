"""Referrals and handovers between organisations, and their steps."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inprocedere.core.guarded import guarded_managers
from inprocedere.privacy.categories import Category

from ..workflows import ReferralState


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


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
        indexes = [
            # The referral list's order, walked backwards for the newest page: with the
            # scope probing each row (privacy.reach.Probed) the first page reads about as
            # many rows as it shows, not the whole list (decision 0019).
            models.Index(fields=["created_at", "id"], name="cases_referral_newest"),
        ]
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
