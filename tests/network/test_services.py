"""The directory's writes: policy, validation, versioning, audit and search text."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from inprocedere.core.models import AuditEntry
from inprocedere.core.versioning import StaleEdit
from inprocedere.network import services
from inprocedere.network.models import Organisation, Person, Position, Region, Tenure, Topic
from inprocedere.network.selectors import DirectoryQuery, positions_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def ger_abh():
    return Position.objects.get(
        organisation__slug="kv-germersheim",
        title="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung",
    )


@pytest.fixture
def vacant():
    return Position.objects.get(title="Ausländerbehörde – Aufenthaltsrecht (Projekt InProcedere)")


def entries(action, obj):
    return AuditEntry.objects.filter(
        action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)
    )


# --- policy ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["case_worker", "team_lead", "authority_officer", "ministry_reader", "outsider"]
)
def test_only_editors_may_update_a_position(user_for, ger_abh, persona):
    with pytest.raises(PermissionDenied):
        services.position_update(
            actor=user_for(persona), position=ger_abh, version=ger_abh.version, title="Hacked"
        )
    ger_abh.refresh_from_db()
    assert ger_abh.title != "Hacked"
    assert not entries("network.position.updated", ger_abh).exists()


def test_a_case_worker_may_not_create_people_or_change_holders(user_for, ger_abh, vacant):
    case_worker = user_for("case_worker")
    with pytest.raises(PermissionDenied):
        services.person_create(actor=case_worker, given_name="Eva", family_name="Muster")
    with pytest.raises(PermissionDenied):
        services.tenure_start(actor=case_worker, position=vacant, person=Person.objects.first())
    with pytest.raises(PermissionDenied):
        services.tenure_end(actor=case_worker, tenure=ger_abh.tenures.first())
    with pytest.raises(PermissionDenied):
        organisation = ger_abh.organisation
        services.organisation_update(
            actor=case_worker, organisation=organisation, version=organisation.version, name="X"
        )


@pytest.mark.parametrize("persona", ["coordinator", "administrator"])
def test_editors_may_update_a_position(user_for, ger_abh, persona):
    services.position_update(
        actor=user_for(persona), position=ger_abh, version=ger_abh.version, title="Neu"
    )
    ger_abh.refresh_from_db()
    assert ger_abh.title == "Neu"


# --- validation -----------------------------------------------------------------------


def test_unknown_roles_are_refused(user_for, ger_abh):
    with pytest.raises(ValidationError) as info:
        services.position_update(
            actor=user_for("coordinator"),
            position=ger_abh,
            version=ger_abh.version,
            roles=["case_worker", "superuser"],
        )
    assert "roles" in info.value.error_dict
    assert "superuser" in str(info.value)
    ger_abh.refresh_from_db()
    assert ger_abh.roles == ["authority_officer"]
    with pytest.raises(ValidationError):
        services.position_create(
            actor=user_for("coordinator"),
            organisation=ger_abh.organisation,
            title="Neu",
            roles=["root"],
        )


def test_a_position_cannot_deputise_for_itself(user_for, ger_abh):
    deputy_before = ger_abh.deputy_id
    with pytest.raises(ValidationError) as info:
        services.position_update(
            actor=user_for("coordinator"), position=ger_abh, version=ger_abh.version, deputy=ger_abh
        )
    assert "deputy" in info.value.error_dict
    ger_abh.refresh_from_db()
    assert ger_abh.deputy_id == deputy_before


def test_position_create_validates_fields(user_for):
    organisation = Organisation.objects.get(slug="kv-germersheim")
    with pytest.raises(ValidationError) as info:
        services.position_create(
            actor=user_for("coordinator"),
            organisation=organisation,
            title="x" * 201,
            email="not-an-address",
        )
    assert {"title", "email"} <= set(info.value.error_dict)
    assert not Position.objects.filter(title="x" * 201).exists()


# --- versions and audit ---------------------------------------------------------------


def test_a_stale_update_is_refused_naming_who_changed_what(user_for, ger_abh):
    loaded = ger_abh.version
    services.position_update(
        actor=user_for("coordinator"), position=ger_abh, version=loaded, title="Erste Änderung"
    )
    stale = Position.objects.get(pk=ger_abh.pk)
    with pytest.raises(StaleEdit) as info:
        services.position_update(
            actor=user_for("administrator"), position=stale, version=loaded, title="Zweite"
        )
    message = " ".join(info.value.messages)
    assert user_for("coordinator").display_name in message
    stale.refresh_from_db()
    assert stale.title == "Erste Änderung"
    assert stale.version == loaded + 1
    assert entries("network.position.updated", ger_abh).count() == 1


def test_position_update_records_the_changes(user_for, ger_abh):
    coordinator = user_for("coordinator")
    benefits = Topic.objects.get(slug="benefits")
    services.position_update(
        actor=coordinator,
        position=ger_abh,
        version=ger_abh.version,
        email="neu@kreis-germersheim.example",
        topics=[benefits],
    )
    entry = entries("network.position.updated", ger_abh).get()
    assert entry.actor == coordinator
    assert entry.organisation == ger_abh.organisation
    changes = entry.detail["changes"]
    assert changes["email"][1] == "neu@kreis-germersheim.example"
    assert changes["topics"] == [["residence-law", "work-permit"], ["benefits"]]
    # The search text follows: the new topic finds the position, the old one no longer does.
    user = user_for("case_worker")
    assert ger_abh in positions_for(user, DirectoryQuery(text="Leistungsrecht Germersheim"))
    assert ger_abh not in positions_for(user, DirectoryQuery(topic="residence-law"))


def test_position_create_is_audited_and_searchable(user_for):
    organisation = Organisation.objects.get(slug="kv-germersheim")
    position = services.position_create(
        actor=user_for("coordinator"),
        organisation=organisation,
        title="Einbürgerungsberatung",
        topics=[Topic.objects.get(slug="residence-law")],
        regions=[Region.objects.get(slug="germersheim")],
        roles=["authority_officer"],
        phone="+49 7274 53-399",
    )
    assert entries("network.position.created", position).exists()
    found = positions_for(user_for("case_worker"), DirectoryQuery(text="einbuergerung"))
    assert list(found) == [position]


def test_organisation_update_records_regions(user_for):
    organisation = Organisation.objects.get(slug="kv-germersheim")
    services.organisation_update(
        actor=user_for("coordinator"),
        organisation=organisation,
        version=organisation.version,
        regions=list(Region.objects.filter(slug__in=["germersheim", "landau-suew"])),
        mandate_does_en="We decide.",
    )
    entry = entries("network.organisation.updated", organisation).get()
    assert entry.detail["changes"]["regions"] == [["germersheim"], ["germersheim", "landau-suew"]]
    assert entry.detail["changes"]["mandate_does_en"][1] == "We decide."


def test_renaming_a_person_refreshes_the_search_text_of_their_positions(user_for, ger_abh):
    person = Person.objects.get(family_name="Keller")
    services.person_update(
        actor=user_for("coordinator"), person=person, version=person.version, family_name="Berger"
    )
    user = user_for("case_worker")
    assert list(positions_for(user, DirectoryQuery(text="Sabine Berger"))) == [ger_abh]
    assert entries("network.person.updated", person).exists()


# --- tenures --------------------------------------------------------------------------


def test_tenure_start_and_end_make_and_unmake_a_holder(user_for, vacant):
    coordinator = user_for("coordinator")
    person = services.person_create(
        actor=coordinator, given_name="Eva", family_name="Muster", phone="+49 671 803-1436"
    )
    assert vacant.is_vacant
    tenure = services.tenure_start(actor=coordinator, position=vacant, person=person)
    assert Position.objects.get(pk=vacant.pk).holders == [person]
    assert entries("network.tenure.started", vacant).exists()
    assert list(positions_for(user_for("case_worker"), DirectoryQuery(text="Eva Muster"))) == [
        vacant
    ]

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    tenure.starts_on = yesterday - dt.timedelta(days=30)
    Tenure.objects.filter(pk=tenure.pk).update(starts_on=tenure.starts_on)
    services.tenure_end(actor=coordinator, tenure=tenure, ends_on=yesterday, reason="left")
    assert Position.objects.get(pk=vacant.pk).is_vacant
    tenure.refresh_from_db()
    assert (tenure.ends_on, tenure.end_reason) == (yesterday, "left")
    assert entries("network.tenure.ended", vacant).get().detail["reason"] == "left"


def test_tenure_rules(user_for, ger_abh):
    coordinator = user_for("coordinator")
    tenure = ger_abh.tenures.get()
    with pytest.raises(ValidationError):  # already holds it
        services.tenure_start(actor=coordinator, position=ger_abh, person=tenure.person)
    with pytest.raises(ValidationError) as info:  # ends before it started
        services.tenure_end(
            actor=coordinator, tenure=tenure, ends_on=tenure.starts_on - dt.timedelta(days=1)
        )
    assert "ends_on" in info.value.error_dict
    with pytest.raises(ValidationError) as info:
        services.tenure_end(actor=coordinator, tenure=tenure, reason="bored")
    assert "end_reason" in info.value.error_dict
    tenure.refresh_from_db()
    assert tenure.ends_on is None
