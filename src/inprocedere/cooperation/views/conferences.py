"""Case conference pages: plan one for a case, the conference page (invitations,
attendance, minutes, action items), editing, the minutes as PDF, one's action items."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from inprocedere.privacy import policy
from inprocedere.privacy.decorators import requires

from .. import selectors, services
from ..forms import (
    ActionItemForm,
    AttendanceForm,
    ConferenceForm,
    DoneForm,
    InviteForm,
    case_work_positions,
)
from . import appointments
from ._common import run

SCHEDULE_FIELDS = ("title", "starts_at", "ends_at", "place", "video_url", "agenda")


@require_safe
@requires("conference.read")
def conference_list(request):
    user = request.user
    upcoming = list(selectors.conferences_for(user, when="upcoming")[:100])
    past = list(selectors.conferences_for(user, when="past")[:50])
    selectors.label_people(user, upcoming + past)
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
            conference = created["conference"]
            messages.success(
                request,
                _("The case conference is entered; record its attendance and minutes now.")
                if conference.is_past
                else _("The case conference is planned; the invitations are out."),
            )
            return redirect("cooperation:conference_detail", pk=conference.pk)
    person, _disclosure = selectors.person_for(request.user, case.participant)
    return render(
        request,
        "cooperation/conference_form.html",
        {"form": form, "case": case, "person": person},
    )


@require_http_methods(["GET", "POST"])
@requires("conference.manage")
def conference_edit(request, pk):
    conference = selectors.conference_for(request.user, pk, "conference.manage")
    # The form shows the agenda (counselling notes about the person): a logged read.
    selectors.person_for(request.user, conference.case.participant)
    return appointments.edit_page(
        request, conference, ConferenceForm, SCHEDULE_FIELDS, "cooperation:conference_detail"
    )


ACTIONS = {
    **appointments.ACTIONS,
    "cancel": gettext_lazy("The case conference has been cancelled; the invitees are told."),
    "action_item": gettext_lazy("The action item has been recorded."),
    "done": gettext_lazy("The action item is done."),
}


def _forms(conference, invitations, data, action):
    def bind(name):
        return data if name == action else None

    table = [conference.chair_position_id] + [i.position_id for i in invitations]
    return {
        **appointments.forms_for(
            conference, bind, invite_form=partial(InviteForm, positions=case_work_positions())
        ),
        "attendance": AttendanceForm(
            bind("attendance"), prefix="attendance", invitations=invitations
        ),
        "action_item": ActionItemForm(bind("action_item"), prefix="action_item", table=table),
        "done": DoneForm(bind("done"), prefix="done"),
    }


def _call(user, conference, invitations, action, data):
    if appointments.take(user, conference, invitations, action, data):
        return
    if action == "action_item":
        services.action_item_add(actor=user, conference=conference, **data)
        return
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
    action = appointments.posted_action(request, ACTIONS)
    forms = _forms(conference, invitations, request.POST, action)
    done = appointments.handle(
        request,
        forms,
        action,
        lambda action, data: _call(user, conference, invitations, action, data),
        ACTIONS,
    )
    if done:
        return done
    person, disclosure = selectors.person_for(
        user, conference.case.participant, bases_from=conference
    )
    selectors.show_title(conference, disclosure)
    flags = appointments.flags(user, conference, "conference")
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
            "case_visible": conference.may_read_case,
            "acting": set(selectors.acting_position_ids(user)),
            "can_complete_any": flags["manage"],
            **flags,
        },
    )


@require_safe
@requires("conference.read")
def conference_minutes_pdf(request, pk):
    """The approved minutes as PDF, redacted as the page is for this reader."""
    conference = selectors.conference_for(request.user, pk)
    person, disclosure = selectors.person_for(
        request.user, conference.case.participant, channel="pdf"
    )
    selectors.show_title(conference, disclosure)
    return appointments.minutes_pdf(
        request,
        conference,
        "conference",
        {
            "is_conference": True,
            "invitations": [i for i in conference.all_invitations if i.withdrawn_at is None],
            "person": person,
            "shows_notes": disclosure.shows("counselling"),
        },
    )


@require_safe
@requires("conference.read")
def conference_ics(request, pk):
    """The conference as a calendar entry to import by hand."""
    return appointments.ics_response(
        request, selectors.conference_for(request.user, pk), "conference"
    )


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
    selectors.label_people(request.user, cases)
    return render(request, "cooperation/case_picker.html", {"cases": cases, "purpose": purpose})
