"""When does the duty to keep a person's records end, and who is due for erasure?

The rule of a funding period (a `RetentionRule`, or the default from the settings for
its programming period) says: keep for N years from 31 December of the year of a
reference date (the last payment, or the programme's closure). The duty ends on
31 December of (reference year + N); the records may go from the next day on.

Cases without a funding period are kept for `INPROCEDERE_RETENTION_UNFUNDED_YEARS` from
31 December of the year they were closed (the exit date); a person without any case for
as long from the year of their registration; a referral that led to no case from the
year of its last step. A duty whose reference date is not yet known (no last payment
recorded) has not ended.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inprocedere.privacy.categories import ALL_CATEGORIES

from .models import Erasure, RetentionRule, RetentionStart


@dataclass(frozen=True)
class Rule:
    """A retention rule as used in the computation (from the database or the defaults)."""

    years: int
    starts_from: str
    reference_date: dt.date | None
    pseudonymise_after_exit: bool = True
    source: str = ""
    is_default: bool = False


def year_end_plus(day: dt.date, years: int) -> dt.date:
    """31 December of the year of `day`, `years` later."""
    return dt.date(day.year + years, 12, 31)


def default_rule_for(funding_period) -> Rule:
    """The settings' default for the programming period the funding period starts in."""
    chosen = None
    for entry in sorted(settings.INPROCEDERE_RETENTION_DEFAULTS, key=lambda e: e["from"]):
        if dt.date.fromisoformat(entry["from"]) <= funding_period.starts_on:
            chosen = entry
    chosen = chosen or settings.INPROCEDERE_RETENTION_DEFAULTS[0]
    return Rule(
        years=int(chosen["years"]),
        starts_from=chosen.get("starts_from", RetentionStart.LAST_PAYMENT),
        reference_date=None,
        pseudonymise_after_exit=bool(chosen.get("pseudonymise_after_exit", True)),
        source=chosen.get("source", ""),
        is_default=True,
    )


def rule_for(funding_period, rules: dict | None = None) -> Rule:
    rules = rules if rules is not None else stored_rules()
    stored = rules.get(funding_period.pk)
    if stored is None:
        return default_rule_for(funding_period)
    return Rule(
        years=stored.years,
        starts_from=stored.starts_from,
        reference_date=stored.reference_date,
        pseudonymise_after_exit=stored.pseudonymise_after_exit,
        source=stored.source,
    )


def stored_rules() -> dict:
    """{funding period id: RetentionRule} of every rule recorded in the database (the
    others fall back to the settings' default, see `rule_for`)."""
    return {rule.funding_period_id: rule for rule in RetentionRule.objects.all()}


@dataclass
class Duty:
    """One reason to keep the records: a case under a rule, or the unfunded default."""

    label: str
    ends_on: dt.date | None  # None: not yet known
    pseudonymise_after_exit: bool = True


@dataclass
class Retention:
    """The retention state of one person on a day."""

    participant_id: int
    on: dt.date
    duties: list[Duty] = field(default_factory=list)
    open_cases: int = 0
    closed_with_exit: bool = False
    erased: bool = False
    pseudonymised: bool = False

    @property
    def ends_on(self) -> dt.date | None:
        """The last day of the longest duty; None while any end is unknown."""
        if any(duty.ends_on is None for duty in self.duties):
            return None
        return max((duty.ends_on for duty in self.duties), default=None)

    @property
    def end_known(self) -> bool:
        return all(duty.ends_on is not None for duty in self.duties)

    @property
    def running(self) -> bool:
        """Does a duty still run on `on` (or is a case still open)?"""
        if self.open_cases:
            return True
        ends = self.ends_on
        return ends is None or ends >= self.on

    @property
    def due(self) -> bool:
        return not self.erased and not self.running

    @property
    def may_pseudonymise(self) -> bool:
        """Every case closed with an exit and every rule allowing it: identity may go
        early while the ESF data stay for the rest of the duty."""
        return (
            not self.erased
            and not self.pseudonymised
            and not self.open_cases
            and self.closed_with_exit
            and all(duty.pseudonymise_after_exit for duty in self.duties)
        )

    def refusal(self) -> str:
        """Why erasure is refused today (translated), or '' when it may go ahead."""
        if self.erased:
            return _("The data of this person have already been erased.")
        if self.open_cases:
            return _("A case of this person is still open; close it first.")
        ends = self.ends_on
        if ends is None:
            return _(
                "A retention duty runs whose end is not yet known (the last payment of "
                "the funding period has not been recorded)."
            )
        if ends >= self.on:
            return _("A retention duty runs until %(date)s; erasure is possible from %(next)s.") % {
                "date": date_format(ends, "SHORT_DATE_FORMAT"),
                "next": date_format(ends + dt.timedelta(days=1), "SHORT_DATE_FORMAT"),
            }
        return ""


def _local_date(value):
    return timezone.localtime(value).date() if value is not None else None


def retention_for(participant_ids, on: dt.date | None = None) -> dict[int, Retention]:
    """{participant id: Retention} on `on` (default today), in five queries."""
    from inprocedere.cases.models import Case, Referral
    from inprocedere.cases.workflows import CaseStatus
    from inprocedere.participants.models import Participant

    on = on or timezone.localdate()
    ids = sorted({int(pk) for pk in participant_ids})
    rules = stored_rules()
    unfunded_years = settings.INPROCEDERE_RETENTION_UNFUNDED_YEARS
    result = {pk: Retention(pk, on) for pk in ids}
    registered = dict(Participant.unrestricted.filter(pk__in=ids).values_list("pk", "created_at"))
    # Referrals that led to a case are kept with it; the others on their own.
    referred = dict(
        Referral.unrestricted.filter(participant_id__in=ids, case__isnull=True)
        .order_by()
        .values("participant_id")
        .annotate(last=Max("updated_at"))
        .values_list("participant_id", "last")
    )
    cases = (
        Case.unrestricted.filter(participant_id__in=ids)
        .select_related("funding_period", "exit")
        .order_by("pk")
    )
    by_person: dict[int, list] = {}
    for case in cases:
        by_person.setdefault(case.participant_id, []).append(case)
    for pk in ids:
        state = result[pk]
        person_cases = by_person.get(pk, [])
        state.open_cases = sum(1 for c in person_cases if c.status != CaseStatus.CLOSED)
        state.closed_with_exit = bool(person_cases) and all(
            hasattr(c, "exit") for c in person_cases
        )
        state.duties.extend(_case_duty(case, rules, unfunded_years) for case in person_cases)
        # Without a case, the registration itself is what is kept.
        registration = None if person_cases else _local_date(registered.get(pk))
        last = max(
            (d for d in (registration, _local_date(referred.get(pk))) if d),
            default=None,
        )
        if last is not None:
            state.duties.append(
                Duty(_("Registration and referrals"), year_end_plus(last, unfunded_years))
            )
    _mark_erasures(result)
    return result


def _case_duty(case, rules: dict, unfunded_years: int) -> Duty:
    """The duty one case brings: its funding period's rule, or the unfunded default
    counted from its exit (or, without an exit, its last change)."""
    if case.funding_period is not None:
        rule = rule_for(case.funding_period, rules)
        ends = year_end_plus(rule.reference_date, rule.years) if rule.reference_date else None
        return Duty(str(case.funding_period), ends, rule.pseudonymise_after_exit)
    closed = case.exit.exit_date if hasattr(case, "exit") else _local_date(case.updated_at)
    return Duty(_("Case without funding period"), year_end_plus(closed, unfunded_years))


def _mark_erasures(result: dict[int, Retention]) -> None:
    """Set `erased` and `pseudonymised` on the states from the recorded erasures."""
    shredded: dict[int, set] = {}
    for erasure in Erasure.objects.filter(participant_id__in=list(result)).values(
        "participant_id", "kind", "categories"
    ):
        state = result[erasure["participant_id"]]
        if erasure["kind"] == Erasure.Kind.ERASED:
            shredded.setdefault(state.participant_id, set()).update(erasure["categories"])
        else:
            state.pseudonymised = True
    for pk, categories in shredded.items():
        # Erased once every category has been shredded (at once or one by one).
        result[pk].erased = categories >= ALL_CATEGORIES


def retention_of(participant, on=None) -> Retention:
    return retention_for([participant.pk], on)[participant.pk]


def due(on: dt.date | None = None) -> list[Retention]:
    """Everyone whose every case is closed and whose retention duty has ended on `on`.

    The database finds the candidates in one statement (`candidate_ids`: nobody an open
    case, a running rule or a recent registration or referral keeps); each is then
    confirmed by `retention_for`, the rule's one reading, five queries per 500 people.
    """
    on = on or timezone.localdate()
    erased = _erased_ids()
    ids = [pk for pk in candidate_ids(on) if pk not in erased]
    found = []
    for start in range(0, len(ids), 500):
        batch = retention_for(ids[start : start + 500], on)
        found.extend(state for state in batch.values() if state.due)
    return found


def _ended_periods(on: dt.date) -> list[int]:
    """The funding periods whose retention duty has ended on `on` (a known end only)."""
    from inprocedere.network.models import FundingPeriod

    rules = stored_rules()
    ended = []
    for period in FundingPeriod.objects.all():
        rule = rule_for(period, rules)
        if rule.reference_date and year_end_plus(rule.reference_date, rule.years) < on:
            ended.append(period.pk)
    return ended


def candidate_ids(on: dt.date) -> list[int]:
    """Ids of the people nothing keeps on `on`, in one statement of anti-joins: no case
    open, under a funding period whose duty runs or unfunded and closed too recently, no
    referral without a case too recent, and — without any case — registered long enough
    ago. A superset of `due` (the erased and the rule's finer points are checked after)."""
    from django.db.models import Exists, OuterRef, Q

    from inprocedere.cases.models import Case, Referral
    from inprocedere.cases.workflows import CaseStatus
    from inprocedere.participants.models import Participant

    # An unfunded duty from day D ends on 31 December of D's year plus N: on `on` it
    # still runs exactly when D lies on or after 1 January of (on's year - N).
    since = dt.date(on.year - settings.INPROCEDERE_RETENTION_UNFUNDED_YEARS, 1, 1)
    since_moment = timezone.make_aware(dt.datetime.combine(since, dt.time()))
    keeping = Case.unrestricted.filter(participant_id=OuterRef("pk")).filter(
        ~Q(status=CaseStatus.CLOSED)
        | (Q(funding_period__isnull=False) & ~Q(funding_period_id__in=_ended_periods(on)))
        | (
            Q(funding_period__isnull=True)
            & (Q(exit__exit_date__gte=since) | Q(exit__isnull=True, updated_at__gte=since_moment))
        )
    )
    referred = Referral.unrestricted.filter(
        participant_id=OuterRef("pk"), case__isnull=True, updated_at__gte=since_moment
    )
    any_case = Case.unrestricted.filter(participant_id=OuterRef("pk"))
    return list(
        Participant.unrestricted.filter(~Exists(keeping), ~Exists(referred))
        .exclude(Q(created_at__gte=since_moment) & ~Exists(any_case))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _erased_ids() -> set[int]:
    """People whose every category has been shredded (at once or one by one)."""
    shredded: dict[int, set] = {}
    for pk, categories in Erasure.objects.filter(kind=Erasure.Kind.ERASED).values_list(
        "participant_id", "categories"
    ):
        shredded.setdefault(pk, set()).update(categories)
    return {pk for pk, categories in shredded.items() if categories >= ALL_CATEGORIES}
