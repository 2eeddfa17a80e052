"""Scoring on a hand-made set of spellings: expected pairs, expected non-pairs, reasons."""

import pytest

from inprocedere.core.partial_dates import PartialDate
from inprocedere.duplicates.matching import Person, compare, keys_for

BORN = PartialDate(1988, 3, 14)


def person(family, given, born=BORN, citizenships=(), aliases=()):
    return Person.of(family, given, born, citizenships, aliases=aliases)


# (family, given) of a registered person, (family, given) of another record, the kind
# of name match expected. Same birth date unless stated.
PAIRS = [
    (("Al-Hassan", "Mohammed"), ("Al Hassan", "Muhammad"), "transliteration"),
    (("Al-Hassan", "Mohammed"), ("Alhassan", "Mohamad"), "transliteration"),
    (("Hassan", "Mohamed"), ("Hassan", "Mohammed"), "transliteration"),
    (("Abdelrahman", "Omar"), ("Abd al-Rahman", "Umar"), "transliteration"),
    (("Abdul Rahman", "Yusuf"), ("Abdelrahman", "Youssef"), "phonetic"),
    (("Hussein", "Ali"), ("Husain", "Ali"), "transliteration"),
    (("Hussain", "Fatimah"), ("Hussein", "Fatima"), "transliteration"),
    (("Haidari", "Ahmad"), ("Heydari", "Achmed"), "transliteration"),
    (("Müller", "Jürgen"), ("Mueller", "Juergen"), "same_name"),
    (("Müller", "Jürgen"), ("Muller", "Jurgen"), "transliteration"),
    (("Weiß", "Anna"), ("Weiss", "Anna"), "same_name"),
    (("Tesfay", "Berhane"), ("Berhane", "Tesfay"), "swapped"),
    (("Tesfay", "Berhane"), ("Berhane", "Tesfai"), "swapped_transliteration"),
    (("Gebremedhin", "Senait"), ("Ghebremedhin", "Senayt"), "transliteration"),
    (("Qasim", "Jamal"), ("Kasim", "Dschamal"), "transliteration"),
    (("Karimi", "Mohammad Reza"), ("Karimi", "Mohammadreza"), "similar"),
    (("Hassan", "Mohammed Ali"), ("Hassan", "Mohammed"), "part_missing"),
    (("Krasniqi", "Bajram"), ("Krasniqi", "Bajrami"), "phonetic"),
    (("Hassan", "Ali"), ("Hussein", "Ali"), "phonetic"),  # Hasan and Husain sound alike
]

# Records that must not be proposed as one person.
NON_PAIRS = [
    (("Al-Hassan", "Mohammed"), ("Khalil", "Amal")),
    (("Müller", "Peter"), ("Schäfer", "Petra")),
    (("Tesfay", "Berhane"), ("Gebremedhin", "Senait")),
    (("Omar", "Yusuf"), ("Omar", "Yasin")),
    (("Schmidt", "Anna"), ("Schneider", "Anna")),
]


@pytest.mark.parametrize(("one", "other", "kind"), PAIRS)
def test_expected_pairs(one, other, kind):
    match = compare(person(*one), person(*other))
    assert match is not None, (one, other)
    assert match.name_kind == kind, (one, other, match)
    assert 0.8 <= match.score <= 1.0
    assert keys_for(person(*one)) & keys_for(person(*other)), "no shared blocking key"


@pytest.mark.parametrize(("one", "other"), NON_PAIRS)
def test_expected_non_pairs(one, other):
    assert compare(person(*one), person(*other)) is None, (one, other)


def test_the_closer_the_spelling_the_higher_the_score():
    registered = person("Al-Hassan", "Mohammed")
    same = compare(registered, person("Al-Hassan", "Mohammed")).score
    swapped = compare(registered, person("Mohammed", "Al-Hassan")).score
    variant = compare(registered, person("Al Hassan", "Muhammad")).score
    assert same == 1.0
    assert same > swapped > variant


def test_reasons_name_the_kind_of_match_the_date_and_citizenship():
    match = compare(
        person("Tesfay", "Berhane", citizenships=["ER"]),
        person("Berhane", "Tesfay", citizenships=["ER", "ET"]),
    )
    assert [r["code"] for r in match.reasons] == [
        "swapped",
        "same_birth_date",
        "same_citizenship",
    ]
    assert match.reasons[0]["params"]["name"] == "Tesfay Berhane"
    assert match.reasons[2]["params"]["countries"] == "ER"


@pytest.mark.parametrize(
    ("born", "other", "kind", "lower"),
    [
        (BORN, BORN, "same_birth_date", False),
        (PartialDate(1988), BORN, "compatible_birth_date", True),
        (PartialDate(1988, 3), BORN, "compatible_birth_date", True),
        (None, BORN, "unknown_birth_date", True),
        (
            PartialDate(1988, 14, 3) if False else PartialDate(1988, 3, 12),
            PartialDate(1988, 12, 3),
            "transposed_birth_date",
            True,
        ),
    ],
)
def test_birth_dates_with_their_precision(born, other, kind, lower):
    match = compare(person("Omar", "Yusuf", born), person("Omar", "Yusuf", other))
    assert match.reasons[1]["code"] == kind
    assert (match.score < 1.0) == lower


@pytest.mark.parametrize(
    "other",
    [PartialDate(1989, 3, 14), PartialDate(1988, 4), PartialDate(1987), PartialDate(1988, 3, 15)],
)
def test_incompatible_birth_dates_are_no_pair(other):
    assert compare(person("Omar", "Yusuf"), person("Omar", "Yusuf", other)) is None


def test_different_citizenships_lower_the_score():
    same = compare(
        person("Omar", "Yusuf", citizenships=["SY"]), person("Omar", "Yusuf", citizenships=["SY"])
    )
    different = compare(
        person("Omar", "Yusuf", citizenships=["SY"]), person("Omar", "Yusuf", citizenships=["IQ"])
    )
    assert different.score < same.score
    assert different.reasons[-1]["code"] == "different_citizenship"


def test_aliases_are_spellings_of_the_person():
    class Alias:
        family_name, given_names, source = "Heydary", "Achmad", "Pass"

    match = compare(person("Heydary", "Achmad"), person("Haidari", "Ahmad", aliases=[Alias()]))
    assert match.reasons[0]["code"] == "same_name"
    assert match.reasons[0]["params"]["alias_source"] == "Pass"


def test_keys_are_few_and_carry_the_date_only_when_it_is_exact():
    keys = keys_for(person("Al-Hassan", "Mohammed Ali"))
    assert 3 <= len(keys) <= 8
    assert any(key.startswith("d:") and key.endswith("1988-03-14") for key in keys)
    assert not any(
        key.startswith("d:") for key in keys_for(person("Al-Hassan", "Mohammed", PartialDate(1988)))
    )
