"""Consultation pages: the list (received, sent), asking about a case, the thread."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from inprocedere.privacy import policy
from inprocedere.privacy.decorators import requires

from .. import selectors, services
from ..forms import AnswerForm, ConsultationForm, FollowUpForm, NoteForm
from ..workflows import ConsultationState
from ._common import run

ACTIONS = ("answer", "follow_up", "close", "withdraw")
PAGE_SIZE = 50


@require_safe
@requires("consultation.read")
def consultation_list(request):
    box = request.GET.get("box", "")
    box = box if box in ("received", "sent") else ""
    state = request.GET.get("state", "")
    consultations = selectors.consultations_for(request.user, box=box, state=state)
    page = Paginator(consultations, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.label_people(request.user, page.object_list)
    return render(
        request,
        "cooperation/consultation_list.html",
        {
            "page": page,
            "box": box,
            "state": state if state in ConsultationState.values else "",
            "states": ConsultationState.choices,
        },
    )


@require_http_methods(["GET", "POST"])
@requires("consultation.ask")
def consultation_create(request, case_pk):
    case = selectors.case_for(request.user, case_pk, "case.write")
    own = policy.actor_for(request.user).case_positions
    form = ConsultationForm(
        request.POST if request.method == "POST" else None,
        own_positions=own,
        initial={"to_position": request.GET.get("to_position")},
    )
    if request.method == "POST":
        created = {}

        def ask(data):
            created["consultation"] = services.consultation_ask(
                actor=request.user, case=case, **data
            )

        if run(request, form, ask):
            messages.success(request, _("Your question has been sent."))
            return redirect("cooperation:consultation_detail", pk=created["consultation"].pk)
    person, _disclosure = selectors.person_for(request.user, case.participant)
    return render(
        request,
        "cooperation/consultation_form.html",
        {"form": form, "case": case, "person": person},
    )


def _forms(data, action):
    def bind(name):
        return data if name == action else None

    return {
        "answer": AnswerForm(bind("answer"), prefix="answer"),
        "follow_up": FollowUpForm(bind("follow_up"), prefix="follow_up"),
        "close": NoteForm(bind("close"), prefix="close"),
        "withdraw": NoteForm(bind("withdraw"), prefix="withdraw"),
    }


MESSAGES = {
    "answer": gettext_lazy("Your answer has been sent."),
    "follow_up": gettext_lazy("Your follow-up question has been sent."),
    "close": gettext_lazy("The consultation is closed."),
    "withdraw": gettext_lazy("The consultation has been withdrawn."),
}


def _call(request, consultation, action, data):
    user = request.user
    if action == "answer":
        services.consultation_answer(actor=user, consultation=consultation, **data)
    elif action == "follow_up":
        services.consultation_follow_up(actor=user, consultation=consultation, **data)
    elif action == "close":
        services.consultation_close(actor=user, consultation=consultation, **data)
    else:
        services.consultation_withdraw(actor=user, consultation=consultation, **data)


@require_http_methods(["GET", "POST"])
@requires("consultation.read")
def consultation_detail(request, pk):
    user = request.user
    consultation = selectors.consultation_for(user, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and action not in ACTIONS:
        raise BadRequest("unknown action")
    forms = _forms(request.POST, action)
    if action and run(
        request, forms[action], lambda data: _call(request, consultation, action, data)
    ):
        messages.success(request, str(MESSAGES[action]))
        return redirect("cooperation:consultation_detail", pk=consultation.pk)
    person, _disclosure = selectors.person_for(request.user, consultation.case.participant)
    return render(
        request,
        "cooperation/consultation_detail.html",
        {
            "consultation": consultation,
            "forms": forms,
            "action": action,
            "person": person,
            "case_visible": policy.can(user, "case.read", consultation.case),
            **selectors.consultation_steps(user, consultation),
        },
    )
