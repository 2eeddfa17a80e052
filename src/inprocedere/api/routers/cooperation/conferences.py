"""Case conferences: plan, read, attendance per invitation, action items; the shared
handlers (change, cancel, invitations, minutes) come from `appointments.py`."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Status

from inprocedere.cooperation import selectors, services

from ...schemas.common import choice
from ...schemas.cooperation import (
    ActionItemIn,
    ActionItemOut,
    AttendanceIn,
    ConferenceIn,
    ConferenceOut,
    DoneIn,
    ScheduleUpdate,
)
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
from .appointments import Kind, add_routes, appointment_out, plan


def _item_out(item, shows):
    return {
        "id": item.pk,
        "conference_id": item.conference_id,
        "title": item.title if shows else None,
        "owner_position": position_ref(item.owner_position),
        "due_on": item.due_on,
        "done_on": item.done_on,
        "overdue": item.is_overdue,
    }


def _conference_out(conference, person, disclosure, *, detail=False):
    selectors.show_title(conference, disclosure)
    shows = disclosure.shows("counselling")
    invitations = (
        [i for i in conference.all_invitations if i.withdrawn_at is None]
        if detail
        else conference.active_invitations
    )
    data = {
        **appointment_out(conference),
        "case_id": conference.case_id,
        "person": person,
        "agenda": conference.agenda if shows else None,
        "invitations": [
            {
                "id": i.pk,
                "position": position_ref(i.position),
                "attendance": choice(i, "attendance"),
                "consent_id": i.consent_id,
            }
            for i in invitations
        ],
    }
    if detail:
        data["minutes"] = conference.minutes if shows else None
        data["decisions"] = conference.decisions if shows else None
        data["action_items"] = [_item_out(i, shows) for i in conference.action_items.all()]
    return data


def _conference(request, pk):
    conference = selectors.conference_for(request.user, pk)
    labels, found = people(request, [conference])
    participant_id = conference.case.participant_id
    return _conference_out(conference, labels[participant_id], found[participant_id], detail=True)


class WhenFilter(QueryIn):
    when: str = Query("", pattern=r"^(|upcoming|past)$", description="upcoming, past or all")


@router.get("/conferences", response={200: list[ConferenceOut], **READ})
def list_conferences(request: HttpRequest, filters: Query[WhenFilter]):
    """Case conferences of the caller's cases and invitations (at most 200)."""
    require(request, "conference.read")
    rows = list(selectors.conferences_for(request.user, when=filters.when)[:MAX_LIST])
    labels, found = people(request, rows)
    return [
        _conference_out(c, labels[c.case.participant_id], found[c.case.participant_id])
        for c in rows
    ]


@router.post("/conferences", response={201: ConferenceOut, **WRITE})
def plan_conference(request: HttpRequest, payload: ConferenceIn):
    """Plan a case conference and invite positions (each gets an inbox item and an .ics);
    one that took place already is entered without invitations going out."""
    require(request, "conference.manage")
    case = selectors.case_for(request.user, payload.case_id, "case.write")
    conference = plan(
        request, services.conference_create, payload.dict(exclude={"case_id"}), case=case
    )
    return Status(201, _conference(request, conference.pk))


@router.get("/conferences/{id}", response={200: ConferenceOut, **READ})
def get_conference(request: HttpRequest, id: int = id_param("Conference id.")):
    """One conference: invitations, attendance, minutes and action items (as the consent allows)."""
    require(request, "conference.read")
    return _conference(request, id)


add_routes(
    Kind(
        "conference",
        "/conferences",
        selectors.conference_for,
        _conference,
        ConferenceOut,
        ScheduleUpdate,
    )
)


@router.post("/conferences/{id}/attendance", response={200: ConferenceOut, **WRITE})
def record_conference_attendance(request: HttpRequest, payload: AttendanceIn, id: int = id_param()):
    """Record who attended, per invitation."""
    require(request, "conference.manage")
    call(
        services.appointment_record_attendance,
        actor=request.user,
        appointment=selectors.conference_for(request.user, id),
        attendance=payload.attendance,
    )
    return _conference(request, id)


@router.post("/conferences/{id}/action-items", response={201: ActionItemOut, **WRITE})
def add_action_item(request: HttpRequest, payload: ActionItemIn, id: int = id_param()):
    """Record an action item for a position at the table (the owner gets an inbox item)."""
    require(request, "conference.manage")
    item = call(
        services.action_item_add,
        actor=request.user,
        conference=selectors.conference_for(request.user, id),
        title=payload.title,
        owner_position=position(request, payload.owner_position_id, "owner_position_id"),
        due_on=payload.due_on,
    )
    return Status(201, _item_out(item, True))


class DoneFilter(QueryIn):
    done: bool = Query(False, description="Done ones (latest first) instead of open ones.")


@router.get("/action-items", response={200: list[ActionItemOut], **READ})
def my_action_items(request: HttpRequest, filters: Query[DoneFilter]):
    """The action items of the positions the caller acts for (a vacant one's as deputy)."""
    require(request, "action_item.complete")
    return [
        _item_out(item, True)
        for item in selectors.my_action_items(request.user, done=filters.done)[:MAX_LIST]
    ]


@router.post("/action-items/{id}/done", response={200: ActionItemOut, **WRITE})
def complete_action_item(request: HttpRequest, payload: DoneIn, id: int = id_param()):
    """Mark done (the owner position, its deputy while vacant, or the chair's side)."""
    require(request, "action_item.complete")
    item = call(
        services.action_item_done,
        actor=request.user,
        item=selectors.action_item_for(request.user, id),
        done_on=payload.done_on,
        note=payload.note,
    )
    return _item_out(item, True)
