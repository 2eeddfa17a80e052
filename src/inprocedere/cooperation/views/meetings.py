"""Network meetings and trainings, the network calendar and personal calendar feeds."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from inprocedere.core.site import request_base
from inprocedere.privacy import policy
from inprocedere.privacy.decorators import requires

from .. import ics, selectors, services
from ..forms import AttendanceRemoveForm, MaterialForm, MeetingAttendanceForm, MeetingForm
from ..models import CalendarFeed, Meeting
from . import appointments
from ._common import run

EDIT_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "place",
    "video_url",
    "agenda",
    "level",
    "region",
    "topic",
    "expertise_organisation",
)


@require_safe
@requires("meeting.read")
def meeting_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in Meeting.Kind.values else ""
    user = request.user
    return render(
        request,
        "cooperation/meeting_list.html",
        {
            "kind": kind,
            "kinds": Meeting.Kind.choices,
            "upcoming": list(selectors.meetings_for(user, kind=kind, when="upcoming")[:100]),
            "past": list(selectors.meetings_for(user, kind=kind, when="past")[:50]),
            "can_plan": policy.can(user, "meeting.manage"),
        },
    )


@require_http_methods(["GET", "POST"])
@requires("meeting.manage")
def meeting_create(request):
    own = policy.actor_for(request.user).positions
    kind = request.GET.get("kind")
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        own_positions=own,
        initial={"kind": kind if kind in Meeting.Kind.values else Meeting.Kind.MEETING},
    )
    if request.method == "POST":
        created = {}

        def plan(data):
            created["meeting"] = services.meeting_create(actor=request.user, **data)

        if run(request, form, plan):
            meeting = created["meeting"]
            messages.success(
                request,
                _("The appointment is entered; record its attendance and minutes now.")
                if meeting.is_past
                else _("The appointment is planned; the invitations are out."),
            )
            return redirect("cooperation:meeting_detail", pk=meeting.pk)
    return render(request, "cooperation/meeting_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@requires("meeting.manage")
def meeting_edit(request, pk):
    meeting = selectors.meeting_for(request.user, pk, "meeting.manage")
    return appointments.edit_page(
        request, meeting, MeetingForm, EDIT_FIELDS, "cooperation:meeting_detail"
    )


ACTIONS = {
    **appointments.ACTIONS,
    "attendance_remove": gettext_lazy("The attendance entry has been removed."),
    "material": gettext_lazy("The material has been uploaded."),
}


def _forms(meeting, data, files, action):
    def bind(name):
        return data if name == action else None

    return {
        **appointments.forms_for(meeting, bind),
        "attendance": MeetingAttendanceForm(bind("attendance"), prefix="attendance"),
        "attendance_remove": AttendanceRemoveForm(
            bind("attendance_remove"), prefix="attendance_remove"
        ),
        "material": MaterialForm(
            bind("material"), files if action == "material" else None, prefix="material"
        ),
    }


def _call(user, meeting, action, data):
    if action == "attendance":
        services.meeting_attendance_add(actor=user, meeting=meeting, **data)
    elif action == "attendance_remove":
        attendance = next(
            (a for a in meeting.attendances.all() if a.pk == data["attendance"]), None
        )
        if attendance is None:
            raise Http404
        services.meeting_attendance_remove(actor=user, attendance=attendance)
    elif action == "material":
        services.material_upload(
            actor=user, meeting=meeting, title=data["title"], upload=data["file"]
        )
    else:
        appointments.take(user, meeting, meeting.active_invitations, action, data)


@require_http_methods(["GET", "POST"])
@requires("meeting.read")
def meeting_detail(request, pk):
    user = request.user
    meeting = selectors.meeting_for(user, pk)
    action = appointments.posted_action(request, ACTIONS)
    forms = _forms(meeting, request.POST, request.FILES, action)
    done = appointments.handle(
        request, forms, action, lambda a, data: _call(user, meeting, a, data), ACTIONS
    )
    if done:
        return done
    by_organisation = {}
    for attendance in meeting.attendances.all():
        by_organisation.setdefault(attendance.organisation, []).append(attendance)
    return render(
        request,
        "cooperation/meeting_detail.html",
        {
            "meeting": meeting,
            "forms": forms,
            "action": action,
            "by_organisation": sorted(by_organisation.items(), key=lambda kv: kv[0].name),
            **appointments.flags(user, meeting, "meeting"),
        },
    )


@require_safe
@requires("meeting.read")
def meeting_minutes_pdf(request, pk):
    meeting = selectors.meeting_for(request.user, pk)
    return appointments.minutes_pdf(
        request, meeting, meeting.kind, {"is_conference": False, "shows_notes": True}
    )


@require_safe
@requires("meeting.read")
def meeting_ics(request, pk):
    meeting = selectors.meeting_for(request.user, pk)
    return appointments.ics_response(request, meeting, meeting.kind)


@require_safe
@requires("meeting.read")
def material_download(request, pk, material_pk):
    material = selectors.material_for(request.user, pk, material_pk)
    try:
        handle = material.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    extension = material.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"material-{material.pk}.{extension}",
        content_type=material.content_type,
    )


# --- the calendar ---------------------------------------------------------------------


@require_safe
@requires("meeting.read")
def calendar(request):
    return render(
        request,
        "cooperation/calendar.html",
        {"entries": selectors.calendar(request.user)},
    )


@require_http_methods(["GET", "POST"])
@requires("calendar.feed")
def feed_list(request):
    """One's calendar links: create one (shown once), revoke one."""
    user = request.user
    new_url = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "create":
                _feed, token = services.feed_create(actor=user)
                new_url = request.build_absolute_uri(
                    reverse("cooperation:feed", kwargs={"token": token})
                )
                messages.success(
                    request, _("Your calendar link is ready. Copy it now: it is shown only once.")
                )
            elif action == "revoke":
                try:
                    feed = CalendarFeed.objects.get(pk=int(request.POST.get("feed", "")), user=user)
                except (CalendarFeed.DoesNotExist, ValueError, OverflowError):
                    raise Http404 from None
                services.feed_revoke(actor=user, feed=feed)
                messages.success(
                    request, _("The calendar link has been revoked; it no longer works.")
                )
                return redirect("cooperation:feed_list")
            else:
                raise BadRequest("unknown action")
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    feeds = CalendarFeed.objects.filter(user=user).order_by("-created_at")[:20]
    return render(request, "cooperation/feed_list.html", {"feeds": feeds, "new_url": new_url})


@require_safe
def feed(request, token):
    """The personal feed behind its secret URL (no sign-in: calendar programs can't);
    an unknown or revoked token is 404."""
    found = services.feed_for_token(token)
    if found is None:
        raise Http404
    payload = ics.feed(selectors.feed_events(found.user), base=request_base(request))
    response = HttpResponse(payload, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="inprocedere.ics"'
    return response
