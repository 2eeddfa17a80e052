"""Sending a referral and working on one: accept, decline, withdraw, intake."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inprocedere.privacy import policy
from inprocedere.privacy.decorators import requires

from .. import selectors, services
from ..forms import (
    AcceptForm,
    DeclineForm,
    IntakeForm,
    ReferralForm,
    WithdrawForm,
)
from ..workflows import (
    REFERRAL_TRANSITIONS,
    ReferralState,
)
from ._common import own_organisations

PEOPLE_SHOWN = 10


def _choose_person(request):
    """Referrals start from a person: the page searches the people the user may refer
    (htmx asks for the results as one types; without JavaScript the form does)."""
    text = request.GET.get("q", "").strip()[:100]
    found = selectors.people_to_refer(request.user, text, PEOPLE_SHOWN + 1)
    context = {
        "form": None,
        "participant": None,
        "q": text,
        "people": policy.disclose_rows(request.user, found[:PEOPLE_SHOWN]),
        "more_people": len(found) > PEOPLE_SHOWN,
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "cases/_people_to_refer.html", context)
    return render(request, "cases/referral_form.html", context)


@require_http_methods(["GET", "POST"])
@requires("referral.create")
def referral_create(request):
    if not request.GET.get("participant"):
        return _choose_person(request)
    participant = selectors.participant_for(request.user, request.GET.get("participant"))
    positions = policy.actor_for(request.user).positions
    form = ReferralForm(
        request.POST or None,
        own_positions=positions,
        initial={
            "to_organisation": request.GET.get("to_organisation"),
            "to_position": request.GET.get("to_position"),
        },
    )
    consent_missing = None
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(
                actor=request.user, participant=participant, **form.service_data()
            )
        except policy.ConsentMissing as missing:
            # Not a form error: the page names the missing consent and offers its form.
            consent_missing = missing
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The referral has been sent."))
            return redirect("cases:referral_detail", pk=referral.pk)
    context = {"form": form, "participant": participant, "consent_missing": consent_missing}
    return render(request, "cases/referral_form.html", context)


REFERRAL_ACTIONS = ("accept", "decline", "withdraw", "intake")


def _responsible(user, referral):
    """'Zuständige Stelle' prefilled: the position the referral was sent to, else the
    position through which the user acts for the receiving organisation."""
    if (
        referral.to_position_id
        and referral.to_position.organisation_id == referral.to_organisation_id
    ):
        return referral.to_position_id
    position = policy.actor_for(user).position_in(referral.to_organisation_id)
    return position.pk if position is not None else None


def _referral_forms(request, referral, data=None, action=None):
    def bind(name):
        return data if name == action else None

    return {
        "accept": AcceptForm(bind("accept"), prefix="accept"),
        "decline": DeclineForm(bind("decline"), prefix="decline"),
        "withdraw": WithdrawForm(bind("withdraw"), prefix="withdraw"),
        "intake": IntakeForm(
            bind("intake"),
            prefix="intake",
            organisation=referral.to_organisation,
            initial={"owner_position": _responsible(request.user, referral)},
        ),
    }


def _referral_service(request, referral, action, data):
    user = request.user
    if action == "accept":
        services.referral_accept(actor=user, referral=referral, **data)
        return _("The referral has been accepted."), None
    if action == "decline":
        services.referral_decline(actor=user, referral=referral, **data)
        return _("The referral has been declined; the referrer sees your reason."), None
    if action == "withdraw":
        services.referral_withdraw(actor=user, referral=referral, **data)
        return _("The referral has been withdrawn."), None
    case = services.referral_intake_done(actor=user, referral=referral, **data)
    return _("The intake is done and the case is open."), case


@require_http_methods(["GET", "POST"])
@requires("referral.read")
def referral_detail(request, pk):
    user = request.user
    referral = selectors.referral_for(user, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and action not in REFERRAL_ACTIONS:
        raise BadRequest("unknown action")
    forms = _referral_forms(request, referral, request.POST, action)
    if action:
        form = forms[action]
        if form.is_valid():
            try:
                message, case = _referral_service(request, referral, action, form.service_data())
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, message)
                if case is not None:
                    return redirect("cases:case_detail", pk=case.pk)
                return redirect("cases:referral_detail", pk=referral.pk)
    orgs = own_organisations(user)
    receiving = referral.to_organisation_id in orgs
    sending = referral.from_position.organisation_id in orgs
    allowed = REFERRAL_TRANSITIONS[referral.state]
    context = {
        "referral": referral,
        "forms": forms,
        "action": action,
        "can_accept": receiving and ReferralState.ACCEPTED in allowed,
        "can_decline": receiving and ReferralState.DECLINED in allowed,
        "can_intake": receiving and ReferralState.INTAKE_DONE in allowed,
        "can_withdraw": sending and ReferralState.WITHDRAWN in allowed,
        "case_visible": referral.case_id is not None
        and selectors.cases_for(user).filter(pk=referral.case_id).exists(),
        # The receiving side reads the person's record under the consent, before accepting.
        "can_read_person": policy.can(user, "participant.read", referral.participant),
    }
    return render(request, "cases/referral_detail.html", context)
