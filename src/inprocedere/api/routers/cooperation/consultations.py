"""Consultations: ask, answer, follow up, close, withdraw."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Status

from inprocedere.cooperation import selectors, services

from ...schemas.common import choice
from ...schemas.cooperation import AnswerIn, ConsultationIn, ConsultationOut, FollowUpIn, NoteIn
from ...schemas.strict import QueryIn
from ._common import (
    MAX_LIST,
    READ,
    WRITE,
    call,
    id_param,
    people,
    position,
    position_ref,
    require,
    router,
)


def _consultation_out(consultation, person, *, thread=False):
    data = {
        "id": consultation.pk,
        "case_id": consultation.case_id,
        "person": person,
        "from_position": position_ref(consultation.from_position),
        "to_position": position_ref(consultation.to_position),
        "topic": choice(consultation, "topic"),
        "subject": consultation.subject,
        "due_on": consultation.due_on,
        "state": choice(consultation, "state"),
        "overdue": consultation.is_overdue,
        "created_at": consultation.created_at,
        "answered_at": consultation.answered_at,
    }
    if thread:
        data["messages"] = [
            {
                "kind": choice(m, "kind"),
                "position": position_ref(m.position),
                "text": m.text,
                "created_at": m.created_at,
            }
            for m in consultation.messages.all()
        ]
    return data


def _consultation(request, pk):
    consultation = selectors.consultation_for(request.user, pk)
    labels, _found = people(request, [consultation])
    return _consultation_out(consultation, labels[consultation.case.participant_id], thread=True)


class ConsultationFilter(QueryIn):
    box: str = Query("", pattern=r"^(|received|sent)$", description="received, sent or both")
    state: str = Query("", pattern=r"^(|open|answered|closed|withdrawn)$")


@router.get("/consultations", response={200: list[ConsultationOut], **READ})
def list_consultations(request: HttpRequest, filters: Query[ConsultationFilter]):
    """Consultations of the caller's organisations (at most 200, open and most urgent first)."""
    require(request, "consultation.read")
    rows = list(
        selectors.consultations_for(request.user, box=filters.box, state=filters.state)[:MAX_LIST]
    )
    labels, _found = people(request, rows)
    return [_consultation_out(c, labels[c.case.participant_id]) for c in rows]


@router.post("/consultations", response={201: ConsultationOut, **WRITE})
def ask_consultation(request: HttpRequest, payload: ConsultationIn):
    """Ask a position of another organisation about a case (needs the person's consent for
    case conferences naming that organisation; a missing one is 422)."""
    require(request, "consultation.ask")
    case = selectors.case_for(request.user, payload.case_id, "case.write")
    consultation = call(
        services.consultation_ask,
        actor=request.user,
        case=case,
        from_position=position(request, payload.from_position_id, "from_position_id"),
        to_position=position(request, payload.to_position_id, "to_position_id"),
        topic=payload.topic,
        subject=payload.subject,
        question=payload.question,
        due_on=payload.due_on,
    )
    return Status(201, _consultation(request, consultation.pk))


@router.get("/consultations/{id}", response={200: ConsultationOut, **READ})
def get_consultation(request: HttpRequest, id: int = id_param("Consultation id.")):
    """One consultation with its thread."""
    require(request, "consultation.read")
    return _consultation(request, id)


def _consultation_step(request, pk, function, **kwargs):
    require(request, "consultation.read")
    consultation = selectors.consultation_for(request.user, pk)
    call(function, actor=request.user, consultation=consultation, **kwargs)
    return _consultation(request, pk)


@router.post("/consultations/{id}/answer", response={200: ConsultationOut, **WRITE})
def answer_consultation(request: HttpRequest, payload: AnswerIn, id: int = id_param()):
    """Answer (only the addressee position's holders, or its deputy's while it is vacant)."""
    return _consultation_step(request, id, services.consultation_answer, answer=payload.answer)


@router.post("/consultations/{id}/follow-up", response={200: ConsultationOut, **WRITE})
def follow_up_consultation(request: HttpRequest, payload: FollowUpIn, id: int = id_param()):
    """Ask again (the asking side): the consultation is open once more."""
    return _consultation_step(
        request,
        id,
        services.consultation_follow_up,
        question=payload.question,
        due_on=payload.due_on,
    )


@router.post("/consultations/{id}/close", response={200: ConsultationOut, **WRITE})
def close_consultation(request: HttpRequest, payload: NoteIn, id: int = id_param()):
    """Close an answered consultation (the asking side)."""
    return _consultation_step(request, id, services.consultation_close, note=payload.note)


@router.post("/consultations/{id}/withdraw", response={200: ConsultationOut, **WRITE})
def withdraw_consultation(request: HttpRequest, payload: NoteIn, id: int = id_param()):
    """Withdraw an open consultation (the asking side)."""
    return _consultation_step(request, id, services.consultation_withdraw, note=payload.note)
