"""Consultations (*Rücksprache*): open → answered → closed, or withdrawn while open.

A case worker asks a position of another organisation about a case; only the holders of
that position answer (its deputy's holders while it is vacant). A follow-up question
re-opens an answered consultation. Asking needs the participant's valid consent naming
the addressee's organisation for the purpose "case_conference": a consultation is the
small form of a case conference, an exchange about the case between partners without
the person present (docs/cooperation.md).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.core import audit
from inprocedere.privacy import policy
from inprocedere.privacy.models import Purpose

from ..models import Consultation, ConsultationMessage
from ..workflows import (
    CONSULTATION_TRANSITIONS,
    ConsultationState,
    ConsultationTopic,
    check_transition,
)
from . import notify
from ._common import (
    acting_position,
    active_position,
    known,
    not_in_past,
    own_position,
    require_consent,
    text,
)

CONSULTATION_PURPOSE = Purpose.CASE_CONFERENCE
SUBJECT_LIMIT = 200


def _url(consultation) -> str:
    return reverse("cooperation:consultation_detail", kwargs={"pk": consultation.pk})


def _locked(consultation) -> Consultation:
    """The current row, locked: two answers at once cannot both pass."""
    return (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("from_position__organisation", "to_position__organisation", "case")
        .get(pk=consultation.pk)
    )


def _move(consultation, target, *, actor, position, kind, note, action):
    check_transition(CONSULTATION_TRANSITIONS, ConsultationState, consultation.state, target)
    before = consultation.state
    consultation.state = target
    now = timezone.now()
    fields = ["state"]
    if target == ConsultationState.ANSWERED and consultation.answered_at is None:
        consultation.answered_at = now
        fields.append("answered_at")
    if target == ConsultationState.CLOSED:
        consultation.closed_at = now
        fields.append("closed_at")
    if target == ConsultationState.WITHDRAWN:
        consultation.withdrawn_at = now
        fields.append("withdrawn_at")
    consultation.save(update_fields=fields)
    message = ConsultationMessage.objects.create(
        consultation=consultation, kind=kind, position=position, author=actor, text=note
    )
    audit.record(
        action,
        actor=actor,
        obj=consultation,
        detail={"from": before, "to": target, "position": position.pk, "message": message.pk},
    )
    return message


@transaction.atomic
def consultation_ask(
    *, actor, case, from_position, to_position, topic, subject, question, due_on
) -> Consultation:
    """`from_position` (held by `actor`) asks `to_position` about `case`."""
    subject, question, consent = _checked_question(
        actor, case, from_position, to_position, topic, subject, question, due_on
    )
    consultation = Consultation.objects.create(
        case=case,
        from_position=from_position,
        to_position=to_position,
        topic=topic,
        subject=subject,
        question=question,
        due_on=due_on,
        consent=consent,
        asked_by=actor,
    )
    ConsultationMessage.objects.create(
        consultation=consultation,
        kind=ConsultationMessage.Kind.QUESTION,
        position=from_position,
        author=actor,
        text=question,
    )
    audit.record(
        "cooperation.consultation.asked",
        actor=actor,
        obj=consultation,
        detail={
            "case": case.pk,
            "from_position": from_position.pk,
            "to_position": to_position.pk,
            "topic": topic,
            "due_on": due_on.isoformat(),
            "consent": consultation.consent_id,
        },
    )
    _tell_the_addressee(consultation)
    return consultation


def _checked_question(actor, case, from_position, to_position, topic, subject, question, due_on):
    """Refuse what may not be asked; the cleaned subject and question and the consent
    that lets the question (and the person's data with it) reach the addressee."""
    policy.require(actor, "consultation.ask")
    if not policy.can(actor, "case.write", case):
        raise PermissionDenied("case out of reach")
    own_position(actor, from_position, "from_position")
    active_position(to_position, "to_position", _("Please choose an active position to ask."))
    if to_position.organisation_id == from_position.organisation_id:
        raise ValidationError(
            {"to_position": _("Please ask a position of another organisation than your own.")}
        )
    known(topic, ConsultationTopic, "topic")
    subject = text(subject, "subject", limit=SUBJECT_LIMIT)
    question = text(question, "question", message=_("Please write your question."))
    not_in_past(due_on, "due_on")
    consents = require_consent(
        case.participant, [to_position.organisation], CONSULTATION_PURPOSE, field="to_position"
    )
    return subject, question, consents[to_position.organisation_id]


def _tell_the_addressee(consultation) -> None:
    to_position, from_position = consultation.to_position, consultation.from_position
    notify.deliver(
        position=to_position,
        kind="consultation_received",
        key=f"consultation:{consultation.pk}:asked",
        title=_("Consultation from %(organisation)s: %(topic)s")
        % {
            "organisation": from_position.organisation.display_short,
            "topic": ConsultationTopic(consultation.topic).label,
        },
        url=_url(consultation),
        due_on=consultation.due_on,
        participant=consultation.case.participant,
    )


@transaction.atomic
def consultation_answer(*, actor, consultation, answer) -> Consultation:
    """The addressee (or its deputy while vacant) answers; the asker hears of it."""
    consultation = _locked(consultation)
    if not policy.can(actor, "consultation.answer", consultation):
        raise PermissionDenied("not the addressee")
    position = acting_position(actor, consultation.to_position)
    if position is None:
        raise PermissionDenied("not the addressee")
    answer = text(answer, "answer", message=_("Please write your answer."))
    message = _move(
        consultation,
        ConsultationState.ANSWERED,
        actor=actor,
        position=position,
        kind=ConsultationMessage.Kind.ANSWER,
        note=answer,
        action="cooperation.consultation.answered",
    )
    notify.deliver(
        position=consultation.from_position,
        kind="consultation_answered",
        key=f"consultation:{consultation.pk}:answer:{message.pk}",
        title=_("%(organisation)s answered your consultation (%(topic)s)")
        % {
            "organisation": consultation.to_position.organisation.display_short,
            "topic": consultation.get_topic_display(),
        },
        url=_url(consultation),
        participant=consultation.case.participant,
    )
    return consultation


def _asking_position(actor, consultation):
    if not policy.can(actor, "consultation.close", consultation):
        raise PermissionDenied("not the asking side")
    return acting_position(actor, consultation.from_position) or policy.actor_for(
        actor
    ).position_in(consultation.from_position.organisation_id)


@transaction.atomic
def consultation_follow_up(*, actor, consultation, question, due_on=None) -> Consultation:
    """The asking side asks again in the thread: the consultation is open once more."""
    consultation = _locked(consultation)
    position = _asking_position(actor, consultation)
    question = text(question, "question", message=_("Please write your question."))
    fields = []
    if due_on is not None:
        consultation.due_on = not_in_past(due_on, "due_on")
        fields.append("due_on")
    message = _move(
        consultation,
        ConsultationState.OPEN,
        actor=actor,
        position=position,
        kind=ConsultationMessage.Kind.FOLLOW_UP,
        note=question,
        action="cooperation.consultation.followed_up",
    )
    if fields:
        consultation.save(update_fields=fields)
    notify.deliver(
        position=consultation.to_position,
        kind="consultation_received",
        key=f"consultation:{consultation.pk}:follow_up:{message.pk}",
        title=_("Follow-up question from %(organisation)s: %(topic)s")
        % {
            "organisation": consultation.from_position.organisation.display_short,
            "topic": consultation.get_topic_display(),
        },
        url=_url(consultation),
        due_on=consultation.due_on,
        participant=consultation.case.participant,
    )
    return consultation


@transaction.atomic
def consultation_close(*, actor, consultation, note="") -> Consultation:
    """The asking side closes an answered consultation: the question is settled."""
    consultation = _locked(consultation)
    position = _asking_position(actor, consultation)
    _move(
        consultation,
        ConsultationState.CLOSED,
        actor=actor,
        position=position,
        kind=ConsultationMessage.Kind.CLOSING,
        note=text(note, "note", required=False),
        action="cooperation.consultation.closed",
    )
    return consultation


@transaction.atomic
def consultation_withdraw(*, actor, consultation, note="") -> Consultation:
    """The asking side withdraws an open consultation (no answer needed any more)."""
    consultation = _locked(consultation)
    position = _asking_position(actor, consultation)
    _move(
        consultation,
        ConsultationState.WITHDRAWN,
        actor=actor,
        position=position,
        kind=ConsultationMessage.Kind.WITHDRAWAL,
        note=text(note, "note", required=False),
        action="cooperation.consultation.withdrawn",
    )
    return consultation
