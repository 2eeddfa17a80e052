"""The person's summary, always in view beside the case, the referral and the person's
own page (issue 15, item 3): name, residence status and its end, benefit system, consent
state, case team, and the link to the record.

Loaded by htmx as a fragment of its own, so the pages it sits on keep their query budget;
without JavaScript the page shows the link to the record instead.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from inprocedere.participants import selectors as participant_selectors
from inprocedere.privacy import policy
from inprocedere.privacy import selectors as privacy_selectors
from inprocedere.privacy.decorators import requires

from . import selectors
from .models import FollowUp, Goal


def _current_benefit(participant, today):
    for period in participant.benefit_periods.all():
        if period.valid_from <= today and (
            period.valid_until is None or period.valid_until >= today
        ):
            return period
    return None


def _open_cases_and_dues(user, participant, today):
    """On the person's own page (no case given): the cases still open that the user may
    read, and what falls due next in them: open goals with a date, follow-ups not done
    (also of closed cases), soonest first."""
    cases = selectors.cases_for(user).filter(participant=participant)
    open_cases = list(
        cases.exclude(status="closed")
        .select_related("owner_position__organisation")
        .order_by("-pk")[:3]
    )
    dues = [
        {"what": _("Goal: %(text)s") % {"text": goal.text}, "on": goal.due_on, "case": goal.case_id}
        for goal in Goal.objects.filter(case__in=cases, status=Goal.Status.OPEN)
        .exclude(due_on=None)
        .order_by("due_on")[:3]
    ]
    dues += [
        {"what": _("Follow-up"), "on": follow_up.due_on, "case": follow_up.case_id}
        for follow_up in FollowUp.objects.filter(case__in=cases, done_on=None).order_by("due_on")[
            :3
        ]
    ]
    dues.sort(key=lambda due: due["on"])
    for due in dues:
        due["overdue"] = due["on"] < today
    return open_cases, dues[:3]


@require_safe
@requires("participant.read")
def person_summary(request, pk):
    user = request.user
    participant = participant_selectors.participant_for(user, pk)
    today = timezone.localdate()
    disclosure = participant.disclosure
    consents = list(privacy_selectors.consents_for(user, participant))
    valid = [consent for consent in consents if consent.is_valid_on(today)]
    team, open_cases, dues = [], None, None
    case_pk = request.GET.get("case", "")
    if case_pk.isdigit():
        case = selectors.cases_for(user).filter(pk=case_pk, participant=participant).first()
        team = selectors.team_of(case) if case is not None else []
    else:  # cases_for is the policy's scope: none for whom reads no case
        open_cases, dues = _open_cases_and_dues(user, participant, today)
    context = {
        "participant": participant,
        "facts": participant_selectors.facts_for(participant, today)
        if disclosure.shows("residence")
        else None,
        "benefit": _current_benefit(participant, today) if disclosure.shows("benefits") else None,
        "shows_benefits": disclosure.shows("benefits"),
        "valid_consents": valid,
        # Who may receive the person's data under them, each organisation once.
        "consent_organisations": sorted(
            {org.display_short for consent in valid for org in consent.recipients.all()}
        ),
        "consents_known": policy.can(user, "consent.read", participant),
        "team": team,
        "open_cases": open_cases,
        "dues": dues,
        "can_open_record": policy.can(user, "participant.read", participant),
        "on_record": request.GET.get("on") == "record",  # on the person's own page
    }
    return render(request, "cases/_person_summary.html", context)
