"""What the pages of case conferences and of meetings/trainings share: the actions on the
page (invite, withdraw an invitation, cancel, minutes, approval), the edit page, the
calendar entry and the minutes as PDF. Each kind's module adds its own actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inprocedere.core.site import request_base
from inprocedere.privacy import policy

from .. import ics, services
from ..forms import InviteForm, MinutesForm, NoteForm, UninviteForm
from ..workflows import AppointmentState, MinutesState
from ._common import run

ACTIONS = {
    "invite": gettext_lazy("The invitations are out."),
    "uninvite": gettext_lazy("The invitation has been withdrawn."),
    "cancel": gettext_lazy("The appointment has been cancelled; the invitees are told."),
    "attendance": gettext_lazy("The attendance has been recorded."),
    "minutes": gettext_lazy("The minutes have been saved."),
    "approve": gettext_lazy("The minutes are approved."),
}


def forms_for(appointment, bind, *, invite_form=InviteForm) -> dict:
    """The forms every appointment page carries; `bind(name)` gives the posted data of
    the action being taken, None for the others."""
    return {
        "invite": invite_form(bind("invite"), prefix="invite"),
        "uninvite": UninviteForm(bind("uninvite"), prefix="uninvite"),
        "cancel": NoteForm(bind("cancel"), prefix="cancel"),
        "minutes": MinutesForm(
            bind("minutes"),
            prefix="minutes",
            initial={
                "version": appointment.version,
                "minutes": appointment.minutes,
                "decisions": appointment.decisions,
            },
        ),
        "approve": NoteForm(bind("approve"), prefix="approve"),
    }


def take(user, appointment, invitations, action, data) -> bool:
    """Run one of the shared actions; False if `action` is not one of them."""
    if action == "invite":
        services.appointment_invite(
            actor=user, appointment=appointment, positions=data["positions"]
        )
    elif action == "uninvite":
        invitation = next((i for i in invitations if i.pk == data["invitation"]), None)
        if invitation is None:
            raise Http404
        services.appointment_uninvite(actor=user, appointment=appointment, invitation=invitation)
    elif action == "cancel":
        services.appointment_cancel(actor=user, appointment=appointment)
    elif action == "attendance":
        services.appointment_record_attendance(actor=user, appointment=appointment, **data)
    elif action == "minutes":
        services.appointment_record_minutes(
            actor=user,
            appointment=appointment,
            expected_version=data["version"],
            minutes=data["minutes"],
            decisions=data["decisions"],
        )
    elif action == "approve":
        services.appointment_approve_minutes(actor=user, appointment=appointment)
    else:
        return False
    return True


def posted_action(request, actions) -> str | None:
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and action not in actions:
        raise BadRequest("unknown action")
    return action


def handle(request, forms, action, call, actions) -> HttpResponse | None:
    """Run the posted `action` through its form; on success the page is shown again."""
    if action and run(request, forms[action], lambda data: call(action, data)):
        messages.success(request, str(actions[action]))
        return redirect(request.path)
    return None


def flags(user, appointment, group: str) -> dict:
    """What the reader may do on the page now."""
    manage = _may(user, appointment, "manage", group)
    not_cancelled = appointment.state != AppointmentState.CANCELLED
    scheduled = appointment.state == AppointmentState.SCHEDULED
    return {
        "manage": manage and not_cancelled,
        "can_reschedule": manage and scheduled and not appointment.is_past,
        "can_record": manage and not_cancelled and appointment.has_begun,
        "minutes_open": appointment.minutes_state != MinutesState.APPROVED,
        "can_approve": not_cancelled
        and appointment.minutes_state == MinutesState.DRAFT
        and _may(user, appointment, "approve", group),
    }


def _may(user, appointment, action: str, group: str) -> bool:
    # Asked in the appointment's own query when its selector did (conference_for).
    known = getattr(appointment, f"may_{action}", None)
    return policy.can(user, f"{group}.{action}", appointment) if known is None else known


def edit_page(request, appointment, form_class, fields, detail: str):
    """The edit page of a scheduled appointment: the form with the current values, saved
    through the core's update, which sends the invitees the update."""
    if appointment.state != AppointmentState.SCHEDULED:
        raise Http404
    initial = {name: getattr(appointment, name) for name in fields}
    initial.update(
        version=appointment.version,
        starts_at=timezone.localtime(appointment.starts_at),
        ends_at=timezone.localtime(appointment.ends_at),
    )
    form = form_class(
        request.POST if request.method == "POST" else None, initial=initial, editing=True
    )
    if request.method == "POST":

        def save(data):
            version = data.pop("version")
            services.appointment_update(
                actor=request.user,
                appointment=appointment,
                expected_version=version if version is not None else appointment.version,
                **data,
            )

        if run(request, form, save):
            messages.success(request, _("The changes are saved; the invitees get the update."))
            return redirect(detail, pk=appointment.pk)
    return render(request, "cooperation/event_edit.html", {"form": form, "event": appointment})


def ics_response(request, appointment, name: str) -> HttpResponse:
    """The appointment as a calendar entry to import by hand, linking back to the address
    it was downloaded from where the installation's address is not configured."""
    make = ics.cancellation if appointment.is_cancelled else ics.invitation
    payload = make(appointment, base=request_base(request))
    response = HttpResponse(payload, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{appointment.pk}.ics"'
    return response


def minutes_pdf(request, appointment, name: str, context: dict) -> HttpResponse:
    """The approved minutes as PDF (404 before approval)."""
    from inprocedere.network.exports.pdf import render_pdf

    if appointment.minutes_state != MinutesState.APPROVED:
        raise Http404
    html = render_to_string(
        "cooperation/minutes_pdf.html", {"event": appointment, **context}, request=request
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="minutes-{name}-{appointment.pk}.pdf"'
    return response
