"""The reach table (`privacy.Reach`): kept, rebuilt and checked (decision 0012).

Derived from the records that make a basis (privacy/reach.py says which): a person's
registration, their cases and case teams, their live referrals. Consents are not copied:
their validity is asked at query time. Whoever writes those records keeps the table in
step in the same transaction:

- the services and every other ORM write: the signal handlers below rewrite the person's
  rows on each save or delete of a participant, case or referral that touches a basis,
  and on each change of a case team (index maintenance, like a database trigger: no
  domain decision is taken there, and no write path can forget it);
- bulk writers (the scale generator's COPY, imports, merges, `QuerySet.update` of a
  basis): `core.derived.refresh(ids)`, where this module registers as `privacy.reach`;
- after an upgrade or a restore: `inprocedere reach rebuild`; `inprocedere reach check`
  compares the table with what the records say and names the people where they differ.

A person's rows are always rewritten whole (delete, insert), from a constant number of
queries per chunk of people, never one per person.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import transaction

CHUNK = 5000

Row = tuple  # (participant, organisation, basis, position)


def _models():
    from inprocedere.cases.models import Case, Referral
    from inprocedere.participants.models import Participant

    from .models import Reach

    return Participant, Case, Referral, Reach


def expected_rows(ids: list[int]) -> set[Row]:
    """The rows the records of these participants call for (four queries)."""
    from .reach import LIVE_REFERRAL_STATES

    Participant, Case, Referral, _reach = _models()
    rows: set[Row] = set()
    for pk, org in Participant.unrestricted.filter(pk__in=ids).values_list("pk", "registered_by"):
        if org:
            rows.add((pk, org, "registered", None))
    for pk, org in Case.unrestricted.filter(participant_id__in=ids).values_list(
        "participant_id", "owner_organisation_id"
    ):
        rows.add((pk, org, "case", None))
    referrals = Referral.unrestricted.filter(participant_id__in=ids, state__in=LIVE_REFERRAL_STATES)
    for pk, to_org, from_org in referrals.values_list(
        "participant_id", "to_organisation_id", "from_position__organisation_id"
    ):
        rows.update({(pk, to_org, "referral", None), (pk, from_org, "referral", None)})
    team = Case.team.through.objects.filter(case__participant_id__in=ids)
    for pk, position, org in team.values_list(
        "case__participant_id", "position_id", "position__organisation_id"
    ):
        rows.add((pk, org, "team", position))
    return rows


def stored_rows(ids: list[int]) -> set[Row]:
    *_rest, Reach = _models()
    return set(
        Reach.objects.filter(participant_id__in=ids).values_list(
            "participant_id", "organisation_id", "basis", "position_id"
        )
    )


def _chunks(participant_ids) -> Iterator[list[int]]:
    if participant_ids is not None:
        ids = sorted({int(pk) for pk in participant_ids if pk})
        for start in range(0, len(ids), CHUNK):
            yield ids[start : start + CHUNK]
        return
    Participant, *_rest = _models()
    last = 0
    while True:
        people = Participant.unrestricted.filter(pk__gt=last).order_by("pk")
        ids = list(people.values_list("pk", flat=True)[:CHUNK])
        if not ids:
            return
        yield ids
        last = ids[-1]


def refresh_reach(participant_ids: list[int] | None) -> None:
    """The refresher registered with `core.derived`: rewrite these people's rows (None:
    everybody's, chunk by chunk)."""
    *_rest, Reach = _models()
    for ids in _chunks(participant_ids):
        with transaction.atomic(savepoint=False):
            Reach.objects.filter(participant_id__in=ids).delete()
            Reach.objects.bulk_create(
                [_reach(Reach, row) for row in sorted(expected_rows(ids), key=_order)],
                batch_size=2000,
            )


def _order(row: Row):
    return (row[0], row[1], row[2], row[3] or 0)


def _reach(Reach, row: Row):
    pk, org, basis, position = row
    return Reach(participant_id=pk, organisation_id=org, basis=basis, position_id=position)


def drift(participant_ids: list[int] | None = None) -> Iterator[tuple[int, int, int]]:
    """(participant, rows missing, rows too many) for each person whose rows differ from
    what their records call for."""
    for ids in _chunks(participant_ids):
        expected, stored = expected_rows(ids), stored_rows(ids)
        if expected == stored:
            continue
        for pk in sorted({row[0] for row in expected ^ stored}):
            missing = sum(1 for row in expected - stored if row[0] == pk)
            extra = sum(1 for row in stored - expected if row[0] == pk)
            yield pk, missing, extra


# --- keeping in step with ORM writes -------------------------------------------------


def _participant_of(instance) -> int | None:
    label = instance._meta.label_lower
    return instance.pk if label == "participants.participant" else instance.participant_id


# The fields a basis is made of, per model: a save that names others leaves reach alone.
_BASIS_FIELDS = {
    "participants.participant": {"registered_by", "registered_by_id"},
    "cases.case": {"participant", "participant_id", "owner_organisation", "owner_organisation_id"},
    "cases.referral": {
        "participant",
        "participant_id",
        "state",
        "to_organisation",
        "to_organisation_id",
        "from_position",
        "from_position_id",
    },
}


def _saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:  # a fixture being loaded: `reach rebuild` afterwards
        return
    if update_fields and not set(update_fields) & _BASIS_FIELDS[instance._meta.label_lower]:
        return
    refresh_reach([_participant_of(instance)])


def _team_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        refresh_reach([instance.participant_id])
    elif pk_set:
        # From the position's side: the cases named.
        ids = model._base_manager.filter(pk__in=pk_set).values_list("participant_id", flat=True)
        refresh_reach(list(ids))


def connect() -> None:
    """Called from PrivacyConfig.ready()."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from inprocedere.core import derived

    Participant, Case, Referral, _reach = _models()
    derived.register("privacy.reach", refresh_reach, order=20)
    for model in (Participant, Case, Referral):
        uid = f"inprocedere_reach_{model._meta.label_lower}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_saved, sender=model, dispatch_uid=uid + "_delete")
    m2m_changed.connect(
        _team_changed, sender=Case.team.through, dispatch_uid="inprocedere_reach_case_team"
    )
