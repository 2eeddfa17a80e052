"""Network meetings and trainings: plan, read, attendance per person; the shared handlers
(change, cancel, invitations, minutes) come from `appointments.py`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Status

from inprocedere.cooperation import selectors, services
from inprocedere.cooperation.models import Meeting
from inprocedere.network import selectors as directory

from ...schemas.common import choice
from ...schemas.cooperation import MeetingAttendanceIn, MeetingIn, MeetingOut, MeetingUpdate
from ._common import (
    MAX_LIST,
    READ,
    WRITE,
    by_key,
    call,
    id_param,
    position_ref,
    require,
    router,
)
from .appointments import Kind, add_routes, appointment_out, plan
from .conferences import WhenFilter


def _meeting_out(meeting, *, detail=False):
    data = {
        **appointment_out(meeting),
        "kind": choice(meeting, "kind"),
        "level": choice(meeting, "level"),
        "region": meeting.region.slug if meeting.region else None,
        "topic": meeting.topic,
        "expertise_organisation": meeting.expertise_organisation.slug
        if meeting.expertise_organisation
        else None,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "decisions": meeting.decisions,
        "invited": [],
    }
    if detail:
        data["invited"] = [position_ref(i.position) for i in meeting.active_invitations]
        data["attendance"] = [
            {
                "person_id": a.person_id,
                "name": a.person.full_name,
                "organisation": a.organisation.slug,
            }
            for a in meeting.attendances.all()
        ]
    return data


def _meeting(request, pk):
    return _meeting_out(selectors.meeting_for(request.user, pk), detail=True)


class MeetingFilter(WhenFilter):
    kind: str = Query("", pattern=r"^(|meeting|training)$")


def _meeting_list(request, kind, when):
    require(request, "meeting.read")
    return [
        _meeting_out(m)
        for m in selectors.meetings_for(request.user, kind=kind, when=when)[:MAX_LIST]
    ]


@router.get("/meetings", response={200: list[MeetingOut], **READ})
def list_meetings(request: HttpRequest, filters: Query[MeetingFilter]):
    """Network meetings and trainings (the whole network's, at most 200)."""
    return _meeting_list(request, filters.kind, filters.when)


@router.get("/trainings", response={200: list[MeetingOut], **READ})
def list_trainings(request: HttpRequest, filters: Query[WhenFilter]):
    """Trainings only (the same records as /meetings?kind=training)."""
    return _meeting_list(request, Meeting.Kind.TRAINING, filters.when)


def _meeting_data(request, data):
    data["region"] = by_key(request, directory.region_by_slug, data.get("region"), "region")
    data["expertise_organisation"] = by_key(
        request,
        directory.organisation_by_slug,
        data.get("expertise_organisation"),
        "expertise_organisation",
    )
    return data


@router.post("/meetings", response={201: MeetingOut, **WRITE})
def plan_meeting(request: HttpRequest, payload: MeetingIn):
    """Plan a meeting or training and invite positions (inbox item and .ics for each); one
    that took place already is entered without invitations going out."""
    require(request, "meeting.manage")
    meeting = plan(request, services.meeting_create, _meeting_data(request, payload.dict()))
    return Status(201, _meeting(request, meeting.pk))


@router.get("/meetings/{id}", response={200: MeetingOut, **READ})
def get_meeting(request: HttpRequest, id: int = id_param("Meeting or training id.")):
    """One meeting or training with invitations and attendance."""
    require(request, "meeting.read")
    return _meeting(request, id)


@router.get("/trainings/{id}", response={200: MeetingOut, **READ})
def get_training(request: HttpRequest, id: int = id_param("Training id.")):
    """One training (404 for a meeting's id)."""
    require(request, "meeting.read")
    meeting = selectors.meeting_for(request.user, id)
    if meeting.kind != Meeting.Kind.TRAINING:
        raise Http404
    return _meeting_out(meeting, detail=True)


add_routes(
    Kind(
        "meeting",
        "/meetings",
        selectors.meeting_for,
        _meeting,
        MeetingOut,
        MeetingUpdate,
        _meeting_data,
    )
)


@router.post("/meetings/{id}/attendance", response={200: MeetingOut, **WRITE})
def record_meeting_attendance(
    request: HttpRequest, payload: MeetingAttendanceIn, id: int = id_param()
):
    """Record that a person attended (for an organisation)."""
    require(request, "meeting.manage")
    meeting = selectors.meeting_for(request.user, id)
    person = directory.person_by_id(request.user, payload.person_id)
    if person is None:
        raise ValidationError({"person_id": _("Unknown person.")})
    call(
        services.meeting_attendance_add,
        actor=request.user,
        meeting=meeting,
        person=person,
        organisation=by_key(
            request, directory.organisation_by_slug, payload.organisation, "organisation"
        ),
    )
    return _meeting(request, id)
