"""Consultations, case conferences (with invitations, minutes and action items), network
meetings and trainings. The same selectors and services as the pages, so the same policy
and rules: 404 for what is missing or out of reach (and for a write by someone who is not
its addressee or organiser), 422 for bad input, a missing consent or a transition the
state does not allow, 409 for a stale version."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from ninja.errors import HttpError

from inprocedere.cooperation import selectors, services
from inprocedere.cooperation.models import Meeting
from inprocedere.core.versioning import StaleEdit
from inprocedere.network.models import Organisation, Person, Position, Region
from inprocedere.privacy import policy

from ..schemas.common import Detail, choice
from ..schemas.cooperation import (
    ActionItemIn,
    ActionItemOut,
    AnswerIn,
    AttendanceIn,
    ConferenceIn,
    ConferenceOut,
    ConsultationIn,
    ConsultationOut,
    DoneIn,
    FollowUpIn,
    InviteIn,
    MeetingAttendanceIn,
    MeetingIn,
    MeetingOut,
    MeetingUpdate,
    MinutesIn,
    NoteIn,
    ScheduleUpdate,
)

router = Router(tags=["cooperation"])

MAX_ID = 2**63 - 1
MAX_LIST = 200
READ = {401: Detail, 403: Detail, 404: Detail, 422: Detail}
WRITE = {401: Detail, 403: Detail, 404: Detail, 409: Detail, 422: Detail}


def _id(description="Id."):
    return Path(..., ge=1, le=MAX_ID, description=description)


def _call(function, **kwargs):
    """Run a service: a policy refusal on a record the caller can see is 404, as for a
    record out of reach; a stale version is 409."""
    try:
        return function(**kwargs)
    except PermissionDenied:
        raise Http404 from None
    except StaleEdit as error:
        raise HttpError(409, error.messages[0]) from None


def _require(request, name):
    if not policy.can(request.user, name):
        raise PermissionDenied(name)


def _position(pk, field):
    position = Position.objects.select_related("organisation").filter(pk=pk).first()
    if position is None:
        raise ValidationError({field: _("Unknown position.")})
    return position


def _positions(ids, field):
    ids = list(dict.fromkeys(ids))
    found = {p.pk: p for p in Position.objects.select_related("organisation").filter(pk__in=ids)}
    unknown = [str(pk) for pk in ids if pk not in found]
    if unknown:
        raise ValidationError(
            {field: _("Unknown positions: %(ids)s") % {"ids": ", ".join(unknown)}}
        )
    return [found[pk] for pk in ids]


def _by_slug(model, slug, field):
    if slug in (None, ""):
        return None
    found = model.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError({field: _("Unknown value: %(value)s") % {"value": slug}})
    return found


def _position_ref(position):
    return {"id": position.pk, "title": position.title, "organisation": position.organisation.slug}


def _people(request, records):
    """{participant id: label} for the records' cases: the name or the pseudonym (logged)."""
    found = policy.disclose_many(
        request.user,
        list({r.case.participant_id for r in records}),
        channel="api",
        purpose="case_conference",
    )
    labels = {}
    for record in records:
        participant = record.case.participant
        disclosure = found[participant.pk]
        labels[participant.pk] = (
            participant.full_name if disclosure.shows("identity") else disclosure.pseudonym
        )
    return labels, found


# --- consultations --------------------------------------------------------------------


def _consultation_out(consultation, person, *, thread=False):
    data = {
        "id": consultation.pk,
        "case_id": consultation.case_id,
        "person": person,
        "from_position": _position_ref(consultation.from_position),
        "to_position": _position_ref(consultation.to_position),
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
                "position": _position_ref(m.position),
                "text": m.text,
                "created_at": m.created_at,
            }
            for m in consultation.messages.all()
        ]
    return data


def _consultation(request, pk):
    consultation = selectors.consultation_for(request.user, pk)
    labels, _found = _people(request, [consultation])
    return _consultation_out(consultation, labels[consultation.case.participant_id], thread=True)


class ConsultationFilter(Schema):
    box: str = Query("", pattern=r"^(|received|sent)$", description="received, sent or both")
    state: str = Query("", pattern=r"^(|open|answered|closed|withdrawn)$")


@router.get("/consultations", response={200: list[ConsultationOut], **READ})
def list_consultations(request: HttpRequest, filters: Query[ConsultationFilter]):
    """Consultations of the caller's organisations (at most 200, open and most urgent first)."""
    _require(request, "consultation.read")
    rows = list(
        selectors.consultations_for(request.user, box=filters.box, state=filters.state)[:MAX_LIST]
    )
    labels, _found = _people(request, rows)
    return [_consultation_out(c, labels[c.case.participant_id]) for c in rows]


@router.post("/consultations", response={201: ConsultationOut, **WRITE})
def ask_consultation(request: HttpRequest, payload: ConsultationIn):
    """Ask a position of another organisation about a case (needs the person's consent for
    case conferences naming that organisation; a missing one is 422)."""
    _require(request, "consultation.ask")
    case = selectors.case_for(request.user, payload.case_id, "case.write")
    consultation = _call(
        services.consultation_ask,
        actor=request.user,
        case=case,
        from_position=_position(payload.from_position_id, "from_position_id"),
        to_position=_position(payload.to_position_id, "to_position_id"),
        topic=payload.topic,
        subject=payload.subject,
        question=payload.question,
        due_on=payload.due_on,
    )
    return Status(201, _consultation(request, consultation.pk))


@router.get("/consultations/{id}", response={200: ConsultationOut, **READ})
def get_consultation(request: HttpRequest, id: int = _id("Consultation id.")):
    """One consultation with its thread."""
    _require(request, "consultation.read")
    return _consultation(request, id)


def _consultation_step(request, pk, function, **kwargs):
    _require(request, "consultation.read")
    consultation = selectors.consultation_for(request.user, pk)
    _call(function, actor=request.user, consultation=consultation, **kwargs)
    return _consultation(request, pk)


@router.post("/consultations/{id}/answer", response={200: ConsultationOut, **WRITE})
def answer_consultation(request: HttpRequest, payload: AnswerIn, id: int = _id()):
    """Answer (only the addressee position's holders, or its deputy's while it is vacant)."""
    return _consultation_step(request, id, services.consultation_answer, answer=payload.answer)


@router.post("/consultations/{id}/follow-up", response={200: ConsultationOut, **WRITE})
def follow_up_consultation(request: HttpRequest, payload: FollowUpIn, id: int = _id()):
    """Ask again (the asking side): the consultation is open once more."""
    return _consultation_step(
        request,
        id,
        services.consultation_follow_up,
        question=payload.question,
        due_on=payload.due_on,
    )


@router.post("/consultations/{id}/close", response={200: ConsultationOut, **WRITE})
def close_consultation(request: HttpRequest, payload: NoteIn, id: int = _id()):
    """Close an answered consultation (the asking side)."""
    return _consultation_step(request, id, services.consultation_close, note=payload.note)


@router.post("/consultations/{id}/withdraw", response={200: ConsultationOut, **WRITE})
def withdraw_consultation(request: HttpRequest, payload: NoteIn, id: int = _id()):
    """Withdraw an open consultation (the asking side)."""
    return _consultation_step(request, id, services.consultation_withdraw, note=payload.note)


# --- conferences ----------------------------------------------------------------------


def _event_out(event):
    return {
        "id": event.pk,
        "uid": str(event.uid),
        "sequence": event.sequence,
        "version": event.version,
        "title": event.title,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "place": event.place,
        "video_url": event.video_url,
        "chair_position": _position_ref(event.chair_position),
        "state": choice(event, "state"),
        "minutes_state": choice(event, "minutes_state"),
    }


def _item_out(item, shows):
    return {
        "id": item.pk,
        "conference_id": item.conference_id,
        "title": item.title if shows else None,
        "owner_position": _position_ref(item.owner_position),
        "due_on": item.due_on,
        "done_on": item.done_on,
        "overdue": item.is_overdue,
    }


def _conference_out(conference, person, shows, *, detail=False):
    invitations = (
        [i for i in conference.all_invitations if i.withdrawn_at is None]
        if detail
        else conference.active_invitations
    )
    data = {
        **_event_out(conference),
        "case_id": conference.case_id,
        "person": person,
        "agenda": conference.agenda if shows else None,
        "invitations": [
            {
                "id": i.pk,
                "position": _position_ref(i.position),
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
    labels, found = _people(request, [conference])
    participant_id = conference.case.participant_id
    return _conference_out(
        conference,
        labels[participant_id],
        found[participant_id].shows("counselling"),
        detail=True,
    )


class WhenFilter(Schema):
    when: str = Query("", pattern=r"^(|upcoming|past)$", description="upcoming, past or all")


@router.get("/conferences", response={200: list[ConferenceOut], **READ})
def list_conferences(request: HttpRequest, filters: Query[WhenFilter]):
    """Case conferences of the caller's cases and invitations (at most 200)."""
    _require(request, "conference.read")
    rows = list(selectors.conferences_for(request.user, when=filters.when)[:MAX_LIST])
    labels, found = _people(request, rows)
    return [
        _conference_out(
            c,
            labels[c.case.participant_id],
            found[c.case.participant_id].shows("counselling"),
        )
        for c in rows
    ]


@router.post("/conferences", response={201: ConferenceOut, **WRITE})
def plan_conference(request: HttpRequest, payload: ConferenceIn):
    """Plan a case conference and invite positions (each gets an inbox item and an .ics)."""
    _require(request, "conference.manage")
    case = selectors.case_for(request.user, payload.case_id, "case.write")
    data = payload.dict()
    conference = _call(
        services.conference_create,
        actor=request.user,
        case=case,
        chair_position=_position(data.pop("chair_position_id"), "chair_position_id"),
        positions=_positions(data.pop("position_ids"), "position_ids"),
        **{k: v for k, v in data.items() if k != "case_id"},
    )
    return Status(201, _conference(request, conference.pk))


@router.get("/conferences/{id}", response={200: ConferenceOut, **READ})
def get_conference(request: HttpRequest, id: int = _id("Conference id.")):
    """One conference: invitations, attendance, minutes and action items (as the consent allows)."""
    _require(request, "conference.read")
    return _conference(request, id)


def _managed_conference(request, pk):
    _require(request, "conference.read")
    return selectors.conference_for(request.user, pk)


@router.put("/conferences/{id}", response={200: ConferenceOut, **WRITE})
def update_conference(request: HttpRequest, payload: ScheduleUpdate, id: int = _id()):
    """Change date, place or agenda; the invitees get an update (higher SEQUENCE)."""
    conference = _managed_conference(request, id)
    data = payload.dict()
    _call(
        services.conference_update,
        actor=request.user,
        conference=conference,
        expected_version=data.pop("version"),
        **data,
    )
    return _conference(request, id)


@router.post("/conferences/{id}/cancel", response={200: ConferenceOut, **WRITE})
def cancel_conference(request: HttpRequest, id: int = _id()):
    """Call the conference off: METHOD:CANCEL to every invitee."""
    conference = _managed_conference(request, id)
    _call(services.conference_cancel, actor=request.user, conference=conference)
    return _conference(request, id)


@router.post("/conferences/{id}/invitations", response={200: ConferenceOut, **WRITE})
def invite_to_conference(request: HttpRequest, payload: InviteIn, id: int = _id()):
    """Invite further positions (consent checked for each organisation)."""
    conference = _managed_conference(request, id)
    _call(
        services.conference_invite,
        actor=request.user,
        conference=conference,
        positions=_positions(payload.position_ids, "position_ids"),
    )
    return _conference(request, id)


@router.delete(
    "/conferences/{id}/invitations/{invitation_id}", response={200: ConferenceOut, **WRITE}
)
def uninvite_from_conference(
    request: HttpRequest, id: int = _id(), invitation_id: int = _id("Invitation id.")
):
    """Withdraw one invitation: that position gets a cancellation."""
    conference = _managed_conference(request, id)
    invitation = next((i for i in conference.all_invitations if i.pk == invitation_id), None)
    if invitation is None:
        raise Http404
    _call(
        services.conference_uninvite,
        actor=request.user,
        conference=conference,
        invitation=invitation,
    )
    return _conference(request, id)


@router.post("/conferences/{id}/attendance", response={200: ConferenceOut, **WRITE})
def record_conference_attendance(request: HttpRequest, payload: AttendanceIn, id: int = _id()):
    """Record who attended, per invitation."""
    conference = _managed_conference(request, id)
    _call(
        services.conference_record_attendance,
        actor=request.user,
        conference=conference,
        attendance=payload.attendance,
    )
    return _conference(request, id)


@router.post("/conferences/{id}/minutes", response={200: ConferenceOut, **WRITE})
def record_conference_minutes(request: HttpRequest, payload: MinutesIn, id: int = _id()):
    """Write the minutes (once the conference has begun, until they are approved)."""
    conference = _managed_conference(request, id)
    _call(
        services.conference_record_minutes,
        actor=request.user,
        conference=conference,
        expected_version=payload.version,
        minutes=payload.minutes,
        decisions=payload.decisions,
    )
    return _conference(request, id)


@router.post("/conferences/{id}/minutes/approve", response={200: ConferenceOut, **WRITE})
def approve_conference_minutes(request: HttpRequest, id: int = _id()):
    """Approve the minutes (the chair position only); approved minutes are final."""
    conference = _managed_conference(request, id)
    _call(services.conference_approve_minutes, actor=request.user, conference=conference)
    return _conference(request, id)


@router.post("/conferences/{id}/action-items", response={201: ActionItemOut, **WRITE})
def add_action_item(request: HttpRequest, payload: ActionItemIn, id: int = _id()):
    """Record an action item for a position at the table (the owner gets an inbox item)."""
    conference = _managed_conference(request, id)
    item = _call(
        services.action_item_add,
        actor=request.user,
        conference=conference,
        title=payload.title,
        owner_position=_position(payload.owner_position_id, "owner_position_id"),
        due_on=payload.due_on,
    )
    return Status(201, _item_out(item, True))


class DoneFilter(Schema):
    done: bool = Query(False, description="Done ones (latest first) instead of open ones.")


@router.get("/action-items", response={200: list[ActionItemOut], **READ})
def my_action_items(request: HttpRequest, filters: Query[DoneFilter]):
    """The action items of the positions the caller acts for (a vacant one's as deputy)."""
    _require(request, "action_item.complete")
    return [
        _item_out(item, True)
        for item in selectors.my_action_items(request.user, done=filters.done)[:MAX_LIST]
    ]


@router.post("/action-items/{id}/done", response={200: ActionItemOut, **WRITE})
def complete_action_item(request: HttpRequest, payload: DoneIn, id: int = _id()):
    """Mark done (the owner position, its deputy while vacant, or the chair's side)."""
    _require(request, "action_item.complete")
    item = selectors.action_item_for(request.user, id)
    item = _call(
        services.action_item_done,
        actor=request.user,
        item=item,
        done_on=payload.done_on,
        note=payload.note,
    )
    return _item_out(item, True)


# --- meetings and trainings -----------------------------------------------------------


def _meeting_out(meeting, *, detail=False):
    data = {
        **_event_out(meeting),
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
        data["invited"] = [_position_ref(i.position) for i in meeting.active_invitations]
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
    _require(request, "meeting.read")
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


def _meeting_data(data):
    data["region"] = _by_slug(Region, data.get("region"), "region")
    data["expertise_organisation"] = _by_slug(
        Organisation, data.get("expertise_organisation"), "expertise_organisation"
    )
    return data


@router.post("/meetings", response={201: MeetingOut, **WRITE})
def plan_meeting(request: HttpRequest, payload: MeetingIn):
    """Plan a meeting or training and invite positions (inbox item and .ics for each)."""
    _require(request, "meeting.manage")
    data = _meeting_data(payload.dict())
    meeting = _call(
        services.meeting_create,
        actor=request.user,
        chair_position=_position(data.pop("chair_position_id"), "chair_position_id"),
        positions=_positions(data.pop("position_ids"), "position_ids"),
        **data,
    )
    return Status(201, _meeting(request, meeting.pk))


@router.get("/meetings/{id}", response={200: MeetingOut, **READ})
def get_meeting(request: HttpRequest, id: int = _id("Meeting or training id.")):
    """One meeting or training with invitations and attendance."""
    _require(request, "meeting.read")
    return _meeting(request, id)


@router.get("/trainings/{id}", response={200: MeetingOut, **READ})
def get_training(request: HttpRequest, id: int = _id("Training id.")):
    """One training (404 for a meeting's id)."""
    _require(request, "meeting.read")
    meeting = selectors.meeting_for(request.user, id)
    if meeting.kind != Meeting.Kind.TRAINING:
        raise Http404
    return _meeting_out(meeting, detail=True)


def _managed_meeting(request, pk):
    _require(request, "meeting.manage")
    return selectors.meeting_for(request.user, pk)


@router.put("/meetings/{id}", response={200: MeetingOut, **WRITE})
def update_meeting(request: HttpRequest, payload: MeetingUpdate, id: int = _id()):
    """Change it; the invitees get an update (higher SEQUENCE)."""
    meeting = _managed_meeting(request, id)
    data = _meeting_data(payload.dict())
    _call(
        services.meeting_update,
        actor=request.user,
        meeting=meeting,
        expected_version=data.pop("version"),
        **data,
    )
    return _meeting(request, id)


@router.post("/meetings/{id}/cancel", response={200: MeetingOut, **WRITE})
def cancel_meeting(request: HttpRequest, id: int = _id()):
    meeting = _managed_meeting(request, id)
    _call(services.meeting_cancel, actor=request.user, meeting=meeting)
    return _meeting(request, id)


@router.post("/meetings/{id}/invitations", response={200: MeetingOut, **WRITE})
def invite_to_meeting(request: HttpRequest, payload: InviteIn, id: int = _id()):
    meeting = _managed_meeting(request, id)
    _call(
        services.meeting_invite,
        actor=request.user,
        meeting=meeting,
        positions=_positions(payload.position_ids, "position_ids"),
    )
    return _meeting(request, id)


@router.post("/meetings/{id}/attendance", response={200: MeetingOut, **WRITE})
def record_meeting_attendance(request: HttpRequest, payload: MeetingAttendanceIn, id: int = _id()):
    """Record that a person attended (for an organisation)."""
    meeting = _managed_meeting(request, id)
    person = Person.objects.filter(pk=payload.person_id).first()
    if person is None:
        raise ValidationError({"person_id": _("Unknown person.")})
    _call(
        services.meeting_attendance_add,
        actor=request.user,
        meeting=meeting,
        person=person,
        organisation=_by_slug(Organisation, payload.organisation, "organisation"),
    )
    return _meeting(request, id)


@router.post("/meetings/{id}/minutes", response={200: MeetingOut, **WRITE})
def record_meeting_minutes(request: HttpRequest, payload: MinutesIn, id: int = _id()):
    meeting = _managed_meeting(request, id)
    _call(
        services.meeting_record_minutes,
        actor=request.user,
        meeting=meeting,
        expected_version=payload.version,
        minutes=payload.minutes,
        decisions=payload.decisions,
    )
    return _meeting(request, id)


@router.post("/meetings/{id}/minutes/approve", response={200: MeetingOut, **WRITE})
def approve_meeting_minutes(request: HttpRequest, id: int = _id()):
    meeting = _managed_meeting(request, id)
    _call(services.meeting_approve_minutes, actor=request.user, meeting=meeting)
    return _meeting(request, id)
