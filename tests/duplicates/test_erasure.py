"""Erasure (rights app) reaches the tables of duplicate detection: the reasons that quote
names are emptied, the phonetic keys blanked (a blank key blocks nothing)."""

import pytest

from inprocedere.duplicates import candidates
from inprocedere.duplicates.models import BlockingKey, CandidatePair
from inprocedere.participants.models import Participant
from inprocedere.rights import services
from tests.rights.conftest import NEEDLES, carrier, make_subject, rule  # noqa: F401 - fixtures
from tests.rights.test_erasure import scan_database

pytestmark = pytest.mark.django_db


def test_erasure_leaves_no_name_in_the_duplicate_tables(
    carrier,  # noqa: F811
    rule,  # noqa: F811
    user_for,
    django_capture_on_commit_callbacks,
):
    subject = make_subject(carrier)
    twin = Participant.unrestricted.create(
        family_name="Quendelbrok",
        given_names="Zoltarina",
        birth_date="1988-07-23",
        registered_by=carrier,
    )
    candidates.refresh([subject.pk, twin.pk])
    pair = CandidatePair.objects.get(a=subject, b=twin)
    assert "Quendelbrook" in str(pair.reasons) or "Quendelbrok" in str(pair.reasons)
    with django_capture_on_commit_callbacks(execute=True):
        services.erase(actor=user_for("dpo"), participant=subject)
    hits = [hit for hit in scan_database(NEEDLES) if hit[0].startswith("duplicates_")]
    assert hits == []
    assert set(BlockingKey.objects.filter(participant=subject).values_list("key", flat=True)) <= {
        ""
    }
    found = candidates.candidates_for("", "", None)
    assert found == []
