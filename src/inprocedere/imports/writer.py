"""The second pass: a validated sheet written as the pages would write it, in bulk.

One transaction for the whole file, because the promise is all-or-nothing: a chunked
commit would leave half a file behind when row 80,000 fails. Within it, each chunk of
1,000 rows looks up what is recorded already in a handful of queries, plans per row the
records the services would write (`records.py`, the same values and the same checks
the first pass could not make), and writes them with their audit and access-log
entries in one insert per kind (`batch.py`). The policy is asked once per import for
what the importing organisation does with the people it registers (it owns them and
their cases) and once per chunk, as a set, for people and cases recorded before. If a
row is refused all the same, everything is rolled back and the refusal is reported by
row and column.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.privacy import policy

from .batch import Batch
from .lookups import related, unrestricted
from .records import RecordPlanner
from .validation import CHUNK_ROWS, Entry


class RowFailed(Exception):
    def __init__(self, row: int, column: str, message: str):
        super().__init__(message)
        self.row = row
        self.column = column
        self.message = message


# Where a service's field error belongs in the sheet, per step.
FIELD_COLUMNS = {
    "register": {"citizenships": "citizenship", "stateless": "citizenship"},
    "external_id": {"value": "participant_ref"},
    "residence": {"status_type": "residence_status", "valid_until": "residence_valid_until"},
    "benefit": {"system": "benefits", "valid_from": "entry_date"},
    "consent": {"signed_on": "entry_date"},
    "case": {"isced_at_entry": "isced", "esf_entry_date": "entry_date"},
    "activity": {"date": "entry_date", "duration_minutes": "counselling_hours"},
    "exit": {"reason": "exit_reason"},
    "follow_up": {"status": "status_6_months", "done_on": "status_6_months"},
}
STEP_COLUMN = {
    "register": "family_name",
    "external_id": "participant_ref",
    "residence": "residence_status",
    "benefit": "benefits",
    "consent": "esf_consent",
    "case": "entry_date",
    "activity": "counselling_hours",
    "exit": "exit_date",
    "follow_up": "status_6_months",
}


class Counts(dict):
    def add(self, name: str, number: int = 1) -> None:
        self[name] = self.get(name, 0) + number


class Writer:
    """Writes entries as `actor` acting through `position` of `organisation`."""

    def __init__(
        self, *, actor, organisation, position, run_id=None, warned_refs=(), progress=None
    ):
        self.actor = actor
        self.organisation = organisation
        self.position = position
        self.run_id = str(run_id) if run_id else ""
        self.warned_refs = set(warned_refs)
        self.progress = progress
        self.counts = Counts()
        self.participant_ids: dict[str, int] = {}
        self.pending: dict = {}  # ref -> participant registered in this chunk, not written yet
        self.bases: dict[int, str] = {}  # access-log basis per person, asked once
        self.today = timezone.localdate()
        self.planner = RecordPlanner(self)

    # --- the pass ----------------------------------------------------------------------

    def write(self, entries, total: int = 0) -> Counts:
        """Write every entry (an iterable, consumed chunk by chunk). Call inside a
        transaction: a RowFailed leaves it to be rolled back."""
        self._may_import()
        chunk: list[Entry] = []
        done = 0
        for entry in entries:
            chunk.append(entry)
            if len(chunk) >= CHUNK_ROWS:
                self._chunk(chunk)
                done += len(chunk)
                chunk = []
                if self.progress:
                    self.progress(done, total)
        if chunk:
            self._chunk(chunk)
            done += len(chunk)
        if self.progress:
            self.progress(done, total)
        return self.counts

    def _may_import(self) -> None:
        """The policy, once: the importer registers people for its organisation and
        works with them (it registered them, it owns their cases)."""
        from inprocedere.participants.services._common import registering_organisation

        policy.require(self.actor, "import.participants")
        policy.require(self.actor, "participant.register")
        try:
            registering_organisation(self.actor, self.position)
        except ValidationError as error:
            raise PermissionDenied(" ".join(error.messages)) from None

    def _chunk(self, chunk: list[Entry]) -> None:
        self._load(chunk)
        batch = Batch(actor=self.actor, run_id=self.run_id or None)
        self.planner.batch = batch
        for entry in chunk:
            self._entry(entry)
        batch.flush(self.bases)
        self.participant_ids.update({ref: person.pk for ref, person in self.pending.items()})
        self.pending = {}

    def _load(self, chunk: list[Entry]) -> None:
        """What the organisation recorded of the chunk's people, in a handful of queries."""
        from inprocedere.cases.models import Case
        from inprocedere.participants.models import (
            BenefitPeriod,
            ExternalIdentifier,
            Participant,
            ResidenceStatus,
        )
        from inprocedere.privacy.models import Consent

        refs = {entry.ref for entry in chunk} - set(self.participant_ids)
        if refs:
            self.participant_ids.update(
                ExternalIdentifier.objects.filter(
                    organisation=self.organisation,
                    kind=ExternalIdentifier.Kind.PARTICIPANT_REF,
                    value__in=refs,
                ).values_list("value", "participant_id")
            )
        ids = {self.participant_ids[e.ref] for e in chunk if e.ref in self.participant_ids}
        self.participants = unrestricted(Participant).select_related("registered_by").in_bulk(ids)
        self.editable = _allowed(self.actor, Participant, ids, "participant.edit")
        self.cases = {}
        for case in (
            unrestricted(Case)
            .filter(participant_id__in=ids, owner_organisation=self.organisation)
            .select_related("exit", "follow_up")
        ):
            case.owner_organisation = self.organisation
            self.cases[(case.participant_id, case.esf_entry_date)] = case
        case_ids = [case.pk for case in self.cases.values()]
        self.manageable = _allowed(self.actor, Case, case_ids, "case.manage")
        self.statuses = set(
            ResidenceStatus.objects.filter(participant_id__in=ids).values_list(
                "participant_id", "status_type__code", "valid_from"
            )
        )
        self.benefits = set(
            BenefitPeriod.objects.filter(participant_id__in=ids).values_list(
                "participant_id", "system", "valid_from"
            )
        )
        self.consents = defaultdict(list)
        for consent in (
            unrestricted(Consent).filter(participant_id__in=ids).for_purpose("esf_monitoring")
        ):
            self.consents[consent.participant_id].append(consent)

    def step(self, step: str, entry: Entry, call, *args, **kwargs):
        """Run one planned write; a refusal becomes the row's RowFailed."""
        try:
            return call(*args, **kwargs)
        except ValidationError as error:
            column, message = self._explain(step, error)
            raise RowFailed(entry.row, column, message) from None
        except PermissionDenied:
            raise RowFailed(
                entry.row,
                STEP_COLUMN[step],
                _("You may not record this for %(organisation)s.")
                % {"organisation": self.organisation},
            ) from None

    def _explain(self, step: str, error: ValidationError) -> tuple[str, str]:
        if hasattr(error, "error_dict"):
            field, messages = next(iter(error.message_dict.items()))
            column = FIELD_COLUMNS[step].get(field, field)
            if field == "__all__":
                column = STEP_COLUMN[step]
            return column, " ".join(messages)
        return STEP_COLUMN[step], " ".join(error.messages)

    # --- one row -----------------------------------------------------------------------

    def _entry(self, entry: Entry) -> None:
        plan = self.planner
        participant = self._participant(entry)
        # A person registered in this chunk has no recorded entries (the first pass
        # refused the same entry twice).
        case = self.cases.get((participant.pk, entry.entry_date)) if participant.pk else None
        if case is None:
            self.step("case", entry, self._may_edit, participant)
            plan.new_entry(entry, participant)
            self.counts.add("new_entries")
            return
        changed = False
        follow_up = related(case, "follow_up")
        if entry.exit_date and related(case, "exit") is None:
            self.step("exit", entry, self._may_manage, case)
            follow_up = self.step("exit", entry, plan.exit, entry, case)
            changed = True
        if entry.has_follow_up and (follow_up is None or follow_up.done_on is None):
            self.step("follow_up", entry, self._may_manage, case)
            self.step("follow_up", entry, plan.follow_up, entry, case, follow_up)
            changed = True
        self.counts.add("updated_entries" if changed else "unchanged_entries")

    def _participant(self, entry: Entry):
        if entry.ref in self.pending:
            return self.pending[entry.ref]
        known = self.participant_ids.get(entry.ref)
        if known is not None:
            if known not in self.participants:
                from inprocedere.participants.models import Participant

                self.participants[known] = (
                    unrestricted(Participant).select_related("registered_by").get(pk=known)
                )
            return self.participants[known]
        participant = self.planner.register(entry)
        self.pending[entry.ref] = participant
        self.counts.add("new_people")
        return participant

    def _may_edit(self, participant) -> None:
        if participant.pk is not None and participant.pk not in self.editable:
            raise PermissionDenied

    def _may_manage(self, case) -> None:
        if case.pk is not None and case.pk not in self.manageable:
            raise PermissionDenied


def _allowed(actor, model, ids, name: str) -> set:
    """Which of `ids` the policy lets `actor` do `name` with: one query for the set."""
    if not ids:
        return set()
    queryset = policy.visible(actor, model.objects.filter(pk__in=ids), name)
    return set(queryset.values_list("pk", flat=True))
