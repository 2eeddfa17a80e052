"""Consultations (*Rücksprache*): a question about a case to a position of another
organisation, and its thread."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inprocedere.privacy.categories import Category

from ..workflows import ConsultationState, ConsultationTopic


class Consultation(models.Model):
    """A question about a case to a position of another organisation (*Rücksprache*)."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    from_position = models.ForeignKey(
        "network.Position",
        verbose_name=_("asked by position"),
        on_delete=models.PROTECT,
        related_name="consultations_sent",
    )
    to_position = models.ForeignKey(
        "network.Position",
        verbose_name=_("addressed to position"),
        on_delete=models.PROTECT,
        related_name="consultations_received",
    )
    topic = models.CharField(_("topic"), max_length=30, choices=ConsultationTopic.choices)
    subject = models.CharField(_("subject"), max_length=200)
    question = models.TextField(_("question"), max_length=4000)
    due_on = models.DateField(_("answer needed by"))
    state = models.CharField(
        _("status"),
        max_length=20,
        choices=ConsultationState.choices,
        default=ConsultationState.OPEN,
        db_index=True,
    )
    consent = models.ForeignKey(
        "privacy.Consent",
        verbose_name=_("consent relied on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    DATA_CATEGORIES = {"question": Category.COUNSELLING, "subject": Category.COUNSELLING}

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self):
        return _("Consultation %(pk)s") % {"pk": self.pk}

    @property
    def audit_organisation(self):
        return self.from_position.organisation

    @property
    def is_overdue(self):
        return self.state == ConsultationState.OPEN and self.due_on < timezone.localdate()


class ConsultationMessage(models.Model):
    """One entry of a consultation's thread: the question, answers, follow-ups."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        ANSWER = "answer", _("Answer")
        FOLLOW_UP = "follow_up", _("Follow-up question")
        CLOSING = "closing", _("Closing remark")
        WITHDRAWAL = "withdrawal", _("Withdrawal")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    position = models.ForeignKey(
        "network.Position", verbose_name=_("position"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("text"), max_length=4000, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    DATA_CATEGORIES = {"text": Category.COUNSELLING}

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("consultation message")
        verbose_name_plural = _("consultation messages")

    def __str__(self):
        return self.get_kind_display()
