"""The model on a small fixed set: pairs found (with the level of each name), pairs not
found (hard negatives), the explanation, the citizenship bug, bad input."""

import pytest
from django.utils import translation

from inprocedere.core.partial_dates import PartialDate
from inprocedere.duplicates.features import citizenship_codes, record
from inprocedere.duplicates.matching import compare, explanation, keys_for
from inprocedere.duplicates.model import Params
from inprocedere.duplicates.reasons import render_all

BORN = PartialDate(1988, 3, 14)
PARAMS = Params.default()


def person(family, given, born=BORN, citizenships=("SY",), gender="man", aliases=()):
    return record(
        family_name=family,
        given_names=given,
        birth=born,
        gender=gender,
        citizenships=citizenships,
        aliases=aliases,
    )


# (family, given) of one record, of another, the levels of (given, family) expected.
PAIRS = [
    (("Al-Hassan", "Mohammed"), ("Al Hassan", "Muhammad"), ("romanised", "exact")),
    (("Al-Hassan", "Mohammed"), ("Alhassan", "Mohamad"), ("romanised", "romanised")),
    (("Abdelrahman", "Omar"), ("Abd al-Rahman", "Umar"), ("romanised", "romanised")),
    (("Abdul Rahman", "Yusuf"), ("Abdelrahman", "Youssef"), ("phonetic", "romanised")),
    (("Hussain", "Fatimah"), ("Hussein", "Fatima"), ("romanised", "romanised")),
    (("Haidari", "Ahmad"), ("Heydari", "Achmed"), ("romanised", "romanised")),
    (("Müller", "Jürgen"), ("Mueller", "Juergen"), ("exact", "exact")),
    (("Weiß", "Anna"), ("Weiss", "Anna"), ("exact", "exact")),
    (("Tesfay", "Berhane"), ("Berhane", "Tesfay"), ("exact", "exact")),  # swapped
    (("Tesfay", "Berhane"), ("Berhane", "Tesfai"), ("exact", "romanised")),  # swapped
    (("Gebremedhin", "Senait"), ("Ghebremedhin", "Senayt"), ("romanised", "romanised")),
    (("Qasim", "Jamal"), ("Kasim", "Dschamal"), ("romanised", "romanised")),
    (("Karimi", "Mohammad Reza"), ("Karimi", "Mohammadreza"), ("romanised", "exact")),
    (("Hassan", "Mohammed Ali"), ("Hassan", "Mohammed"), ("parts", "exact")),
    (("Krasniqi", "Bajram"), ("Krasniqi", "Bajrami"), ("phonetic", "exact")),
    (("Haddad", "Amina"), ("Hadad", "Amnia"), ("jw92", "romanised")),  # two typos
]

# Hard negatives: siblings and twins, namesakes born another day, spouses.
NON_PAIRS = [
    (("Al-Hassan", "Mohammed", BORN), ("Khalil", "Amal", BORN)),
    (("Omar", "Yusuf", BORN), ("Omar", "Yasin", BORN)),  # twins
    (("Haddad", "Amina", PartialDate(1994, 3, 12)), ("Haddad", "Rania", PartialDate(1996, 7, 1))),
    (("Haddad", "Amina", PartialDate(1994, 3, 12)), ("Haddad", "Amina", PartialDate(1994, 9, 2))),
    (("Tesfay", "Berhane", BORN), ("Gebremedhin", "Senait", BORN)),
]


@pytest.mark.parametrize(("one", "other", "expected"), PAIRS)
def test_pairs_found(one, other, expected):
    a, b = person(*one), person(*other)
    match = compare(a, b, PARAMS)
    assert match is not None
    assert (match.levels.given, match.levels.family) == expected, (one, other, match.levels)
    assert match.probability >= PARAMS.threshold, (one, other, match.weight)
    assert keys_for(a) & keys_for(b), "no shared blocking key: never compared"


@pytest.mark.parametrize(("one", "other"), NON_PAIRS)
def test_pairs_not_found(one, other):
    (f1, g1, b1), (f2, g2, b2) = one, other
    match = compare(person(f1, g1, b1), person(f2, g2, b2), PARAMS)
    assert match is None or match.probability < PARAMS.threshold, match.weight


def test_birth_date_levels():
    def level(one, other):
        return compare(person("Omar", "Yusuf", one), person("Omar", "Yusuf", other), PARAMS)

    assert level(BORN, BORN).levels.birth == "day"
    assert level(BORN, PartialDate(1988, 3)).levels.birth == "month"
    assert level(BORN, PartialDate(1988)).levels.birth == "year"
    assert level(PartialDate(1988, 3, 4), PartialDate(1988, 4, 3)).levels.birth == "swapped"
    assert level(BORN, PartialDate(1988, 9, 1)).levels.birth == "same_year"
    # An estimated age: a coarse date a year or two off a full one.
    assert level(BORN, PartialDate(1989)).levels.birth == "estimated"
    assert level(BORN, PartialDate(1986, 2)).levels.birth == "estimated"
    # Two full dates that far apart are mostly two people (siblings, namesakes).
    assert level(BORN, PartialDate(1989, 3, 4)).levels.birth == "one_year"
    assert level(BORN, PartialDate(1986, 3, 4)).levels.birth == "two_years"
    assert level(PartialDate(1988), PartialDate(1988)).levels.birth == "same_coarse"
    assert level(PartialDate(1988, 3), PartialDate(1988, 3)).levels.birth == "same_coarse"
    assert level(BORN, PartialDate(1970)).levels.birth == "else"
    assert level(BORN, None).levels.birth == "null"
    # 1 January is the offices' placeholder for an unknown day: the year only.
    assert level(BORN, PartialDate(1988, 1, 1)).levels.birth == "year"


def test_a_common_name_weighs_less_than_a_rare_one():
    a, b = person("Ahmadi", "Mohammed"), person("Ahmadi", "Mohammed")
    common = compare(a, b, PARAMS, lambda kind, value: 0.05)
    rare = compare(a, b, PARAMS, lambda kind, value: 0.00001)
    assert rare.weight > common.weight + 10


def test_sex_citizenship_and_place_say_less_when_the_names_already_agree():
    """Names carry sex and country: among two people called Mohammed Al-Hassan the same
    sex and citizenship are nearly certain, so agreeing there must not count the names
    a second time (u among pairs whose names agree, model.CONDITIONED)."""

    def weights(one, other):
        match = compare(one, other, PARAMS)
        return {s.comparison: s.weight for s in match.scored}

    same_names = weights(person("Al-Hassan", "Mohammed"), person("Al-Hassan", "Mohammed"))
    other_names = weights(person("Al-Hassan", "Mohammed"), person("Khalil", "Bilal"))
    assert same_names["sex"] < other_names["sex"] - 0.5
    assert same_names["citizenship"] < other_names["citizenship"] - 1


def test_the_explanation_names_every_comparison_in_the_readers_language():
    a = person("Al-Hassan", "Mohammed", citizenships=("SY", "IR"))
    b = person("Muhammad", "Alhassan", born=PartialDate(1988), citizenships=("IR",))
    match = compare(a, b, PARAMS)
    items = explanation(match, a, b)
    codes = [item["code"] for item in items]
    assert codes == [
        "given.romanised",
        "family.romanised",
        "birth.year",
        "sex.same",
        "citizenship.common",
        "place.null",
        "swapped",
    ]
    assert all("weight" in item for item in items[:6])
    with translation.override("en"):
        texts = render_all(items)
    assert texts[0] == "Given names: another spelling, transliterated (Mohammed / Muhammad)."
    assert texts[4] == "Same citizenship (Iran)."
    with translation.override("de"):
        anonymous = render_all(items, with_names=False)
    assert "Mohammed" not in " ".join(anonymous)
    assert "Gleiche Staatsangehörigkeit (Iran)." in anonymous


def test_citizenship_strings_are_never_split_into_letters():
    """The bug of issue 13: "IR" became {I, R}, matched TR, and read "(S, Y)"."""
    assert citizenship_codes("IR") == {"IR"}
    assert citizenship_codes("SY,IQ") == {"SY", "IQ"}
    iran, turkey = (
        person("Omar", "Yusuf", citizenships="IR"),
        person("Omar", "Yusuf", citizenships="TR"),
    )
    assert compare(iran, turkey, PARAMS).levels.citizenship == "else"


@pytest.mark.parametrize(
    ("family", "given"),
    [
        ("الحسن", "محمد"),  # Arabic script
        ("Хасан", "Мухаммед"),  # Cyrillic
        ("በርሀነ", "ተስፋይ"),  # Ge'ez
        ("Öztürk", "Şükrü"),
        ("x" * 150, "y" * 150),
        ("-", "?"),
    ],
)
def test_bad_input_is_compared_without_error(family, given):
    one = person(family, given)
    keys_for(one)
    compare(one, person("Al-Hassan", "Mohammed"), PARAMS)
    compare(one, one, PARAMS)


def test_too_little_to_compare_is_never_matched():
    nameless = person("Haddad", "", born=None)
    assert not nameless.comparable
    assert keys_for(nameless) == set()
    assert compare(nameless, nameless, PARAMS) is None
    assert not person("", "Amina").comparable
    assert person("Haddad", "", born=BORN).comparable  # a family name and a date suffice
    assert record(family_name="Haddad", given_names="Amina", birth="0000").birth is None
