"""Reads for the data-protection officer: finding a person, their access log.

The DPO works on the basis `role:dpo` (POLICY.md) for the whole installation: to answer
a request they must find the person by name or identifier and see who accessed what.
Every result they see is itself written to the access log (purpose `data_protection`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from inprocedere.network.text import search_terms
from inprocedere.privacy import access_log, policy
from inprocedere.privacy.models import AccessLogEntry

PURPOSE = "data_protection"
BASIS = "role:dpo"
MAX_RESULTS = 50


def _participant_model():
    from inprocedere.participants.models import Participant

    return Participant


def log_dpo_read(user, participant_ids, *, categories=("identity",)) -> None:
    ids = list(participant_ids)
    if ids:
        access_log.record(
            user,
            ids,
            categories=categories,
            purpose=PURPOSE,
            basis=BASIS,
            organisation=policy.acting_organisation(user),
        )


def find_participants(user, text: str):
    """Participants matching `text`: a participant number, an external identifier
    (exact), or words of the name (aliases too). At most MAX_RESULTS; logged."""
    from inprocedere.participants.models import ExternalIdentifier

    policy.require(user, "rights.find_participant")
    Participant = _participant_model()
    text = (text or "").strip()
    if not text:
        return []
    ids: list[int] = []
    number = text.lstrip("#")
    if number.isdigit() and len(number) < 19:
        ids += list(Participant.unrestricted.filter(pk=int(number)).values_list("pk", flat=True))
    ids += list(
        ExternalIdentifier.objects.filter(value__iexact=text).values_list(
            "participant_id", flat=True
        )
    )
    terms = search_terms(text)[:8]
    if terms:
        by_name = Participant.unrestricted.all()
        for term in terms:
            by_name = by_name.filter(search_text__contains=term)
        ids += list(by_name.values_list("pk", flat=True)[:MAX_RESULTS])
    ids = list(dict.fromkeys(ids))[:MAX_RESULTS]
    found = list(
        Participant.unrestricted.filter(pk__in=ids)
        .select_related("registered_by")
        .order_by("family_name", "given_names", "pk")
    )
    log_dpo_read(user, [p.pk for p in found])
    return found


def participant_for_dpo(user, pk, *, log=True):
    """One participant for the DPO's pages (404 if there is none); the read is logged."""
    policy.require(user, "rights.access_log")
    Participant = _participant_model()
    try:
        participant = Participant.unrestricted.select_related("registered_by").get(pk=pk)
    except (Participant.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    if log:
        log_dpo_read(user, [participant.pk])
    return participant


@dataclass
class LogFilter:
    date_from: object = None
    date_to: object = None
    user: str = ""
    action: str = ""


def access_log_for(user, participant, filters: LogFilter | None = None):
    """The participant's access-log entries, newest first, filtered."""
    policy.require(user, "rights.access_log")
    filters = filters or LogFilter()
    entries = AccessLogEntry.objects.for_participant(participant.pk)
    if filters.date_from:
        entries = entries.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(at__date__lte=filters.date_to)
    if filters.user:
        entries = entries.filter(user_label__icontains=filters.user)
    if filters.action:
        entries = entries.filter(action=filters.action)
    return entries.select_related("organisation").newest_first()


def retention_overview(user) -> dict:
    """The retention page: who is due for erasure (logged as the DPO's read), the latest
    erasure run and the rule that applies to each funding period."""
    from inprocedere.network.models import FundingPeriod

    from . import retention
    from .models import ErasureRun

    due = retention.due()
    people = {
        p.pk: p
        for p in _participant_model()
        .unrestricted.filter(pk__in=[state.participant_id for state in due])
        .only("pk", "family_name", "given_names")
    }
    log_dpo_read(user, list(people))
    rules = retention.stored_rules()
    return {
        "rows": [(people.get(state.participant_id), state) for state in due],
        # The latest erasure run (its progress while active, its result after).
        "run": ErasureRun.objects.first(),
        "periods": [
            (period, retention.rule_for(period, rules))
            for period in FundingPeriod.objects.order_by("starts_on")
        ],
    }


def recent_erasures(limit: int = 10):
    """The latest erasures and pseudonymisations, for the DPO's start page."""
    from .models import Erasure

    return Erasure.objects.select_related("performed_by")[:limit]


def erasures_of(participant):
    """What has been erased or pseudonymised of one person so far."""
    from .models import Erasure

    return Erasure.objects.filter(participant_id=participant.pk)
