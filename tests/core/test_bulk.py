"""core.bulk writes the rows bulk_create writes (decision 0016): the same values for every
column, ids set on the objects, keys taken from related objects saved before, defaults and
auto_now_add filled, JSON stored as JSON, on SQLite and PostgreSQL."""

import datetime

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from inprocedere.core import bulk
from inprocedere.core.models import AuditEntry
from inprocedere.network.models import Organisation
from inprocedere.participants.models import ExternalIdentifier, Participant
from inprocedere.privacy.models import Consent

pytestmark = pytest.mark.django_db

# What differs by design: ids, times, the names that tell the two sets apart.
SKIP = {"id", "participant", "created_at", "updated_at", "search_text", "family_name", "value"}


@pytest.fixture
def profes(db):
    return Organisation.objects.get(slug="profes")


def _people(organisation, salt: str) -> list:
    return [
        Participant(
            family_name=f"Bulk{salt}{n}",
            given_names="Ada Lovelace" if n % 2 else "Ömer",
            birth_date="1990-05" if n % 2 else None,
            gender="woman" if n % 2 else "not_stated",
            citizenships=["SY", "TR"] if n % 2 else [],
            stateless=not n % 2,
            postcode="76726",
            registered_by=organisation,
        )
        for n in range(7)
    ]


def _consent(person, organisation):
    return Consent(
        participant=person,
        categories=[],
        purposes=["esf_monitoring"],
        form="written",
        form_version="import",
        language="de",
        signed_on=datetime.date(2024, 3, 1),
        recording_organisation=organisation,
    )


def _row(obj) -> dict:
    obj.refresh_from_db()
    values = model_to_dict(obj)
    return {key: value for key, value in values.items() if key not in SKIP}


def _written(people, organisation) -> tuple:
    keys = [
        ExternalIdentifier(participant=p, organisation=organisation, value=p.family_name)
        for p in people
    ]
    return people, keys, [_consent(p, organisation) for p in people]


def test_insert_writes_what_bulk_create_writes(profes):
    reference = _people(profes, "Ref")
    Participant.unrestricted.bulk_create(reference)
    _unused, ref_keys, ref_consents = _written(reference, profes)
    ExternalIdentifier.objects.bulk_create(ref_keys)
    Consent.unrestricted.bulk_create(ref_consents)

    fast = _people(profes, "Fast")
    bulk.insert(fast)
    _unused, keys, consents = _written(fast, profes)
    bulk.insert(keys)
    bulk.insert(consents)

    assert all(p.pk and not p._state.adding for p in fast)
    assert len({p.pk for p in fast} | {p.pk for p in reference}) == 14
    pairs = zip(fast + keys + consents, reference + ref_keys + ref_consents, strict=True)
    for ours, theirs in pairs:
        assert _row(ours) == _row(theirs)
    assert all(key.participant_id == person.pk for key, person in zip(keys, fast, strict=True))
    assert [key.value for key in keys] == [f"BulkFast{n}" for n in range(7)]
    assert all(consent.created_at is not None for consent in consents)


def test_insert_refuses_saved_objects_and_unsaved_relations(profes):
    person = _people(profes, "x")[0]
    with pytest.raises(ValueError, match="not saved"):
        bulk.insert([_consent(person, profes)])
    bulk.insert([person])
    with pytest.raises(ValueError, match="saved already"):
        bulk.insert([person])


def test_insert_values_fills_the_other_columns_with_their_defaults(profes):
    now = datetime.datetime.now(datetime.UTC)
    before = AuditEntry.objects.count()
    with CaptureQueriesContext(connection) as queries:
        count = bulk.insert_values(
            AuditEntry,
            ("created_at", "action", "organisation_id", "detail"),
            [(now, f"test.bulk.{n}", profes.pk, {"n": n, "list": ["ä", None]}) for n in range(5)],
        )
    assert count == 5
    assert len(queries) == 1  # one statement, counted like any other (COPY on PostgreSQL)
    entries = list(AuditEntry.objects.filter(action__startswith="test.bulk.").order_by("pk"))
    assert AuditEntry.objects.count() == before + 5
    assert [entry.detail for entry in entries] == [{"n": n, "list": ["ä", None]} for n in range(5)]
    first = entries[0]
    assert (first.actor_id, first.actor_label, first.ip_address, first.redacted) == (
        None,
        "",
        None,
        False,
    )
    assert first.organisation == profes
    assert first.created_at == now
    assert bulk.insert_values(AuditEntry, ("action",), []) == 0


def test_a_violated_constraint_is_djangos_integrity_error(profes):
    from django.db import IntegrityError, transaction

    person = _people(profes, "y")[0]
    bulk.insert([person])
    twice = [
        ExternalIdentifier(participant=person, organisation=profes, value="same") for _ in range(2)
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.insert(twice)


def _same_instance(made, built) -> None:
    assert type(made) is type(built)
    assert {k: v for k, v in vars(made).items() if k != "_state"} == {
        k: v for k, v in vars(built).items() if k != "_state"
    }
    assert made._state.adding and made._state.db == built._state.db
    assert made._state.fields_cache == built._state.fields_cache


def test_new_builds_the_instance_the_model_s_constructor_builds(profes):
    from inprocedere.cases.models import Activity, Case

    person = Participant(family_name="Neu", given_names="Ada", registered_by=profes)
    kinds = [
        (
            Participant,
            {
                "family_name": "Neu",
                "given_names": "Ada",
                "citizenships": ["SY", "TR"],
                "birth_date": "1990-05",
                "registered_by": profes,
                "updated_by": None,
            },
        ),
        (Participant, {"family_name": "Neu", "given_names": "", "registered_by_id": profes.pk}),
        (ExternalIdentifier, {"participant": person, "organisation": profes, "value": "X"}),
        (Consent, {"participant": person, "purposes": ["esf_monitoring"], "form": "written"}),
        (Case, {"participant": person, "owner_organisation": profes, "homeless": True}),
    ]
    for model, values in kinds:
        _same_instance(bulk.new(model, **values), model(**values))
    case = Case(participant=person, owner_organisation=profes)
    activity = {"case": case, "kind": "counselling", "duration_minutes": 90, "topics": []}
    _same_instance(bulk.new(Activity, **activity), Activity(**activity))
    # Mutable defaults are not shared between instances.
    one, two = bulk.new(Participant, family_name="A"), bulk.new(Participant, family_name="B")
    assert one.languages == [] and one.languages is not two.languages


def test_new_falls_back_to_the_constructor_for_what_is_no_field():
    with pytest.raises(TypeError):
        bulk.new(Participant, no_such_field=1)
