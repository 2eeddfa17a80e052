"""The inbox: what needs someone's attention, filed on the position it concerns.

Items belong to positions, never to people: when the holder leaves, the items stay with
the position; while the position is vacant its deputy's holders see them (and get the
e-mails). A personal item (`user` set) is for that user alone.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """The kinds the inbox itself knows; other apps may file kinds of their own
    (e.g. `conference_invited`), shown with their title."""

    REFERRAL = "referral", _("Referral waiting")
    REFERRAL_OVERDUE = "referral_overdue", _("Referral unanswered")
    CONSULTATION = "consultation", _("Consultation to answer")
    CONSULTATION_OVERDUE = "consultation_overdue", _("Consultation overdue")
    ACTION_ITEM = "action_item", _("Action item")
    ACTION_ITEM_OVERDUE = "action_item_overdue", _("Action item overdue")
    INVITATION = "invitation", _("Invitation")
    RESIDENCE_EXPIRING = "residence_expiring", _("Residence permit or Duldung expiring")
    BRIDGE_ENDING = "bridge_ending", _("§104c permit ending without §25a/§25b application")
    MEASURE_ENDING = "measure_ending", _("Measure ending")
    NO_CONTACT = "no_contact", _("Case without contact")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up due")
    VACANCY = "vacancy", _("Position vacant")
    # Filed by the cooperation and rights apps:
    CONSULTATION_RECEIVED = "consultation_received", _("Consultation received")
    CONSULTATION_ANSWERED = "consultation_answered", _("Consultation answered")
    CONFERENCE_INVITED = "conference_invited", _("Invitation to a case conference")
    CONFERENCE_UPDATED = "conference_updated", _("Case conference changed")
    CONFERENCE_CANCELLED = "conference_cancelled", _("Case conference cancelled")
    ACTION_ITEM_ASSIGNED = "action_item_assigned", _("Action item assigned")
    MEETING_INVITED = "meeting_invited", _("Invitation to a meeting")
    MEETING_UPDATED = "meeting_updated", _("Meeting changed")
    MEETING_CANCELLED = "meeting_cancelled", _("Meeting cancelled")
    RETENTION_DUE = "rights.retention_due", _("Retention period ended")
    OTHER = "other", _("Other")


class InboxItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)


class InboxItem(models.Model):
    position = models.ForeignKey(
        "network.Position",
        verbose_name=_("position"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="inbox_items",
    )
    # Who was told when the item was filed: the position itself, or its deputy while it
    # was vacant. The item stays on `position`; this only records the routing.
    delivered_to = models.ForeignKey(
        "network.Position",
        verbose_name=_("delivered to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personal for"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="inbox_items",
    )
    kind = models.CharField(_("kind"), max_length=50)
    # One key per occurrence (e.g. "reminder:residence:17:2027-03-01:90"): filing the
    # same key again does nothing, which makes every producer idempotent.
    key = models.CharField(_("key"), max_length=255, unique=True)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    # Set once the immediate e-mail went out, so a retried task never sends it twice.
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = InboxItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "-created_at"]
        verbose_name = _("inbox item")
        verbose_name_plural = _("inbox items")
        indexes = [models.Index(fields=["position", "done_at"], name="inbox_position_open")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(position__isnull=False) | models.Q(user__isnull=False),
                name="inbox_item_for_position_or_user",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def audit_organisation(self):
        return self.position.organisation if self.position_id else None

    @property
    def is_done(self):
        return self.done_at is not None

    @property
    def kind_label(self):
        try:
            return str(Kind(self.kind).label)
        except ValueError:
            return ""


class EmailPreference(models.Model):
    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately, one e-mail per item")
        DAILY = "daily", _("Once a day, a digest")
        NEVER = "never", _("Never (only in the inbox)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="email_preference",
    )
    mode = models.CharField(_("e-mail"), max_length=20, choices=Mode.choices)
    # The digest covers items filed after this moment; moved on by each digest sent.
    digest_sent_until = models.DateTimeField(_("digest sent until"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")

    def __str__(self):
        return f"{self.user} – {self.get_mode_display()}"
