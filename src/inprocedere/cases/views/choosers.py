"""The choosers' search: the organisations or positions a referral, handover or case team
may name that match what was typed, as the options htmx swaps into the select."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from inprocedere.core.forms import plausible_id
from inprocedere.privacy import policy
from inprocedere.privacy.decorators import requires

from .. import choosers, selectors

MAX_TEXT = 100  # longer input is no name anybody types; the rest is ignored


def _receivers(request, purpose):
    if purpose == "referral":
        if not policy.can(request.user, "referral.create"):
            raise Http404
        return choosers.scope("referral", own_positions=policy.actor_for(request.user).positions)
    # The case's receivers only for who may read it (404 otherwise, as its page).
    case = selectors.case_for(request.user, request.GET.get("case"))
    return choosers.scope(purpose, case=case)


def _options(choices) -> list[dict]:
    """Choices as the template's rows: options, groups of options, the disabled hint."""
    rows = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            rows.append({"group": value, "options": [{"value": v, "label": t} for v, t in label]})
        else:
            rows.append({"value": value, "label": label, "disabled": value == choosers.MORE})
    return rows


@require_safe
@requires("case.read")
def choose(request, kind):
    purpose = request.GET.get("purpose", "")
    if kind not in ("positions", "organisations") or purpose not in choosers.PURPOSES:
        raise Http404
    receivers = _receivers(request, purpose)
    text = request.GET.get("q", "")[:MAX_TEXT]
    if kind == "organisations":
        found = choosers.matching_organisations(receivers.organisations, text)
        empty = choosers.organisation_empty_label(purpose)
        choices = choosers.organisation_choices(found, empty)
    else:
        organisation = request.GET.get(request.GET.get("organisation_field", ""), "")
        if not plausible_id(organisation):
            organisation = None  # no organisation chosen (or none a row can have)
        found = choosers.matching_positions(receivers.positions, text, organisation=organisation)
        choices = choosers.position_choices(found, choosers.position_empty_label(purpose))
    return render(request, "cases/_choices.html", {"rows": _options(choices)})
