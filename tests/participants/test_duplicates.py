"""The duplicate warning on hand-made variant spellings."""

import pytest
from django.utils import translation

from inprocedere.core.partial_dates import PartialDate
from inprocedere.participants import services
from inprocedere.participants.duplicates import find_possible_duplicates

pytestmark = pytest.mark.django_db

BORN = PartialDate(1988, 3, 14)


@pytest.fixture(autouse=True)
def _english():
    """The reasons are read in English below; German is the default language."""
    with translation.override("en"):
        yield


def _names(candidates):
    return [c.participant.full_name for c in candidates]


@pytest.mark.parametrize("given", ["Mohammed", "Muhammad", "Mohamad", "Mohamed", "MOHAMMED"])
def test_transliteration_variants(register, given):
    register(family_name="Al-Hassan", given_names="Mohammed", birth_date=BORN)
    candidates = find_possible_duplicates("Al Hassan", given, BORN)
    assert _names(candidates) == ["Mohammed Al-Hassan"]
    assert candidates[0].score >= 80
    assert any("birth" in reason for reason in candidates[0].reasons)


def test_swapped_given_and_family_names(register):
    register(family_name="Tesfay", given_names="Berhane", birth_date=BORN)
    [candidate] = find_possible_duplicates("Berhane", "Tesfay", BORN)
    assert any("swapped" in reason for reason in candidate.reasons)


@pytest.mark.parametrize("family", ["Mueller", "Muller", "MÜLLER", "müller"])
def test_umlauts(register, family):
    register(family_name="Müller", given_names="Hans", birth_date=BORN)
    assert _names(find_possible_duplicates(family, "Hans", BORN)) == ["Hans Müller"]


def test_aliases_are_matched(register, user_for):
    participant = register(family_name="Haidari", given_names="Ahmad", birth_date=BORN)
    services.alias_add(
        actor=user_for("authority_officer"),
        participant=participant,
        family_name="Heydary",
        given_names="Achmad",
        source="Pass",
    )
    [candidate] = find_possible_duplicates("Heydary", "Achmad", BORN)
    assert any("alias" in reason for reason in candidate.reasons)


def test_a_year_only_date_is_compatible_with_a_full_date_in_that_year(register):
    register(family_name="Omar", given_names="Yusuf", birth_date=PartialDate(1995))
    [candidate] = find_possible_duplicates("Omar", "Yusuf", PartialDate(1995, 7, 2))
    assert "year only" in candidate.reasons[2]
    register(family_name="Abdi", given_names="Hawa", birth_date=PartialDate(1995, 7, 2))
    assert _names(find_possible_duplicates("Abdi", "Hawa", PartialDate(1995))) == ["Hawa Abdi"]
    compatible = find_possible_duplicates("Abdi", "Hawa", PartialDate(1995, 7))
    other_month = find_possible_duplicates("Abdi", "Hawa", PartialDate(1995, 8), limit=1)
    # Compared by weight: in a register of two people both round to a score of 100.
    assert not other_month or other_month[0].weight < compatible[0].weight


def test_birth_years_far_apart_do_not_match(register):
    register(family_name="Al-Hassan", given_names="Mohammed", birth_date=BORN)
    assert find_possible_duplicates("Al-Hassan", "Mohammed", PartialDate(1970)) == []
    assert find_possible_duplicates("Al-Hassan", "Muhammad", PartialDate(2001, 3, 14)) == []


def test_an_unknown_birth_date_matches_with_a_lower_score(register):
    register(family_name="Krasniqi", given_names="Bajram", birth_date=None)
    [candidate] = find_possible_duplicates("Krasniqi", "Bajram", BORN)
    register(family_name="Gashi", given_names="Arben", birth_date=BORN)
    [dated] = find_possible_duplicates("Gashi", "Arben", BORN)
    # By weight: in a register of two people both round to a score of 100.
    assert candidate.weight < dated.weight - 5


def test_different_people_are_not_matched(register):
    register(family_name="Al-Hassan", given_names="Mohammed", birth_date=BORN)
    register(family_name="Khalil", given_names="Amal", birth_date=BORN)
    assert _names(find_possible_duplicates("Khalil", "Amal", BORN)) == ["Amal Khalil"]
    assert find_possible_duplicates("Gebremedhin", "Senait", BORN) == []


def test_best_first_and_limited(register):
    for given in ("Mohammed", "Muhammad", "Mohamad"):
        register(family_name="Saleh", given_names=given, birth_date=BORN)
    candidates = find_possible_duplicates("Saleh", "Mohammed", BORN, limit=2)
    assert len(candidates) == 2
    assert candidates[0].participant.given_names == "Mohammed"
    assert candidates[0].score >= candidates[1].score


def test_only_among_the_given_participants(register):
    from inprocedere.participants.models import Participant

    register(family_name="Saleh", given_names="Mohammed", birth_date=BORN)
    assert (
        find_possible_duplicates("Saleh", "Mohammed", BORN, among=Participant.unrestricted.none())
        == []
    )
