"""The ESF counting rules on plain facts (issue 6 §1), through both engines.

Each test runs twice: on the Python reference (`esf_reference.compute`, the rules as they
ran before issue 12) and on the SQL the application uses (`reporting.esf_sql`), the facts
written to the database first (`esf_engines.sql_report`). Same facts, same figures.
"""

import datetime as dt

import pytest

from inprocedere.core.partial_dates import PartialDate
from inprocedere.reporting.esf import CODES, REASONS

from .esf_engines import sql_report
from .esf_reference import (
    CaseFacts,
    ConsentFacts,
    EnrolmentFacts,
    ExitFacts,
    FollowUpFacts,
    PersonFacts,
    PlacementFacts,
    compute,
)

pytestmark = pytest.mark.django_db
FROM, TO = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
ENTRY = dt.date(2024, 3, 15)


def person(pid=1, **fields):
    base = {
        "gender": "woman",
        "birth_date": PartialDate(1990, 5, 17),
        "citizenships": ("SY",),
        "esf_consents": (ConsentFacts(ENTRY),),
    }
    return PersonFacts(pid, **{**base, **fields})


def case(cid=1, pid=1, **fields):
    base = {
        "opened_on": fields.get("entry_date", ENTRY) or ENTRY,
        "entry_date": ENTRY,
        "employment_status": "unemployed",
        "isced": 2,
        "minutes": 8 * 60,
    }
    return CaseFacts(cid, pid, **{**base, **fields})


ENGINE = {}


@pytest.fixture(autouse=True, params=["python", "sql"])
def engine(request):
    """Which engine `report` runs: the Python reference, or the SQL on a test carrier."""
    ENGINE.clear()
    if request.param == "sql":
        ENGINE["carrier"] = request.getfixturevalue("carrier")
    yield request.param
    ENGINE.clear()


def report(people, cases, **kwargs):
    people = {p.participant_id: p for p in people}
    if "carrier" in ENGINE:
        return sql_report(
            people, cases, carrier=ENGINE["carrier"], date_from=FROM, date_to=TO, **kwargs
        )
    return compute(people, cases, date_from=FROM, date_to=TO, **kwargs)


def codes_of(rep, pid=1):
    return {code for code in CODES if pid in rep.ids_for(code)}


def reason_of(rep, pid=1):
    return next((r for r in REASONS if pid in rep.ids_for(r)), None)


# --- who counts -----------------------------------------------------------------------


def test_a_complete_participant_counts_in_eeco01():
    rep = report([person()], [case()])
    assert rep.indicators["EECO01"].as_counts() == {
        "total": 1,
        "woman": 1,
        "man": 0,
        "non_binary": 0,
    }
    assert reason_of(rep) is None


def test_without_esf_consent_not_counted():
    rep = report([person(esf_consents=())], [case()])
    assert reason_of(rep) == "no_esf_consent"
    assert rep.indicators["EECO01"].total == 0


@pytest.mark.parametrize(
    ("consent", "counts"),
    [
        (ConsentFacts(ENTRY), True),
        (ConsentFacts(ENTRY + dt.timedelta(days=1)), False),  # signed after entry
        (ConsentFacts(dt.date(2023, 1, 1), valid_until=ENTRY), True),
        (ConsentFacts(dt.date(2023, 1, 1), valid_until=ENTRY - dt.timedelta(days=1)), False),
        (ConsentFacts(dt.date(2023, 1, 1), withdrawn_on=ENTRY), False),
        (ConsentFacts(dt.date(2023, 1, 1), withdrawn_on=ENTRY + dt.timedelta(days=1)), True),
    ],
)
def test_the_consent_must_be_valid_on_the_entry_date(consent, counts):
    rep = report([person(esf_consents=(consent,))], [case()])
    assert (reason_of(rep) is None) is counts


@pytest.mark.parametrize(
    ("person_fields", "case_fields"),
    [
        ({"gender": "not_stated"}, {}),
        ({"birth_date": None}, {}),
        ({"citizenships": ()}, {}),
        ({}, {"employment_status": ""}),
        ({}, {"isced": None}),
        ({}, {"entry_date": None}),
    ],
)
def test_an_incomplete_mandatory_set_is_not_counted(person_fields, case_fields):
    rep = report([person(**person_fields)], [case(**case_fields)])
    assert reason_of(rep) == "incomplete_mandatory"


def test_a_birth_year_and_statelessness_complete_the_set():
    rep = report([person(birth_date=PartialDate(1990), citizenships=(), stateless=True)], [case()])
    assert reason_of(rep) is None


def test_isced_zero_is_a_level_not_missing():
    rep = report([person()], [case(isced=0)])
    assert "EECO09" in codes_of(rep)


@pytest.mark.parametrize(("minutes", "counts"), [(8 * 60 - 1, False), (8 * 60, True)])
def test_counselling_hours_threshold(minutes, counts):
    rep = report([person()], [case(minutes=minutes)])
    assert reason_of(rep) == (None if counts else "below_threshold")


def test_the_threshold_is_a_parameter():
    rep = report([person()], [case(minutes=3 * 60)], min_hours=3)
    assert reason_of(rep) is None


def test_hours_add_up_over_the_persons_cases():
    cases = [case(1, minutes=5 * 60), case(2, entry_date=None, minutes=3 * 60)]
    assert reason_of(report([person()], cases)) is None


def test_reasons_come_in_order_consent_first():
    everything_wrong = person(esf_consents=(), gender="not_stated")
    rep = report([everything_wrong], [case(minutes=0)])
    assert reason_of(rep) == "no_esf_consent"
    rep = report([person(gender="not_stated")], [case(minutes=0)])
    assert reason_of(rep) == "incomplete_mandatory"


def test_people_outside_the_range_are_not_listed_at_all():
    rep = report([person(esf_consents=())], [case(entry_date=dt.date(2023, 5, 1))])
    assert all(not ids for ids in rep.not_counted.values())


def test_without_an_entry_date_the_opening_day_places_the_person():
    rep = report([person()], [case(entry_date=None, opened_on=dt.date(2024, 2, 1))])
    assert reason_of(rep) == "no_esf_consent"  # consent (from 15.3.) checked on the opening day
    rep = report([person()], [case(entry_date=None, opened_on=ENTRY)])
    assert reason_of(rep) == "incomplete_mandatory"


# --- once per operation -----------------------------------------------------------------


def test_re_entry_counts_once_with_the_first_entry_data():
    first = case(1, employment_status="long_term_unemployed", isced=2)
    second = case(2, entry_date=dt.date(2024, 9, 1), employment_status="employed", isced=5)
    rep = report([person()], [second, first])
    assert rep.indicators["EECO01"].total == 1
    assert codes_of(rep) == {"EECO01", "EECO02", "EECO03", "EECO09", "EECO13"}


def test_a_first_entry_before_the_range_is_no_output_in_the_range():
    first = case(1, entry_date=dt.date(2023, 6, 1))
    second = case(2, entry_date=dt.date(2024, 6, 1))
    rep = report([person(esf_consents=(ConsentFacts(dt.date(2023, 6, 1)),))], [first, second])
    assert rep.indicators["EECO01"].total == 0


def test_results_use_the_exit_of_the_last_entry():
    first = case(1, exit=ExitFacts(dt.date(2024, 4, 1), "job_searching"))
    second = case(
        2, entry_date=dt.date(2024, 5, 1), exit=ExitFacts(dt.date(2024, 8, 1), "employed")
    )
    rep = report([person()], [first, second])
    assert "EECR04" in codes_of(rep)
    assert "EECR01" not in codes_of(rep)


def test_a_re_entered_person_still_in_the_programme_has_not_left():
    first = case(1, exit=ExitFacts(dt.date(2024, 4, 1), "job_searching"))
    second = case(2, entry_date=dt.date(2024, 5, 1))
    rep = report([person()], [first, second])
    assert not codes_of(rep) & {"EECR01", "EECR02", "EECR04"}


# --- output indicators ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "code"),
    [
        # entry 15.03.2024; a year-only birth date is taken as 1 January
        (PartialDate(2006, 3, 16), "EECO06"),  # 17
        (PartialDate(2006, 3, 15), "EECO07"),  # 18 on the day
        (PartialDate(2006), "EECO07"),  # 1.1.2006: 18
        (PartialDate(2006, 4), "EECO06"),  # 1.4.2006: 17
        (PartialDate(1994, 3, 16), "EECO07"),  # 29
        (PartialDate(1994, 3), None),  # 1.3.1994: 30, in no age group
        (PartialDate(1994), None),  # 1.1.1994: 30
        (PartialDate(1969, 3, 16), None),  # 54
        (PartialDate(1969, 3, 15), "EECO08"),  # 55 on the day
        (PartialDate(1969), "EECO08"),  # 1.1.1969: 55
        (PartialDate(1969, 4), None),  # 1.4.1969: 54
    ],
)
def test_age_groups_on_the_entry_date_with_partial_birth_dates(birth, code):
    codes = codes_of(report([person(birth_date=birth)], [case()]))
    age_codes = codes & {"EECO06", "EECO07", "EECO08"}
    assert age_codes == ({code} if code else set())


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("unemployed", {"EECO02"}),
        ("long_term_unemployed", {"EECO02", "EECO03"}),
        ("inactive", {"EECO04"}),
        ("employed", {"EECO05"}),
        ("self_employed", {"EECO05"}),
    ],
)
def test_employment_status_at_entry(status, expected):
    codes = codes_of(report([person()], [case(employment_status=status)]))
    assert codes & {"EECO02", "EECO03", "EECO04", "EECO05"} == expected


@pytest.mark.parametrize(
    ("isced", "code"),
    [(0, "EECO09"), (2, "EECO09"), (3, "EECO10"), (4, "EECO10"), (5, "EECO11"), (8, "EECO11")],
)
def test_isced_bands(isced, code):
    codes = codes_of(report([person()], [case(isced=isced)]))
    assert codes & {"EECO09", "EECO10", "EECO11"} == {code}


@pytest.mark.parametrize(
    ("citizenships", "stateless", "third_country"),
    [
        (("SY",), False, True),
        (("DE",), False, False),
        (("SY", "DE"), False, False),  # dual EU / third-country citizenship: not a TCN
        (("RO", "MD"), False, False),
        (("AF", "IR"), False, True),
        ((), True, True),  # stateless
        (("GB",), False, True),  # no longer EU
    ],
)
def test_third_country_nationals(citizenships, stateless, third_country):
    p = person(citizenships=citizenships, stateless=stateless)
    assert ("EECO13" in codes_of(report([p], [case()]))) is third_country


@pytest.mark.parametrize(
    ("value", "counted"), [("yes", True), ("no", False), ("declined", False), ("", False)]
)
def test_special_categories_count_only_when_yes(value, counted):
    p = person(disability=value, minority=value, foreign_background=value)
    rep = report([p], [case()])
    codes = codes_of(rep)
    assert ("EECO12" in codes) is counted
    assert ("EECO14" in codes) is counted
    assert ("EECO15" in codes) is counted
    assert reason_of(rep) is None  # "declined" (or unknown) is not missing mandatory data


def test_homeless_and_rural_come_from_the_first_entry():
    rep = report([person()], [case(homeless=True, rural=True)])
    assert {"EECO16", "EECO17"} <= codes_of(rep)


def test_figures_by_gender():
    people = [person(1), person(2, gender="man"), person(3, gender="non_binary")]
    cases = [case(1, 1), case(2, 2), case(3, 3)]
    rep = report(people, cases)
    assert rep.indicators["EECO01"].as_counts() == {
        "total": 3,
        "woman": 1,
        "man": 1,
        "non_binary": 1,
    }
    assert rep.ids_for("EECO01", "man") == [2]
    assert rep.ids_for("EECO01") == [1, 2, 3]


# --- result indicators ------------------------------------------------------------------


def left(status="job_searching", day=dt.date(2024, 6, 30), qualification=False, **fields):
    return case(exit=ExitFacts(day, status, qualification), **fields)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("job_searching", {"EECR01"}),
        ("education_training", {"EECR02"}),
        ("employed", {"EECR04"}),
        ("self_employed", {"EECR04"}),
        ("inactive", set()),
        ("other", set()),
    ],
)
def test_status_upon_leaving(status, expected):
    codes = codes_of(report([person()], [left(status)]))
    assert codes & {"EECR01", "EECR02", "EECR03", "EECR04"} == expected


@pytest.mark.parametrize(
    ("days_after_exit", "expected"),
    [(0, "EECR04"), (28, "EECR04"), (29, "EECR01"), (-1, "EECR01")],
)
def test_a_placement_within_28_days_after_exit_supersedes_the_exit_status(
    days_after_exit, expected
):
    exit_day = dt.date(2024, 6, 30)
    placement = PlacementFacts("employment", exit_day + dt.timedelta(days=days_after_exit))
    codes = codes_of(report([person()], [left(placements=(placement,))]))
    assert codes & {"EECR01", "EECR02", "EECR04"} == {expected}


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("employment", "EECR04"),
        ("marginal", "EECR04"),
        ("self_employment", "EECR04"),
        ("vocational_training", "EECR02"),
        ("school", "EECR02"),
    ],
)
def test_placement_types_upon_leaving(kind, expected):
    placement = PlacementFacts(kind, dt.date(2024, 7, 10))
    codes = codes_of(report([person()], [left(placements=(placement,))]))
    assert codes & {"EECR01", "EECR02", "EECR04"} == {expected}


def test_the_last_placement_within_28_days_counts():
    placements = (
        PlacementFacts("school", dt.date(2024, 7, 1)),
        PlacementFacts("employment", dt.date(2024, 7, 20)),
    )
    codes = codes_of(report([person()], [left(placements=placements)]))
    assert codes & {"EECR01", "EECR02", "EECR04"} == {"EECR04"}


def test_a_qualification_is_independent_of_the_status():
    codes = codes_of(report([person()], [left("employed", qualification=True)]))
    assert {"EECR03", "EECR04"} <= codes


def test_a_completed_enrolment_with_a_qualification_counts_for_eecr03():
    enrolment = EnrolmentFacts(qualification_gained=True, ended_on=dt.date(2024, 6, 1))
    codes = codes_of(report([person()], [left(enrolments=(enrolment,))]))
    assert {"EECR01", "EECR03"} <= codes
    enrolment = EnrolmentFacts(qualification_gained=False, ended_on=dt.date(2024, 6, 1))
    assert "EECR03" not in codes_of(report([person()], [left(enrolments=(enrolment,))]))


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        (FollowUpFacts("employed", True), {"EECR05", "EECR06"}),
        (FollowUpFacts("self_employed", None), {"EECR05"}),
        (FollowUpFacts("job_searching", True), {"EECR06"}),
        (FollowUpFacts("job_searching", False), set()),
        (FollowUpFacts("", None), set()),
        (None, set()),
    ],
)
def test_six_month_follow_up(follow_up, expected):
    codes = codes_of(report([person()], [left(follow_up=follow_up)]))
    assert codes & {"EECR05", "EECR06"} == expected


def test_results_count_by_exit_date_in_the_range_outputs_by_entry_date():
    earlier = case(entry_date=dt.date(2023, 6, 1), exit=ExitFacts(dt.date(2024, 2, 1), "employed"))
    p = person(esf_consents=(ConsentFacts(dt.date(2023, 6, 1)),))
    codes = codes_of(report([p], [earlier]))
    assert codes == {"EECR04"}
    later = left(day=dt.date(2025, 1, 1))
    assert codes_of(report([person()], [later])) == codes_of(report([person()], [case()]))


def test_json_has_every_code_and_reason_even_when_zero(engine):
    data = report([], []).as_json()
    assert list(data) == ["from", "to", "scope", "indicators", "not_counted"]
    assert list(data["indicators"]) == list(CODES)
    assert len(CODES) == 23
    for row in data["indicators"].values():
        assert row == {"total": 0, "woman": 0, "man": 0, "non_binary": 0}
    assert data["not_counted"] == dict.fromkeys(REASONS, 0)
    assert data["from"] == "2024-01-01"
    # The SQL engine counts the test carrier's records only (the demo shares the database).
    expected = "network" if engine == "python" else "organisation:esf-test-carrier"
    assert data["scope"] == expected
