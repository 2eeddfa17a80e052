"""Retention: when the duty ends (rules, defaults, boundaries), who is due, the command
and the daily task."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from inprocedere.cases.models import Case, Exit
from inprocedere.network.models import FundingPeriod
from inprocedere.participants.models import Participant
from inprocedere.rights import retention
from inprocedere.rights.models import Erasure

from .conftest import make_subject

pytestmark = pytest.mark.django_db


def test_year_end_plus():
    assert retention.year_end_plus(dt.date(2013, 6, 30), 5) == dt.date(2018, 12, 31)
    assert retention.year_end_plus(dt.date(2013, 12, 31), 5) == dt.date(2018, 12, 31)
    assert retention.year_end_plus(dt.date(2014, 1, 1), 5) == dt.date(2019, 12, 31)


@pytest.mark.parametrize(
    ("on", "due"),
    [
        (dt.date(2018, 12, 30), False),
        (dt.date(2018, 12, 31), False),  # the last day of the duty
        (dt.date(2019, 1, 1), True),  # the first day after it
        (dt.date(2030, 1, 1), True),
    ],
)
def test_the_duty_ends_on_31_december_of_the_last_payment_year_plus_five(subject, on, due):
    state = retention.retention_of(subject, on)
    assert state.ends_on == dt.date(2018, 12, 31)
    assert state.due is due
    assert (state.refusal() == "") is due
    assert (subject.pk in {s.participant_id for s in retention.due(on)}) is due


def test_without_a_last_payment_the_end_is_unknown(subject, rule):
    rule.last_payment_on = None
    rule.save()
    state = retention.retention_of(subject, dt.date(2040, 1, 1))
    assert state.ends_on is None
    assert not state.due
    assert "not yet known" in state.refusal() or state.refusal()


def test_a_period_without_a_rule_takes_the_settings_default(carrier, settings):
    """No rule row: the default for the period's start; its reference date is unknown
    until a rule records it, so the duty has not ended."""
    person = make_subject(carrier)
    rule = retention.rule_for(carrier.test_period)
    assert rule.is_default and rule.years == 3 and rule.starts_from == "closure"
    later = FundingPeriod(starts_on=dt.date(2022, 1, 1), ends_on=dt.date(2027, 12, 31))
    assert retention.default_rule_for(later).years == 5
    assert not retention.retention_of(person, dt.date(2050, 1, 1)).due


def test_closure_rules_count_from_the_closure(carrier, rule):
    rule.starts_from = "closure"
    rule.closure_on = dt.date(2016, 3, 1)
    rule.years = 3
    rule.save()
    person = make_subject(carrier)
    assert retention.retention_of(person).ends_on == dt.date(2019, 12, 31)


def test_a_case_without_funding_period_counts_from_its_exit(carrier, rule, settings):
    settings.INPROCEDERE_RETENTION_UNFUNDED_YEARS = 3
    person = make_subject(carrier)
    Case.unrestricted.filter(participant=person).update(funding_period=None)
    exit_date = Exit.objects.get(case__participant=person).exit_date
    assert retention.retention_of(person).ends_on == dt.date(exit_date.year + 3, 12, 31)


def test_an_open_case_keeps_everything(carrier, rule):
    person = make_subject(carrier, closed=False)
    state = retention.retention_of(person, dt.date(2040, 1, 1))
    assert state.open_cases == 1
    assert not state.due
    assert person.pk not in {s.participant_id for s in retention.due(dt.date(2040, 1, 1))}


def test_a_person_without_a_case_counts_from_registration(carrier, settings):
    settings.INPROCEDERE_RETENTION_UNFUNDED_YEARS = 3
    person = Participant.unrestricted.create(
        family_name="Nocase", given_names="Nina", registered_by=carrier
    )
    year = person.created_at.year
    state = retention.retention_of(person, dt.date(year + 3, 12, 31))
    assert state.ends_on == dt.date(year + 3, 12, 31)
    assert not state.due
    assert retention.retention_of(person, dt.date(year + 4, 1, 1)).due


def test_erased_people_are_no_longer_due(subject, user_for):
    Erasure.objects.create(
        participant_id=subject.pk,
        kind="erased",
        categories=sorted(retention.ALL_CATEGORIES),
        performed_by=user_for("dpo"),
    )
    assert subject.pk not in {s.participant_id for s in retention.due(dt.date(2030, 1, 1))}


def test_pseudonymisation_needs_every_case_closed_with_an_exit(carrier, rule):
    closed = make_subject(carrier)
    open_ = make_subject(carrier, closed=False, family_name="Stillopen")
    assert retention.retention_of(closed).may_pseudonymise
    assert not retention.retention_of(open_).may_pseudonymise
    rule.pseudonymise_after_exit = False
    rule.save()
    assert not retention.retention_of(closed).may_pseudonymise


def test_due_takes_a_constant_number_of_queries(carrier, rule, django_assert_max_num_queries):
    for n in range(5):
        make_subject(carrier, family_name=f"Many{n}")
    with django_assert_max_num_queries(12):
        found = retention.due(dt.date(2030, 1, 1))
    assert len([s for s in found if s.ends_on == dt.date(2018, 12, 31)]) >= 5


def test_the_command_lists_ids_and_dates_as_json(subject):
    out = StringIO()
    call_command("retention", "due", "--on", "2019-01-01", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    row = next(r for r in rows if r["participant_id"] == subject.pk)
    assert row == {
        "participant_id": subject.pk,
        "retention_ended_on": "2018-12-31",
        "pseudonymised": False,
    }
    assert "Quendelbrook" not in out.getvalue()
    text = StringIO()
    call_command("retention", "due", "--on", "2018-12-31", stdout=text)
    assert f"{subject.pk}\t" not in text.getvalue()


@pytest.mark.parametrize(
    "args", [["--on", "2019-13-01"], ["--format", "xml"], ["--on", "yesterday"]]
)
def test_the_command_refuses_bad_options(args):
    with pytest.raises(CommandError):
        call_command("retention", "due", *args, stdout=StringIO())


def test_the_daily_task_tells_the_dpo(subject, user_for):
    from inprocedere.inbox.models import InboxItem
    from inprocedere.rights.tasks import notify_due, retention_due_daily

    assert notify_due(dt.date(2019, 1, 1)) >= 1
    items = InboxItem.objects.filter(kind="rights.retention_due")
    assert items.exists()
    assert "Quendelbrook" not in items.first().title
    notify_due(dt.date(2019, 1, 1))
    assert InboxItem.objects.filter(kind="rights.retention_due").count() == items.count()
    assert retention_due_daily.call_local() >= 1  # registered as a Huey periodic task


def test_the_database_finds_the_same_people_as_the_rule(carrier, rule, settings):
    """`candidate_ids` (one statement) against `retention_for` (the rule, person by
    person) over every kind of person: nobody due is missed, and nobody the database
    lets through is kept by anything but the finer points `due` checks after."""
    from django.utils import timezone

    from inprocedere.cases.models import Referral

    settings.INPROCEDERE_RETENTION_UNFUNDED_YEARS = 3
    people = [
        make_subject(carrier, family_name="Funded"),
        make_subject(carrier, closed=False, family_name="Open"),
    ]
    unfunded_old = make_subject(carrier, family_name="UnfundedOld")
    Case.unrestricted.filter(participant=unfunded_old).update(funding_period=None)
    unfunded_recent = make_subject(carrier, family_name="UnfundedRecent")
    Case.unrestricted.filter(participant=unfunded_recent).update(funding_period=None)
    Exit.objects.filter(case__participant=unfunded_recent).update(exit_date=dt.date(2027, 3, 1))
    no_case = Participant.unrestricted.create(
        family_name="Nocase", given_names="Nina", registered_by=carrier
    )
    referred = make_subject(carrier, family_name="Referred")
    Referral.unrestricted.create(
        participant=referred,
        from_position=carrier.test_position,
        to_organisation=carrier,
        reason="x",
    )
    people += [unfunded_old, unfunded_recent, no_case, referred]
    ids = [p.pk for p in people]
    this_year = timezone.localdate().year
    for on in (dt.date(2018, 12, 31), dt.date(2019, 1, 1), dt.date(this_year + 4, 1, 1)):
        states = retention.retention_for(ids, on)
        expected = {pk for pk, state in states.items() if state.due}
        candidates = set(retention.candidate_ids(on)) & set(ids)
        assert expected <= candidates, on
        assert expected == {s.participant_id for s in retention.due(on)} & set(ids), on
    on = dt.date(2019, 1, 1)
    assert set(retention.candidate_ids(on)) & set(ids) == {people[0].pk, unfunded_old.pk}
