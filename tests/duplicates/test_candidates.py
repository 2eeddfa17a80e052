"""Candidate pairs in the register: found through blocking keys, kept current as people
change, never by comparing all pairs; the batch run (DuckDB) finds the same pairs with
the same weights and explanations as one person at a time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inprocedere.core.partial_dates import PartialDate
from inprocedere.duplicates import candidates, engine
from inprocedere.duplicates.candidates import candidates_for
from inprocedere.duplicates.models import BlockingKey, CandidatePair
from inprocedere.participants import services
from inprocedere.participants.models import Participant

pytestmark = pytest.mark.django_db


def _pairs():
    return {frozenset((pair.a.full_name, pair.b.full_name)) for pair in CandidatePair.objects.all()}


def test_registering_a_variant_creates_a_pair_with_its_reasons(person):
    first = person("Al-Hassan", "Mohammed", citizenships=["SY"])
    second = person("Al Hassan", "Muhammad", citizenships=["SY"])
    pair = CandidatePair.objects.get(a=first, b=second)
    assert [r["code"] for r in pair.reasons] == [
        "given.romanised",
        "family.exact",
        "birth.day",
        "sex.null",
        "citizenship.common",
        "place.null",
    ]
    assert 0.9 <= pair.score <= 1.0
    assert pair.weight == pytest.approx(sum(r["weight"] for r in pair.reasons) + _prior(), 0.01)
    assert BlockingKey.objects.filter(participant=first).count() >= 2


def _prior():
    from inprocedere.duplicates import store

    return store.current().prior_weight


def test_a_change_of_name_or_birth_date_refreshes_the_pair(person, user_for):
    first = person("Hussein", "Ali")
    second = person("Husain", "Ali", born="1970-06-01")
    assert not CandidatePair.objects.filter(a=first, b=second).exists()
    services.participant_update(
        actor=user_for("case_worker"), participant=second, version=1, birth_date="1988-03-14"
    )
    assert CandidatePair.objects.filter(a=first, b=second).exists()
    services.participant_update(
        actor=user_for("case_worker"),
        participant=second,
        version=2,
        family_name="Schneider",
        given_names="Peter",
        birth_date="1950",
    )
    assert not CandidatePair.objects.filter(a=first, b=second).exists()


def test_an_alias_brings_a_pair(person, user_for):
    first = person("Haidari", "Ahmad")
    second = person("Heydary", "Achmad", born="1988")
    CandidatePair.objects.filter(a=first, b=second).delete()
    services.alias_add(
        actor=user_for("case_worker"),
        participant=first,
        family_name="Heydary",
        given_names="Achmad",
    )
    pair = CandidatePair.objects.get(a=first, b=second)
    assert pair.reasons[-1] == {"code": "alias", "params": {"source": "–"}}


def test_candidates_for_an_import_row(person):
    registered = person("Tesfay", "Berhane", citizenships=["ER"])
    person("Gebremedhin", "Senait")
    found = candidates_for("Berhane", "Tesfai", PartialDate(1988, 3, 14), ["ER"])
    assert [c.participant for c in found] == [registered]
    assert [r["code"] for r in found[0].reasons][:2] == ["given.romanised", "family.exact"]
    assert found[0].reasons[-1]["code"] == "swapped"
    assert 0 < found[0].score <= 1
    assert candidates_for("Gebremedhin", "Senait", PartialDate(1970)) == []


def test_candidates_for_only_among_a_queryset(person):
    person("Saleh", "Mohammed")
    assert candidates_for("Saleh", "Mohammed", None, among=Participant.unrestricted.none()) == []


def test_rebuild_finds_the_same_pairs_as_the_incremental_refresh(person):
    people = [
        person("Al-Hassan", "Mohammed"),
        person("Al Hassan", "Muhammad"),
        person("Tesfay", "Berhane"),
        person("Berhane", "Tesfay"),
        person("Khalil", "Amal"),
    ]
    stats = engine.rebuild()  # the register's size is known from here on (the prior)
    batch = {(p.a_id, p.b_id, p.score, round(p.weight, 6)) for p in CandidatePair.objects.all()}
    reasons = {(p.a_id, p.b_id): p.reasons for p in CandidatePair.objects.all()}
    candidates.refresh([p.pk for p in people])
    after = {(p.a_id, p.b_id, p.score, round(p.weight, 6)) for p in CandidatePair.objects.all()}
    assert after == batch
    assert {(p.a_id, p.b_id): p.reasons for p in CandidatePair.objects.all()} == reasons
    assert stats.pairs == len(batch) >= 2


def _many(count):
    """`count` distinct people (names from syllables), plus three true duplicates."""
    from inprocedere.network.models import Organisation

    syllables = ["ka", "lo", "mi", "ru", "te", "sa", "no", "vi", "da", "pe", "zu", "ho"]
    carrier = Organisation.objects.get(slug="profes")
    rows = []
    for index in range(count):
        a, b, c = index % 12, (index // 12) % 12, (index // 144) % 12
        family = (syllables[a] + syllables[b] + syllables[c] + "ski").title()
        given = (syllables[c] + syllables[a] + "n").title()
        rows.append(
            Participant(
                family_name=family,
                given_names=given,
                birth_date=PartialDate(1960 + index % 40, 1 + index % 12, 1 + index % 28),
                registered_by=carrier,
            )
        )
    rows += [
        Participant(
            family_name="Al-Hassan",
            given_names="Mohammed",
            birth_date=PartialDate(1988, 3, 14),
            registered_by=carrier,
        ),
        Participant(
            family_name="Al Hassan",
            given_names="Muhammad",
            birth_date=PartialDate(1988, 3, 14),
            registered_by=carrier,
        ),
        Participant(
            family_name="Müller",
            given_names="Jürgen",
            birth_date=PartialDate(1970),
            registered_by=carrier,
        ),
        Participant(
            family_name="Mueller",
            given_names="Juergen",
            birth_date=PartialDate(1970, 5, 1),
            registered_by=carrier,
        ),
    ]
    Participant.unrestricted.bulk_create(rows)


def test_blocking_compares_a_tiny_fraction_of_all_pairs():
    _many(600)
    stats = engine.rebuild()
    everyone = Participant.unrestricted.count()
    assert stats.compared < everyone * 2, stats  # linear, not quadratic
    assert {("Al-Hassan", "Al Hassan"), ("Müller", "Mueller")} <= {
        (p.a.family_name, p.b.family_name) for p in CandidatePair.objects.select_related("a", "b")
    }


def test_the_queries_grow_with_chunks_not_with_people(settings):
    _many(200)
    with CaptureQueriesContext(connection) as small:
        engine.rebuild()
    _many(400)  # three times the people
    with CaptureQueriesContext(connection) as large:
        engine.rebuild()

    def reads(context):  # inserts come in batches whose size the database decides
        return [q for q in context.captured_queries if q["sql"].startswith("SELECT")]

    assert len(reads(large)) <= len(reads(small)) + 2  # the export streams in chunks
    assert len(large) < 60


def test_an_oversized_block_is_split_not_skipped(settings, person):
    """Bad input: many people sharing one name. The block is split by year of birth."""
    settings.INPROCEDERE_DUPLICATES_MAX_BLOCK = 2
    for year in (1980, 1981, 1982):
        person("Al-Hassan", "Mohammed", born=f"{year}-05-01")
    first = person("Al-Hassan", "Mohammed")
    second = person("Al Hassan", "Muhammad")
    assert CandidatePair.objects.filter(a=first, b=second).exists()
    stats = engine.rebuild()
    assert stats.split >= 1
    assert CandidatePair.objects.filter(a=first, b=second).exists()


def test_deferred_refreshes_once_at_the_end(person, django_assert_max_num_queries):
    with candidates.deferred():
        first = person("Al-Hassan", "Mohammed", case=False)
        second = person("Al Hassan", "Muhammad", case=False)
        assert not BlockingKey.objects.filter(participant__in=[first, second]).exists()
    assert CandidatePair.objects.filter(a=first, b=second).exists()
