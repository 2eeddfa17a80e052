"""Merge moves every record to the surviving person; un-merge puts exactly those back."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from inprocedere.core.models import AuditEntry
from inprocedere.duplicates import engine, services
from inprocedere.duplicates.models import BlockingKey, CandidatePair, Decision, MergeRecord
from inprocedere.network.models import Organisation, Position
from inprocedere.participants.models import (
    Alias,
    BenefitPeriod,
    ExternalIdentifier,
    Participant,
    ResidenceStatus,
    ResidenceStatusType,
    WorkPermitApplication,
)
from inprocedere.privacy import reach_table

pytestmark = pytest.mark.django_db

START = dt.date(2024, 1, 1)


def _records(participant, tag, referred_to="profes"):
    """One record of every kind the person can have; returns {model label: pk}."""
    from inprocedere.cases.models import Referral
    from inprocedere.privacy.models import Consent

    authority = Organisation.objects.get(slug="kv-germersheim")
    carrier = Organisation.objects.get(slug="profes")
    made = [
        Alias.objects.create(participant=participant, family_name=f"Alias{tag}"),
        ExternalIdentifier.objects.create(
            participant=participant, organisation=authority, kind="file_number", value=f"AZ-{tag}"
        ),
        ResidenceStatus.objects.create(
            participant=participant,
            status_type=ResidenceStatusType.objects.get(code="duldung"),
            valid_from=START,
        ),
        BenefitPeriod.objects.create(participant=participant, system="sgb2", valid_from=START),
        WorkPermitApplication.objects.create(
            participant=participant, applied_on=START, employer=f"Firma {tag}", job="Lager"
        ),
        Referral.unrestricted.create(
            participant=participant,
            from_position=Position.objects.get(
                organisation=authority,
                title="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung",
            ),
            to_organisation=Organisation.objects.get(slug=referred_to),
            reason=f"Merge {tag}",
        ),
    ]
    consent = Consent.unrestricted.create(
        participant=participant,
        categories=["identity"],
        purposes=["referral"],
        signed_on=START,
        recording_organisation=carrier,
    )
    consent.recipients.add(authority)
    made.append(consent)
    return {(m._meta.label_lower, m.pk) for m in made}


def _owned_by(participant):
    """(label, pk) of every row pointing at `participant`, found independently."""
    rows = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label == "duplicates" or model is Participant:
            continue
        if getattr(model, "derived", False):
            continue  # derived (the reach table): refreshed by the merge, drift checked below
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Participant:
                for pk in model._base_manager.filter(**{field.name: participant}).values_list(
                    "pk", flat=True
                ):
                    rows.add((model._meta.label_lower, pk))
    return rows


@pytest.fixture
def pair(person):
    survivor = person("Al-Hassan", "Mohammed")
    merged = person("Al Hassan", "Muhammad")
    _records(survivor, "S")
    _records(merged, "M", referred_to="dw")
    return survivor, merged


def test_every_foreign_key_to_a_participant_is_moved_by_a_merge():
    found = {(m._meta.label_lower, name) for m, name in services.participant_relations()}
    expected = {
        "participants.alias",
        "participants.externalidentifier",
        "participants.residencestatus",
        "participants.benefitperiod",
        "participants.workpermitapplication",
        "cases.case",
        "cases.referral",
        "privacy.consent",
    }
    assert expected <= {label for label, _name in found}
    assert not any(label.startswith("duplicates.") for label, _name in found)
    assert ("participants.participant", "merged_into") not in found


def test_merge_moves_everything_and_unmerge_puts_it_back(pair, user_for):
    survivor, merged = pair
    before_survivor, before_merged = _owned_by(survivor), _owned_by(merged)
    assert before_merged  # the merged person had records of every kind

    record = services.merge(actor=user_for("case_worker"), survivor=survivor, merged=merged)

    assert _owned_by(merged) == set()
    after = _owned_by(survivor)
    assert before_survivor | before_merged <= after
    assert (after - before_survivor - before_merged) == {("participants.alias", record.alias_id)}
    alias = Alias.objects.get(pk=record.alias_id)
    assert (alias.given_names, alias.family_name) == ("Muhammad", "Al Hassan")
    merged.refresh_from_db()
    assert merged.merged_into == survivor
    assert record.moved_count() == len(before_merged)
    assert not CandidatePair.objects.filter(b=merged).exists()
    assert not BlockingKey.objects.filter(participant=merged).exists()
    assert not list(reach_table.drift([survivor.pk, merged.pk]))  # the policy sees the merge
    entry = AuditEntry.objects.filter(action="duplicates.merged").latest("pk")
    assert entry.detail["merged"] == merged.pk and entry.detail["survivor"] == survivor.pk

    services.unmerge(actor=user_for("team_lead"), record=record)

    assert _owned_by(survivor) == before_survivor
    assert _owned_by(merged) == before_merged
    merged.refresh_from_db()
    record.refresh_from_db()
    assert merged.merged_into is None
    assert record.undone_at is not None and record.undone_by == user_for("team_lead")
    assert not Alias.objects.filter(pk=record.alias_id).exists()
    assert AuditEntry.objects.filter(action="duplicates.unmerged").exists()
    assert CandidatePair.objects.filter(a=survivor, b=merged).exists()  # proposed again
    assert not list(reach_table.drift([survivor.pk, merged.pk]))


def test_two_open_referrals_to_one_organisation_are_refused_and_nothing_moves(person, user_for):
    survivor = person("Al-Hassan", "Mohammed")
    merged = person("Al Hassan", "Muhammad")
    _records(survivor, "S")
    _records(merged, "M")
    before = _owned_by(merged)
    with pytest.raises(ValidationError, match="referral"):
        services.merge(actor=user_for("case_worker"), survivor=survivor, merged=merged)
    assert _owned_by(merged) == before
    assert not MergeRecord.objects.exists()


def test_records_added_after_the_merge_stay_with_the_survivor(pair, user_for):
    survivor, merged = pair
    record = services.merge(actor=user_for("case_worker"), survivor=survivor, merged=merged)
    later = BenefitPeriod.objects.create(participant=survivor, system="none", valid_from=START)
    services.unmerge(actor=user_for("case_worker"), record=record)
    later.refresh_from_db()
    assert later.participant_id == survivor.pk


def test_a_merge_is_undone_once_and_merged_records_are_not_merged_again(pair, person, user_for):
    survivor, merged = pair
    actor = user_for("case_worker")
    record = services.merge(actor=actor, survivor=survivor, merged=merged)
    third = person("Alhassan", "Mohamad")
    with pytest.raises(ValidationError):
        services.merge(actor=actor, survivor=third, merged=merged)
    with pytest.raises(ValidationError):
        services.merge(actor=actor, survivor=merged, merged=third)
    services.unmerge(actor=actor, record=record)
    with pytest.raises(ValidationError):
        services.unmerge(actor=actor, record=record)


def test_undo_in_reverse_order(pair, person, user_for):
    survivor, merged = pair
    actor = user_for("case_worker")
    first = services.merge(actor=actor, survivor=survivor, merged=merged)
    third = person("Alhassan", "Mohamad")
    second = services.merge(actor=actor, survivor=third, merged=survivor)
    with pytest.raises(ValidationError):
        services.unmerge(actor=actor, record=first)
    services.unmerge(actor=actor, record=second)
    services.unmerge(actor=actor, record=first)
    assert MergeRecord.objects.filter(undone_at__isnull=True).count() == 0


def test_different_people_are_remembered_and_never_proposed_again(person, user_for):
    one = person("Hussein", "Ali")
    other = person("Husain", "Ali")
    assert CandidatePair.objects.filter(a=one, b=other).exists()
    services.mark_different(actor=user_for("team_lead"), one=other, other=one, note="Brothers")
    assert Decision.objects.get(a=one, b=other).note == "Brothers"
    assert not CandidatePair.objects.filter(a=one, b=other).exists()
    from inprocedere.duplicates import candidates

    candidates.refresh([one.pk, other.pk])
    engine.rebuild()
    assert not CandidatePair.objects.filter(a=one, b=other).exists()
    assert AuditEntry.objects.filter(action="duplicates.marked_different").count() == 1


@pytest.mark.parametrize("persona", ["authority_officer", "coordinator", "dpo", "outsider"])
def test_only_reviewers_within_reach_resolve(pair, user_for, persona):
    survivor, merged = pair
    with pytest.raises(PermissionDenied):
        services.merge(actor=user_for(persona), survivor=survivor, merged=merged)
    with pytest.raises(PermissionDenied):
        services.mark_different(actor=user_for(persona), one=survivor, other=merged)
    assert not MergeRecord.objects.exists()


def test_a_person_out_of_reach_cannot_be_merged(person, user_for):
    mine = person("Al-Hassan", "Mohammed")
    elsewhere = person("Al Hassan", "Muhammad", case=False, persona="jobcentre_officer")
    with pytest.raises(PermissionDenied):
        services.merge(actor=user_for("case_worker"), survivor=mine, merged=elsewhere)
