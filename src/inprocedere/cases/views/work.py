"""My work and the lists of referrals and cases."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_safe

from inprocedere.core.pagination import BoundedPaginator
from inprocedere.network.models import Organisation
from inprocedere.privacy import policy
from inprocedere.privacy.decorators import requires

from .. import selectors
from ..workflows import (
    CaseStatus,
    ReferralState,
)
from ._common import PAGE_SIZE, list_page


@require_safe
@requires("case.read")
def my_work(request):
    work = selectors.my_work(request.user)
    policy.disclose_rows(request.user, [*work.waiting, *work.sent, *work.cases, *work.follow_ups])
    context = {
        "work": work,
        "overdue_days": selectors.overdue_days(),
    }
    return render(request, "cases/my_work.html", context)


@require_safe
@requires("referral.read")
def referral_list(request):
    box = request.GET.get("box", "")
    box = box if box in ("in", "out") else ""
    state = request.GET.get("state", "")
    state = state if state in ReferralState.values else ""
    context = {
        "page": list_page(request, selectors.referrals_for(request.user, box=box, state=state)),
        "box": box,
        "state": state,
        "states": ReferralState.choices,
        "overdue_days": selectors.overdue_days(),
    }
    return render(request, "cases/referral_list.html", context)


@require_safe
@requires("case.read")
def case_list(request):
    status = request.GET.get("status", "open")
    status = status if status in (*CaseStatus.values, "open", "all") else "open"
    cases = selectors.cases_for(request.user, status="" if status == "all" else status)
    context = {"page": list_page(request, cases), "status": status, "statuses": CaseStatus.choices}
    return render(request, "cases/case_list.html", context)


@require_safe
@requires("case.overview")
def case_overview(request):
    """The coordinator's view of the network's case work: pseudonyms, never persons."""
    status = request.GET.get("status", "open")
    status = status if status in (*CaseStatus.values, "open", "all") else "open"
    organisation = request.GET.get("organisation", "")
    cases = selectors.case_overview(
        request.user, status="" if status == "all" else status, organisation=organisation
    )
    page = BoundedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    pseudonyms = policy.disclose_pseudonymised(
        request.user, [case.participant_id for case in page.object_list]
    )
    for case in page.object_list:
        case.pseudonym = pseudonyms[case.participant_id]
    context = {
        "page": page,
        "status": status,
        "statuses": CaseStatus.choices,
        "organisation": organisation,
        "organisations": Organisation.objects.filter(cases__isnull=False)
        .distinct()
        .order_by("name"),
    }
    return render(request, "cases/case_overview.html", context)
