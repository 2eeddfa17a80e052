"""Case conference pages: plan one for a case, the conference page (invitations,
attendance, minutes, action items), editing, the minutes as PDF, one's action items."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from inprocedere.privacy import policy
from inprocedere.privacy.decorators import requires

from .. import ics, selectors, services
from ..forms import (
    ActionItemForm,
    AttendanceForm,
    ConferenceForm,
    DoneForm,
    InviteForm,
    MinutesForm,
    NoteForm,
    UninviteForm,
)
from ..workflows import EventState, MinutesState
from ._common import edit_event, label_people, person_label, run

SCHEDULE_FIELDS = ("title", "starts_at", "ends_at", "place", "video_url", "agenda")


@require_safe
@requires("conference.read")
def conference_list(request):
    user = request.user
    upcoming = list(selectors.conferences_for(user, when="upcoming")[:100])
    past = list(selectors.conferences_for(user, when="past")[:50])
    return render(
        request,
        "cooperation/conference_list.html",
        {"upcoming": upcoming, "past": past},
    )


@require_http_methods(["GET", "POST"])
@requires("conference.manage")
def conference_create(request, case_pk):
    case = selectors.case_for(request.user, case_pk, "case.write")
    own = policy.actor_for(request.user).case_positions
    form = ConferenceForm(request.POST if request.method == "POST" else None, own_positions=own)
    if request.method == "POST":
        created = {}

        def plan(data):
            created["conference"] = services.conference_create(
                actor=request.user, case=case, **data
            )

        if run(request, form, plan):
            messages.success(request, _("The case conference is planned; the invitations are out."))
            return redirect("cooperation:conference_detail", pk=created["conference"].pk)
    person, _disclosure = person_label(request, case.participant)
    return render(
        request,
        "cooperation/conference_form.html",
        {"form": form, "case": case, "person": person},
    )


@require_http_methods(["GET", "POST"])
@requires("conference.manage")
def conference_edit(request, pk):
    conference = selectors.conference_for(request.user, pk, "conference.manage")
    if conference.state != EventState.SCHEDULED:
        raise Http404
    # The form shows the agenda (counselling notes about the person): a logged read.
    person_label(request, conference.case.participant)
    return edit_event(
        request,
        conference,
        ConferenceForm,
        SCHEDULE_FIELDS,
        partial(services.conference_update, actor=request.user, conference=conference),
        "cooperation:conference_detail",
    )


ACTIONS = {
    "invite": gettext_lazy("The invitations are out."),
    "uninvite": gettext_lazy("The invitation has been withdrawn."),
    "cancel": gettext_lazy("The case conference has been cancelled; the invitees are told."),
    "attendance": gettext_lazy("The attendance has been recorded."),
    "minutes": gettext_lazy("The minutes have been saved."),
    "approve": gettext_lazy("The minutes are approved."),
    "action_item": gettext_lazy("The action item has been recorded."),
    "done": gettext_lazy("The action item is done."),
}


def _forms(conference, invitations, data, action):
    def bind(name):
        return data if name == action else None

    table = [conference.chair_position_id] + [i.position_id for i in invitations]
    return {
        "invite": InviteForm(bind("invite"), prefix="invite"),
        "uninvite": UninviteForm(bind("uninvite"), prefix="uninvite"),
        "cancel": NoteForm(bind("cancel"), prefix="cancel"),
        "attendance": AttendanceForm(
            bind("attendance"), prefix="attendance", invitations=invitations
        ),
        "minutes": MinutesForm(
            bind("minutes"),
            prefix="minutes",
            initial={
                "version": conference.version,
                "minutes": conference.minutes,
                "decisions": conference.decisions,
            },
        ),
        "approve": NoteForm(bind("approve"), prefix="approve"),
        "action_item": ActionItemForm(bind("action_item"), prefix="action_item", table=table),
        "done": DoneForm(bind("done"), prefix="done"),
    }


def _call(request, conference, invitations, action, data):
    user = request.user
    if action == "invite":
        services.conference_invite(actor=user, conference=conference, positions=data["positions"])
    elif action == "uninvite":
        invitation = next((i for i in invitations if i.pk == data["invitation"]), None)
        if invitation is None:
            raise Http404
        services.conference_uninvite(actor=user, conference=conference, invitation=invitation)
    elif action == "cancel":
        services.conference_cancel(actor=user, conference=conference)
    elif action == "attendance":
        services.conference_record_attendance(actor=user, conference=conference, **data)
    elif action == "minutes":
        services.conference_record_minutes(
            actor=user,
            conference=conference,
            expected_version=data["version"],
            minutes=data["minutes"],
            decisions=data["decisions"],
        )
    elif action == "approve":
        services.conference_approve_minutes(actor=user, conference=conference)
    elif action == "action_item":
        services.action_item_add(actor=user, conference=conference, **data)
    else:
        item = selectors.action_item_for(user, data["item"])
        if item.conference_id != conference.pk:
            raise Http404
        services.action_item_done(actor=user, item=item, done_on=data["done_on"], note=data["note"])


@require_http_methods(["GET", "POST"])
@requires("conference.read")
def conference_detail(request, pk):
    user = request.user
    conference = selectors.conference_for(user, pk)
    invitations = [i for i in conference.all_invitations if i.withdrawn_at is None]
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and action not in ACTIONS:
        raise BadRequest("unknown action")
    forms = _forms(conference, invitations, request.POST, action)
    if action and run(
        request,
        forms[action],
        lambda data: _call(request, conference, invitations, action, data),
    ):
        messages.success(request, str(ACTIONS[action]))
        return redirect("cooperation:conference_detail", pk=conference.pk)
    person, disclosure = person_label(request, conference.case.participant)
    scheduled = conference.state == EventState.SCHEDULED
    manage = policy.can(user, "conference.manage", conference)
    begun = conference.starts_at <= timezone.now()
    acting = set(selectors.acting_position_ids(user))
    return render(
        request,
        "cooperation/conference_detail.html",
        {
            "conference": conference,
            "invitations": invitations,
            "withdrawn": [i for i in conference.all_invitations if i.withdrawn_at is not None],
            "forms": forms,
            "action": action,
            "person": person,
            "shows_notes": disclosure.shows("counselling"),
            "case_visible": policy.can(user, "case.read", conference.case),
            "manage": manage and scheduled,
            "can_reschedule": manage and scheduled and not conference.is_past,
            "can_record": manage and scheduled and begun,
            "minutes_open": conference.minutes_state != MinutesState.APPROVED,
            "can_approve": scheduled
            and conference.minutes_state == MinutesState.DRAFT
            and policy.can(user, "conference.approve", conference),
            "acting": acting,
            "can_complete_any": manage,
        },
    )


@require_safe
@requires("conference.read")
def conference_minutes_pdf(request, pk):
    """The approved minutes as PDF, redacted as the page is for this reader."""
    from inprocedere.network.exports.pdf import render_pdf

    conference = selectors.conference_for(request.user, pk)
    if conference.minutes_state != MinutesState.APPROVED:
        raise Http404
    disclosure = policy.disclosure(
        request.user, conference.case.participant, channel="pdf", purpose="case_conference"
    )
    html = render_to_string(
        "cooperation/minutes_pdf.html",
        {
            "event": conference,
            "is_conference": True,
            "invitations": [i for i in conference.all_invitations if i.withdrawn_at is None],
            "person": conference.case.participant.full_name
            if disclosure.shows("identity")
            else disclosure.pseudonym,
            "shows_notes": disclosure.shows("counselling"),
        },
        request=request,
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="minutes-conference-{conference.pk}.pdf"'
    )
    return response


@require_safe
@requires("conference.read")
def conference_ics(request, pk):
    """The conference as a calendar entry to import by hand."""
    conference = selectors.conference_for(request.user, pk)
    payload = (
        ics.cancellation(conference) if conference.is_cancelled else ics.invitation(conference)
    )
    response = HttpResponse(payload, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="conference-{conference.pk}.ics"'
    return response


@require_safe
@requires("action_item.complete")
def my_action_items(request):
    user = request.user
    return render(
        request,
        "cooperation/action_items.html",
        {
            "open_items": list(selectors.my_action_items(user)[:200]),
            "done_items": list(selectors.my_action_items(user, done=True)[:50]),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["POST"])
@requires("action_item.complete")
def action_item_done(request, pk):
    """Mark one's action item done from the list (the conference page has its own form)."""
    item = selectors.action_item_for(request.user, pk)
    form = DoneForm({"item": item.pk, **request.POST.dict()})
    if run(
        request,
        form,
        lambda data: services.action_item_done(
            actor=request.user, item=item, done_on=data["done_on"], note=data["note"]
        ),
    ):
        messages.success(request, _("The action item is done."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("cooperation:my_action_items")


@require_safe
@requires("consultation.ask")
def case_picker(request):
    """Choose the case to ask about or to plan a conference for (the case page links
    straight to the forms; this is the way in from the cooperation pages)."""
    purpose = request.GET.get("for")
    if purpose not in ("consultation", "conference"):
        purpose = "consultation"
    chosen = request.GET.get("case")
    cases = selectors.cases_to_work_on(request.user)
    if chosen:
        case = next((c for c in cases if str(c.pk) == chosen), None)
        if case is None:
            raise Http404
        return redirect(f"cooperation:{purpose}_create", case_pk=case.pk)
    label_people(request.user, cases)
    return render(request, "cooperation/case_picker.html", {"cases": cases, "purpose": purpose})
