"""One chunk of the write pass, written in bulk: the records, their audit entries and the
access log, each as one insert per kind of record (issue 12, item 4).

The records are those the services write on the pages (tests/imports/test_bulk.py
compares both field by field): what `writer.py` plans per row lands here, and `flush()`
inserts it in the order the foreign keys need. Every audited change is one audit entry,
as `core.audit.record` writes it (actor, object, organisation, detail, masked), and one
access-log entry, as the privacy app's writer does (`privacy/write_log.py`): who changed
which categories of whose data, on which basis. Both are built here because a record's
id is known only after its insert; the rules are the same functions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from inprocedere.core import audit, bulk, derived
from inprocedere.core.models import AuditEntry
from inprocedere.privacy import access_log, policy
from inprocedere.privacy.categories import categories_of

from . import pending
from .lookups import unrestricted
from .models import PendingKeys

AUDIT_COLUMNS = (
    "created_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "organisation_id",
    "detail",
)


@dataclass
class _Audited:
    action: str
    obj: object
    detail: Callable[[], dict] | dict
    organisation: object = None


@dataclass
class Batch:
    """What one chunk writes. `add` new records in dependency order of their models."""

    actor: object
    run_id: object = None  # the run whose people's duplicate keys wait (pending.py)
    created: dict = field(default_factory=lambda: defaultdict(list))
    audited: list = field(default_factory=list)
    closed_cases: list = field(default_factory=list)  # (case, status before) of known cases
    follow_ups_done: list = field(default_factory=list)  # known follow-ups now recorded
    new_people: list = field(default_factory=list)

    def add(self, obj):
        self.created[type(obj)].append(obj)
        return obj

    def audit(self, action: str, obj, detail, organisation=None) -> None:
        self.audited.append(_Audited(action, obj, detail, organisation))

    # --- writing -----------------------------------------------------------------------

    def flush(self, bases: dict) -> None:
        """Insert everything; `bases` ({participant id: basis}) is filled as needed."""
        from inprocedere.cases.models import FollowUp

        for objects in self.created.values():
            bulk.insert(objects)
        if self.closed_cases:
            _close(self.actor, self.closed_cases)
        if self.follow_ups_done:
            FollowUp.objects.bulk_update(
                self.follow_ups_done, ["done_on", "status", "situation_improved"]
            )
        new = {person.pk for person in self.new_people}
        if new:
            # The duplicate keys and pairs after the commit (pending.py, decision 0022).
            derived.refresh(sorted(new), only=pending.in_transaction())
            bulk.insert_values(
                PendingKeys, ("participant_id", "run_id"), [(pk, self.run_id) for pk in new]
            )
        known = self._reach_touched() - new
        if known:
            # Cases and referrals of people registered before: bulk inserts fire no
            # signals, so their reach rows are rewritten here (privacy/reach_table.py).
            derived.refresh(sorted(known), only=["privacy.reach"])
        self._audit()
        self._access_log(bases)

    def _reach_touched(self) -> set[int]:
        """The people a created case or referral gives or changes a basis of reach."""
        return {
            obj.participant_id
            for model, objects in self.created.items()
            if model._meta.label_lower in ("cases.case", "cases.referral")
            for obj in objects
            if obj.participant_id
        }

    def _audit(self) -> None:
        """One audit entry per change, the values `core.audit.record` gives (one time
        for the chunk: they are one transaction)."""
        actor = self.actor if getattr(self.actor, "is_authenticated", False) else None
        actor_id = actor.pk if actor is not None else None
        label = (actor.get_username() if actor is not None else "system")[:200]
        now = timezone.now()
        rows = []
        for item in self.audited:
            obj = item.obj
            detail = item.detail() if callable(item.detail) else item.detail
            organisation = item.organisation or getattr(obj, "audit_organisation", None)
            rows.append(
                (
                    now,
                    actor_id,
                    label,
                    item.action,
                    obj._meta.label_lower,
                    str(obj.pk),
                    str(obj)[:300],
                    organisation.pk if organisation is not None else None,
                    audit.mask_secrets(detail),
                )
            )
        bulk.insert_values(AuditEntry, AUDIT_COLUMNS, rows)

    def _access_log(self, bases: dict) -> None:
        """The access log of every audited change of a person's data, as `policy.written`
        logs it on the pages (with the chunk's people in few rows)."""
        writes = [(item.action, type(item.obj), _participant_id(item.obj)) for item in self.audited]
        writes = [write for write in writes if write[2] is not None]
        missing = sorted({pk for _a, _m, pk in writes} - set(bases))
        if missing:
            found = policy.disclosures(self.actor, missing)
            bases.update({pk: found[pk].basis or "system" for pk in missing})
        organisation = policy.acting_organisation(self.actor)
        groups = defaultdict(list)
        for action, model, pk in writes:
            groups[(action, model)].append(pk)
        for (action, model), ids in groups.items():
            categories = set(categories_of(model).values())
            # access_log.record names each person once per call (rows group people by
            # basis, decision 0018): a person with two changes of a kind (two
            # activities) is logged twice, as on the pages.
            times = Counter(ids)
            for round_ in range(max(times.values())):
                once = [pk for pk in times if times[pk] > round_]
                access_log.record(
                    self.actor,
                    once,
                    action="write",
                    categories=categories,
                    purpose=action[:40],
                    basis={pk: bases[pk] for pk in once},
                    organisation=organisation,
                )


def _participant_id(obj):
    """Whose data `obj` is (as core.audit decides it)."""
    if obj._meta.label_lower == "participants.participant":
        return obj.pk
    return getattr(obj, "participant_id", None)


def _close(actor, closed: list) -> None:
    """Known cases closed by their exit, as exit_record closes them."""
    from django.db.models import F
    from django.utils import timezone

    from inprocedere.cases.models import Case
    from inprocedere.cases.workflows import CaseStatus

    ids = [case.pk for case, before in closed if before != CaseStatus.CLOSED]
    if ids:
        unrestricted(Case).filter(pk__in=ids).update(
            status=CaseStatus.CLOSED,
            version=F("version") + 1,
            updated_by=actor,
            updated_at=timezone.now(),
        )
