"""The duplicate keys and pairs of imported people are computed after the import's commit
(decision 0022): not inside its transaction, never lost when the worker dies in between,
and the same as a refresh of the same people computes."""

import pytest

from inprocedere.core import derived
from inprocedere.duplicates.models import BlockingKey, CandidatePair
from inprocedere.imports import jobs, pending
from inprocedere.imports.models import PendingKeys
from inprocedere.participants.models import ExternalIdentifier

from .conftest import make_csv, row

pytestmark = pytest.mark.django_db

# Two refs, one person (the same name and birth date): a candidate pair once computed.
ROWS = [
    row(participant_ref="P-1", family_name="Wardak", given_names="Zarghuna"),
    row(participant_ref="P-2", family_name="Wardak", given_names="Zarghuna"),
    row(participant_ref="P-3", family_name="Okonkwo", given_names="Chidera", birth_date="1981"),
]


def people(profes) -> list[int]:
    return sorted(
        ExternalIdentifier.objects.filter(organisation=profes, value__startswith="P-").values_list(
            "participant_id", flat=True
        )
    )


def keys_of(ids) -> list[tuple]:
    return sorted(
        BlockingKey.objects.filter(participant_id__in=ids).values_list(
            "participant_id", "key", "year", "month"
        )
    )


def test_the_keys_are_computed_after_the_commit_as_a_refresh_computes_them(
    import_sheet, profes, monkeypatch
):
    seen = {}
    original = jobs.refresh_keys

    def after_commit(run):
        ids = people(profes)
        seen["keys"] = keys_of(ids)
        seen["pending"] = sorted(PendingKeys.objects.filter(run=run).values_list(
            "participant_id", flat=True
        ))  # fmt: skip
        seen["status"] = run.status
        original(run)

    monkeypatch.setattr(jobs, "refresh_keys", after_commit)
    run = import_sheet(make_csv(ROWS))
    assert run.status == "done", run.problem_list
    ids = people(profes)
    assert len(ids) == 3
    # At the commit: the run is done, its people wait, none has keys yet.
    assert seen == {"keys": [], "pending": ids, "status": "done"}
    # After it: keys and the pair, nothing waits.
    assert not PendingKeys.objects.exists()
    computed = keys_of(ids)
    assert {pk for pk, *_rest in computed} == set(ids)
    assert CandidatePair.objects.filter(a_id=ids[0], b_id=ids[1]).exists()
    # The same keys as the refresh every other writer calls.
    derived.refresh(ids, only=[pending.DEFERRED])
    assert keys_of(ids) == computed


def test_keys_a_dead_worker_left_are_computed_at_the_task_queue_s_next_start(
    import_sheet, profes, monkeypatch
):
    from inprocedere.imports import tasks

    # The worker dies right after the import's commit.
    monkeypatch.setattr(jobs, "refresh_keys", lambda run: None)
    run = import_sheet(make_csv(ROWS))
    assert run.status == "done"
    ids = people(profes)
    assert keys_of(ids) == [] and PendingKeys.objects.count() == 3
    monkeypatch.undo()
    tasks.recover()  # at the consumer's start (its tasks run at once in the tests)
    assert not PendingKeys.objects.exists()
    assert {pk for pk, *_rest in keys_of(ids)} == set(ids)
    assert CandidatePair.objects.filter(a_id=ids[0], b_id=ids[1]).exists()


def test_a_failure_while_computing_keeps_the_chunk_waiting(import_sheet, profes, monkeypatch):
    original = derived.refresh

    def broken(ids, only=None):
        if only == [pending.DEFERRED]:
            raise RuntimeError("the database went away")
        return original(ids, only=only)

    monkeypatch.setattr(derived, "refresh", broken)
    run = import_sheet(make_csv(ROWS))
    assert run.status == "done"  # the import is committed; its keys wait
    assert PendingKeys.objects.filter(run=run).count() == 3
    monkeypatch.undo()
    assert pending.refresh_pending() == 3
    assert len({pk for pk, *_rest in keys_of(people(profes))}) == 3
