"""Every column of the participant sheet: the values it takes (with German aliases) and
the ones it refuses, each with its row and column."""

import pytest

from .conftest import HEADER, codes, make_csv, row

pytestmark = pytest.mark.django_db

VALID = {
    "participant_ref": ["TN-1", "0042", "abc 7"],
    "family_name": ["Haddad", "Al-Khatib", "Müller-Lüdenscheidt"],
    "given_names": ["Amina", "Abd al-Rahman"],
    "birth_date": ["1994-03-12", "1994-03", "1994", "12.03.1994", "03.1994", "03/1994", ""],
    "gender": [
        "woman",
        "man",
        "non_binary",
        "not_stated",
        "weiblich",
        "männlich",
        "divers",
        "keine Angabe",
        "W",
        "m",
        "",
    ],
    "citizenship": ["SY", "sy", "SY;TR", "AF; IR", "stateless", "staatenlos", ""],
    "foreign_background": ["yes", "no", "declined", "ja", "nein", "keine Angabe", ""],
    "postcode": ["76726", "01067", ""],
    "municipality": ["Germersheim", "Wörth am Rhein", ""],
    "rural": ["yes", "no", "ja", "Nein", "1", "0", ""],
    "homeless": ["yes", "no", "ja", "nein", ""],
    "residence_status": ["duldung", "DULDUNG", "gestattung", "25-5", ""],
    "residence_valid_until": ["2024-09-30", "30.09.2024", "2030-01-01", ""],
    "benefits": ["asylblg", "sgb2", "sgb3", "sgb12", "none", "SGB II", "SGB XII", "keine", ""],
    "employment_status_at_entry": [
        "unemployed",
        "long_term_unemployed",
        "inactive",
        "employed",
        "self_employed",
        "arbeitslos",
        "langzeitarbeitslos",
        "selbstständig",
        "",
    ],
    "isced": ["0", "3", "8", "ISCED 2", ""],
    "disability": ["yes", "no", "declined", "ja", "nein", "keine Angabe", ""],
    "minority": ["yes", "no", "declined", "keine Angabe", ""],
    "esf_consent": ["yes", "no", "ja", "nein", ""],
    "entry_date": ["2024-02-05", "05.02.2024", "5.2.2024"],
    "counselling_hours": ["0", "24", "12,5", "12.5", "1000", ""],
}
INVALID = {
    "participant_ref": [("", "required"), ("=1+1", "formula"), ("x" * 101, "too_long")],
    "family_name": [
        ("", "required"),
        ('=HYPERLINK("x")', "formula"),
        ("@SUM(A1)", "formula"),
        ("x" * 151, "too_long"),
        ("Ha\x07dad", "control_characters"),
    ],
    "given_names": [("", "required"), ("+49", "formula")],
    "birth_date": [
        ("31.02.2020", "impossible_date"),
        ("2020-13", "impossible_date"),
        ("soon", "bad_partial_date"),
        ("2099-01-01", "future_date"),
        ("1850", "too_old_date"),
    ],
    "gender": [("female-ish", "bad_choice"), ("3", "bad_choice")],
    "citizenship": [
        ("Syria", "bad_country"),
        ("XX", "bad_country"),
        ("SY;stateless", "stateless_and_country"),
    ],
    "foreign_background": [("maybe", "bad_choice")],
    "postcode": [("12345678901", "too_long")],
    "rural": [("declined", "bad_choice")],
    "homeless": [("perhaps", "bad_choice")],
    "residence_status": [("permit-xyz", "unknown_status"), ("18a", "status_not_in_force")],
    "residence_valid_until": [
        ("2024-01-01", "before_entry"),
        ("31.02.2024", "impossible_date"),
        ("2024-09", "partial_not_allowed"),
    ],
    "benefits": [("bafög", "bad_choice")],
    "employment_status_at_entry": [("student", "bad_choice")],
    "isced": [("9", "bad_isced"), ("-1", "formula"), ("three", "bad_isced")],
    "disability": [("unknown-ish", "bad_choice")],
    "minority": [("2", "bad_choice")],
    "esf_consent": [("declined", "bad_choice")],
    "entry_date": [
        ("", "required"),
        ("2024-02", "partial_not_allowed"),
        ("2024", "partial_not_allowed"),
        ("31.02.2020", "impossible_date"),
        ("2099-01-01", "future_date"),
        ("next week", "bad_date"),
    ],
    "counselling_hours": [
        ("many", "bad_hours"),
        ("20000", "hours_out_of_range"),
        ("-3", "formula"),
        ("NaN", "bad_hours"),
    ],
}
EXIT = {"exit_date": "2024-11-29", "status_upon_leaving": "employed"}


def test_every_column_is_covered():
    covered = (
        set(VALID)
        | set(INVALID)
        | {
            "exit_date",
            "exit_reason",
            "status_upon_leaving",
            "qualification_gained",
            "status_6_months",
            "situation_improved_6_months",
        }
    )
    assert covered == set(HEADER)


@pytest.mark.parametrize(
    ("column", "value"), [(c, v) for c, values in VALID.items() for v in values]
)
def test_valid_values(check, column, value):
    changes = {column: value}
    if column == "residence_status" and not value:
        changes["residence_valid_until"] = ""  # a validity date needs its status
    validator = check(make_csv([row(**changes)]))
    assert codes(validator) == {}
    assert validator.valid


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [(c, v, code) for c, values in INVALID.items() for v, code in values],
)
def test_invalid_values(check, column, value, code):
    validator = check(make_csv([row(participant_ref="OK-1"), row(**{column: value})]))
    assert codes(validator).get((3, column)) == code, codes(validator)
    assert not validator.valid


@pytest.mark.parametrize(
    "changes",
    [
        {"exit_reason": "placed"},
        {"exit_reason": "vermittelt"},
        {"exit_reason": "goals_reached"},
        {"exit_reason": "left_country"},
        {"exit_reason": ""},
        {"status_upon_leaving": "job_searching"},
        {"status_upon_leaving": "in Ausbildung"},
        {"status_upon_leaving": "selbstständig"},
        {"status_upon_leaving": "other"},
        {"qualification_gained": "ja"},
        {"status_6_months": "employed", "situation_improved_6_months": "yes"},
        {"status_6_months": "inactive", "situation_improved_6_months": "nein"},
        {"status_6_months": "employed"},
    ],
)
def test_valid_exit_and_follow_up(check, changes):
    validator = check(make_csv([row(**{**EXIT, **changes})]))
    assert codes(validator) == {}


@pytest.mark.parametrize(
    ("changes", "column", "code"),
    [
        ({"exit_date": "2024-01-01"}, "exit_date", "before_entry"),
        ({"exit_date": "2099-01-01"}, "exit_date", "future_date"),
        ({"exit_date": "30.02.2024"}, "exit_date", "impossible_date"),
        ({"status_upon_leaving": ""}, "status_upon_leaving", "needs_status_upon_leaving"),
        ({"status_upon_leaving": "retired"}, "status_upon_leaving", "bad_choice"),
        ({"exit_reason": "bored"}, "exit_reason", "bad_choice"),
        ({"qualification_gained": "maybe"}, "qualification_gained", "bad_choice"),
        ({"status_6_months": "flying"}, "status_6_months", "bad_choice"),
        ({"situation_improved_6_months": "yes"}, "status_6_months", "needs_status_6_months"),
        ({"situation_improved_6_months": "kaum"}, "situation_improved_6_months", "bad_choice"),
    ],
)
def test_invalid_exit_and_follow_up(check, changes, column, code):
    validator = check(make_csv([row(**{**EXIT, **changes})]))
    assert codes(validator).get((2, column)) == code, codes(validator)


@pytest.mark.parametrize(
    "name",
    [
        "exit_reason",
        "status_upon_leaving",
        "qualification_gained",
        "status_6_months",
        "situation_improved_6_months",
    ],
)
def test_exit_details_need_an_exit_date(check, name):
    validator = check(
        make_csv([row(**{name: "yes" if "6" in name or "qual" in name else "other"})])
    )
    assert codes(validator).get((2, name)) in {"needs_exit", "bad_choice"}
    assert not validator.valid


def test_follow_up_before_six_months_have_passed(check):
    from django.utils import timezone

    recent = timezone.localdate().isoformat()
    validator = check(
        make_csv(
            [row(exit_date=recent, status_upon_leaving="employed", status_6_months="employed")]
        )
    )
    assert codes(validator) == {(2, "status_6_months"): "follow_up_not_due"}


def test_residence_status_rules(check):
    # 23-1-imk was granted for 24 months at most and ended 31.12.2011 whatever the date.
    too_long = check(
        make_csv(
            [
                row(
                    residence_status="23-1-imk",
                    entry_date="2010-03-01",
                    residence_valid_until="2013-01-01",
                )
            ]
        )
    )
    assert codes(too_long) == {(2, "residence_valid_until"): "status_fixed_end"}
    months = check(
        make_csv(
            [
                row(
                    residence_status="25a",
                    entry_date="2020-03-01",
                    residence_valid_until="2024-01-01",
                )
            ]
        )
    )
    assert codes(months) == {(2, "residence_valid_until"): "status_too_long"}
    lonely = check(make_csv([row(residence_status="", residence_valid_until="2025-01-01")]))
    assert codes(lonely) == {(2, "residence_valid_until"): "required_status"}


def test_every_problem_of_a_row_is_reported(check):
    validator = check(
        make_csv([row(gender="?", isced="11", entry_date="31.02.2024", citizenship="Narnia")])
    )
    assert set(codes(validator)) == {
        (2, "gender"),
        (2, "isced"),
        (2, "entry_date"),
        (2, "citizenship"),
    }
