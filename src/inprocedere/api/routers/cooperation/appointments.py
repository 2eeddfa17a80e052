"""The handlers case conferences and meetings/trainings share, written once and added for
each kind: change, cancel, invite, withdraw an invitation, minutes and their approval.

No `from __future__ import annotations` here: ninja reads the payload types from the
handlers' annotations, which name the kind's schemas held in the closure.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404, HttpRequest

from inprocedere.cooperation import selectors, services

from ...schemas.common import choice
from ...schemas.cooperation import InviteIn, MinutesIn
from ._common import WRITE, call, id_param, position, position_ref, positions, require, router


@dataclass(frozen=True)
class Kind:
    noun: str  # "conference": operation ids such as `cancel_conference`, permissions
    path: str  # "/conferences"
    read: Callable  # selector: (user, pk) -> the appointment
    answer: Callable  # (request, pk) -> the detail answer
    response: type  # its schema
    update: type  # the schema of a change
    update_data: Callable = lambda request, data: data  # payload -> service arguments


def _named(name: str, doc: str):
    def rename(function):
        function.__name__ = function.__qualname__ = name
        function.__doc__ = doc
        return function

    return rename


def add_routes(kind: Kind) -> None:
    """PUT {path}/{id}, POST …/cancel, …/invitations, …/minutes, …/minutes/approve and
    DELETE …/invitations/{invitation_id} for one kind."""
    one = f"{kind.path}/{{id}}"
    responses = {200: kind.response, **WRITE}

    def managed(request, pk):
        require(request, f"{kind.noun}.manage")
        return kind.read(request.user, pk)

    @router.put(one, response=responses)
    @_named(f"update_{kind.noun}", "Change it; the invitees get an update (higher SEQUENCE).")
    def update(request: HttpRequest, payload: kind.update, id: int = id_param()):
        appointment = managed(request, id)
        data = kind.update_data(request, payload.dict())
        call(
            services.appointment_update,
            actor=request.user,
            appointment=appointment,
            expected_version=data.pop("version"),
            **data,
        )
        return kind.answer(request, id)

    @router.post(f"{one}/cancel", response=responses)
    @_named(f"cancel_{kind.noun}", "Call it off: METHOD:CANCEL to every invitee.")
    def cancel(request: HttpRequest, id: int = id_param()):
        call(services.appointment_cancel, actor=request.user, appointment=managed(request, id))
        return kind.answer(request, id)

    @router.post(f"{one}/invitations", response=responses)
    @_named(
        f"invite_to_{kind.noun}", "Invite further positions (each gets an inbox item and an .ics)."
    )
    def invite(request: HttpRequest, payload: InviteIn, id: int = id_param()):
        call(
            services.appointment_invite,
            actor=request.user,
            appointment=managed(request, id),
            positions=positions(request, payload.position_ids, "position_ids"),
        )
        return kind.answer(request, id)

    @router.delete(f"{one}/invitations/{{invitation_id}}", response=responses)
    @_named(
        f"uninvite_from_{kind.noun}", "Withdraw one invitation: that position gets a cancellation."
    )
    def uninvite(
        request: HttpRequest, id: int = id_param(), invitation_id: int = id_param("Invitation id.")
    ):
        appointment = managed(request, id)
        invitation = selectors.active_invitation(appointment, invitation_id)
        if invitation is None:
            raise Http404
        call(
            services.appointment_uninvite,
            actor=request.user,
            appointment=appointment,
            invitation=invitation,
        )
        return kind.answer(request, id)

    @router.post(f"{one}/minutes", response=responses)
    @_named(
        f"record_{kind.noun}_minutes",
        "Write the minutes (once it has begun, until they are approved).",
    )
    def minutes(request: HttpRequest, payload: MinutesIn, id: int = id_param()):
        call(
            services.appointment_record_minutes,
            actor=request.user,
            appointment=managed(request, id),
            expected_version=payload.version,
            minutes=payload.minutes,
            decisions=payload.decisions,
        )
        return kind.answer(request, id)

    @router.post(f"{one}/minutes/approve", response=responses)
    @_named(
        f"approve_{kind.noun}_minutes",
        "Approve the minutes (the chair position only); approved minutes are final.",
    )
    def approve(request: HttpRequest, id: int = id_param()):
        call(
            services.appointment_approve_minutes,
            actor=request.user,
            appointment=managed(request, id),
        )
        return kind.answer(request, id)


def plan(request, create, data: dict, **extra):
    """A new appointment through the service `create`, its chair and invitees named by id."""
    return call(
        create,
        actor=request.user,
        chair_position=position(request, data.pop("chair_position_id"), "chair_position_id"),
        positions=positions(request, data.pop("position_ids"), "position_ids"),
        **data,
        **extra,
    )


def appointment_out(appointment) -> dict:
    """What every kind answers; a conference's `title` as its reader may see it."""
    return {
        "id": appointment.pk,
        "uid": str(appointment.uid),
        "sequence": appointment.sequence,
        "version": appointment.version,
        "title": getattr(appointment, "shown_title", appointment.title),
        "starts_at": appointment.starts_at,
        "ends_at": appointment.ends_at,
        "place": appointment.place,
        "video_url": appointment.video_url,
        "chair_position": position_ref(appointment.chair_position),
        "state": choice(appointment, "state"),
        "minutes_state": choice(appointment, "minutes_state"),
    }
