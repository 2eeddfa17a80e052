"""The policy answered inside the page's own query (decision 0019): the flags of
`policy.with_permissions` say what `policy.can` says, for every persona; a disclosure from
the bases of `policy.with_bases` is the one asked of the reach table; and the referral
list probes the reach row by row on PostgreSQL."""

import pytest
from django.db import connection

from inprocedere.cases.models import Case, Referral
from inprocedere.cases.selectors import referrals_for
from inprocedere.participants.models import Participant
from inprocedere.privacy import policy
from tests.conftest import PERSONAS, grant_consent

pytestmark = pytest.mark.django_db

CASE_FLAGS = ("case.read", "case.write", "case.manage", "case.notes.read")
PERSON_FLAGS = ("participant.read", "participant.edit", "consent.record")


def _flags(names):
    return {f"may_{i}": name for i, name in enumerate(names)}


@pytest.fixture
def shared_case(case, user_for, jobcentre_position):
    """The case with the job centre on its team under a consent to joint counselling: one
    persona reads under consent, the others own the data or reach nothing."""
    from inprocedere.cases import services

    grant_consent(case.participant, "jc-germersheim", purposes=("counselling",))
    services.case_team_add(actor=user_for("case_worker"), case=case, position=jobcentre_position)
    return case


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_the_flags_in_the_query_say_what_can_says(persona, shared_case, user_for):
    user = user_for(persona)
    flags = _flags(CASE_FLAGS)
    row = policy.with_permissions(user, Case.unrestricted.filter(pk=shared_case.pk), **flags)
    row = row.get()
    for alias, name in flags.items():
        assert getattr(row, alias) == policy.can(user, name, shared_case), (persona, name)

    person = shared_case.participant
    flags = _flags(PERSON_FLAGS)
    row = policy.with_permissions(user, Participant.unrestricted.filter(pk=person.pk), **flags)
    row = row.get()
    for alias, name in flags.items():
        assert getattr(row, alias) == policy.can(user, name, person), (persona, name)

    # Through a foreign key: the case of a referral.
    referral = Referral.unrestricted.filter(case=shared_case)
    row = policy.with_permissions(user, referral, through="case", may="case.read").first()
    assert row.may == policy.can(user, "case.read", shared_case), persona


@pytest.mark.parametrize("persona", list(PERSONAS))
@pytest.mark.parametrize("purpose", ["", "counselling", "referral"])
def test_a_disclosure_from_the_record_query_is_the_one_asked_apart(
    persona, purpose, shared_case, user_for
):
    user = user_for(persona)
    pk = shared_case.participant_id
    asked = policy.disclosures(user, [pk], purpose=purpose)[pk]
    row = policy.with_bases(user, Case.unrestricted.filter(pk=shared_case.pk), "participant_id")
    bases = policy.reach_bases_of(row.get())
    from_row = policy.disclosures(
        user, [pk], purpose=purpose, bases={pk: bases} if bases is not None else None
    )[pk]
    assert (from_row.categories, from_row.basis) == (asked.categories, asked.basis)


def test_the_bases_follow_a_withdrawal_on_the_next_query(shared_case, user_for):
    """The bases say that a basis stands; the consent is still asked at query time."""
    import datetime as dt

    user = user_for("jobcentre_officer")
    pk = shared_case.participant_id
    assert policy.disclosures(user, [pk], purpose="counselling")[pk].categories
    shared_case.participant.consents.all().update(withdrawn_on=dt.date(2024, 6, 1))
    row = policy.with_bases(user, Case.unrestricted.filter(pk=shared_case.pk), "participant_id")
    bases = policy.reach_bases_of(row.get())
    assert "counselling" in bases  # the team basis stands ...
    found = policy.disclosures(user, [pk], purpose="counselling", bases={pk: bases})[pk]
    assert not found.categories  # ... but no consent opens it any more


def test_the_referral_list_probes_the_reach_row_by_row(referral, user_for):
    user = user_for("case_worker")
    sql = str(referrals_for(user).query)
    if connection.vendor == "postgresql":
        assert "OFFSET 0" in sql
    assert list(referrals_for(user)) == [referral]
