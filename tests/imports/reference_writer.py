"""The import's write pass as it was before it wrote in bulk: every row through the services
of the pages, one by one. Kept in the tests as the reference the bulk writer must equal
(test_bulk.py): the same records, audit entries and access-log entries.

The second pass: a validated sheet written through the same services the pages use.

One transaction for the whole file, because the promise is all-or-nothing: a chunked
commit would leave half a file behind when row 80,000 fails. What is batched is the
reading: each chunk of rows looks up what is recorded already (participants by their
ref, their cases, statuses, benefit periods, consents) in a handful of queries, and the
services then write row by row with their own checks and audit entries. If a service
refuses a row all the same (something the first pass could not know), everything is
rolled back and the refusal is reported by row and column.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.core import audit
from inprocedere.imports.lookups import unrestricted
from inprocedere.imports.validation import CHUNK_ROWS, Entry
from inprocedere.imports.writer import STEP_COLUMN, Counts, RowFailed
from inprocedere.privacy import policy

MAX_ACTIVITY_MINUTES = 24 * 60


# Where a service's field error belongs in the sheet, per step.
FIELD_COLUMNS = {
    "register": {
        "citizenships": "citizenship",
        "stateless": "citizenship",
        "registering_position": "",
    },
    "external_id": {"value": "participant_ref"},
    "residence": {"status_type": "residence_status", "valid_until": "residence_valid_until"},
    "benefit": {"system": "benefits", "valid_from": "entry_date"},
    "consent": {"signed_on": "entry_date"},
    "case": {"isced_at_entry": "isced"},
    "activity": {"date": "entry_date", "duration_minutes": "counselling_hours"},
    "exit": {"reason": "exit_reason"},
    "follow_up": {"status": "status_6_months", "done_on": "status_6_months"},
}


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
        self.today = timezone.localdate()
        self._funding()

    def _funding(self) -> None:
        from inprocedere.network.models import FundingPeriod, SubProject

        self.funding_periods = list(FundingPeriod.objects.order_by("starts_on"))
        self.subprojects = defaultdict(list)
        for subproject in SubProject.objects.filter(organisation=self.organisation):
            self.subprojects[subproject.funding_period_id].append(subproject)

    def funding_for(self, day: dt.date):
        """The funding period of the entry date, and the organisation's sub-project in it
        when there is exactly one (so region and sub-project reports see the case)."""
        periods = [p for p in self.funding_periods if p.starts_on <= day <= p.ends_on]
        if len(periods) != 1:
            return None, None
        period = periods[0]
        subprojects = self.subprojects.get(period.pk, [])
        return period, subprojects[0] if len(subprojects) == 1 else None

    # --- the pass ----------------------------------------------------------------------

    def write(self, entries, total: int = 0) -> Counts:
        """Write every entry (an iterable, consumed chunk by chunk). Call inside a
        transaction: a RowFailed leaves it to be rolled back."""
        from inprocedere.duplicates import candidates

        policy.require(self.actor, "import.participants")
        chunk: list[Entry] = []
        done = 0
        # Duplicate-detection keys once per thousand people at the end, not per person.
        with candidates.deferred():
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

    def _chunk(self, chunk: list[Entry]) -> None:
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
        self.participants = unrestricted(Participant).in_bulk(ids)
        self.cases = {
            (case.participant_id, case.esf_entry_date): case
            for case in unrestricted(Case)
            .filter(participant_id__in=ids, owner_organisation=self.organisation)
            .select_related("exit", "follow_up")
        }
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
        for entry in chunk:
            self._entry(entry)

    def _step(self, step: str, entry: Entry, call, *args, **kwargs):
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
        participant = self._participant(entry)
        case = self.cases.get((participant.pk, entry.entry_date))
        if case is None:
            self._new_entry(entry, participant)
            return
        changed = False
        if entry.exit_date and _related(case, "exit") is None:
            self._exit(entry, case)
            changed = True
        follow_up = _related(case, "follow_up")
        if entry.has_follow_up and (follow_up is None or follow_up.done_on is None):
            self._follow_up(entry, case)
            changed = True
        self.counts.add("updated_entries" if changed else "unchanged_entries")

    def _participant(self, entry: Entry):
        from inprocedere.participants.models import ExternalIdentifier
        from inprocedere.participants.services import external_id_add, participant_register

        known = self.participant_ids.get(entry.ref)
        if known is not None:
            if known not in self.participants:
                from inprocedere.participants.models import Participant

                self.participants[known] = unrestricted(Participant).get(pk=known)
            return self.participants[known]
        participant = self._step(
            "register",
            entry,
            participant_register,
            actor=self.actor,
            family_name=entry.family_name,
            given_names=entry.given_names,
            registering_position=self.position,
            duplicates_confirmed=entry.ref in self.warned_refs,
            birth_date=entry.birth_date,
            gender=entry.gender or "not_stated",
            citizenships=list(entry.citizenships),
            stateless=entry.stateless,
            postcode=entry.postcode,
            municipality=entry.municipality,
            foreign_background=entry.foreign_background,
            disability=entry.disability,
            minority=entry.minority,
        )
        self._step(
            "external_id",
            entry,
            external_id_add,
            actor=self.actor,
            participant=participant,
            organisation=self.organisation,
            kind=ExternalIdentifier.Kind.PARTICIPANT_REF,
            value=entry.ref,
        )
        self.participant_ids[entry.ref] = participant.pk
        self.participants[participant.pk] = participant
        self.counts.add("new_people")
        return participant

    def _new_entry(self, entry: Entry, participant) -> None:
        from inprocedere.cases.services import activity_add
        from inprocedere.participants.services import benefit_period_add, residence_status_add

        day = entry.entry_date
        if entry.residence_status and (
            (participant.pk, entry.residence_status, day) not in self.statuses
        ):
            self._step(
                "residence",
                entry,
                residence_status_add,
                actor=self.actor,
                participant=participant,
                status_type=entry.residence_status,
                valid_from=day,
                valid_until=entry.residence_valid_until,
            )
            self.statuses.add((participant.pk, entry.residence_status, day))
        if entry.benefits and (participant.pk, entry.benefits, day) not in self.benefits:
            self._step(
                "benefit",
                entry,
                benefit_period_add,
                actor=self.actor,
                participant=participant,
                system=entry.benefits,
                valid_from=day,
            )
            self.benefits.add((participant.pk, entry.benefits, day))
        if entry.esf_consent and not any(
            consent.is_valid_on(day) for consent in self.consents[participant.pk]
        ):
            self.consents[participant.pk].append(self._consent(entry, participant))
        case = self._step("case", entry, self._open_case, entry, participant)
        self.cases[(participant.pk, day)] = case
        minutes = entry.counselling_minutes
        while minutes > 0:
            portion = min(minutes, MAX_ACTIVITY_MINUTES)
            self._step(
                "activity",
                entry,
                activity_add,
                actor=self.actor,
                case=case,
                kind="counselling",
                date=day,
                duration_minutes=portion,
                note=_("Counselling hours from the participant sheet (import): %(hours)s")
                % {"hours": _hours(entry.counselling_minutes)},
            )
            minutes -= portion
        if entry.exit_date:
            self._exit(entry, case)
        if entry.has_follow_up:
            self._follow_up(entry, case)
        self.counts.add("new_entries")

    def _consent(self, entry: Entry, participant):
        from inprocedere.privacy.services import consent_record

        # The sheet says only "yes": the ESF consent on paper at entry (the Stammblatt).
        return self._step(
            "consent",
            entry,
            consent_record,
            actor=self.actor,
            participant=participant,
            recipients=[],
            categories=[],
            purposes=["esf_monitoring"],
            form="written",
            form_version="import",
            language="de",
            signed_on=entry.entry_date,
            valid_until=None,
        )

    def _open_case(self, entry: Entry, participant):
        """Open the case at the entry. A referral's intake opens cases on the pages; an
        imported entry has no referral, so the case opens here, with the same checks."""
        from inprocedere.cases.models import Case, EmploymentStatus
        from inprocedere.cases.services._common import known_choice, not_in_future

        policy.require(self.actor, "participant.edit", participant)
        not_in_future(entry.entry_date, "esf_entry_date")
        known_choice(
            entry.employment_status_at_entry,
            EmploymentStatus,
            "employment_status_at_entry",
            blank=True,
        )
        if entry.isced is not None and not 0 <= entry.isced <= 8:
            raise ValidationError({"isced_at_entry": _("ISCED levels run from 0 to 8.")})
        funding_period, subproject = self.funding_for(entry.entry_date)
        case = unrestricted(Case).create(
            participant=participant,
            owner_organisation=self.organisation,
            owner_position=self.position,
            esf_entry_date=entry.entry_date,
            funding_period=funding_period,
            subproject=subproject,
            employment_status_at_entry=entry.employment_status_at_entry,
            isced_at_entry=entry.isced,
            homeless=entry.homeless,
            rural=entry.rural,
            updated_by=self.actor,
        )
        audit.record(
            "case.opened",
            actor=self.actor,
            obj=case,
            detail={
                "owner_position": self.position.pk,
                "source": "import",
                "import": self.run_id,
                "row": entry.row,
            },
        )
        return case

    def _exit(self, entry: Entry, case) -> None:
        from inprocedere.cases.services import exit_record

        self._step(
            "exit",
            entry,
            exit_record,
            actor=self.actor,
            case=case,
            exit_date=entry.exit_date,
            reason=entry.exit_reason or "other",
            status_upon_leaving=entry.status_upon_leaving,
            qualification_gained=entry.qualification_gained,
        )

    def _follow_up(self, entry: Entry, case) -> None:
        from inprocedere.cases.services import follow_up_record

        self._step(
            "follow_up",
            entry,
            follow_up_record,
            actor=self.actor,
            case=case,
            done_on=entry.follow_up_on,
            status=entry.status_6_months,
            situation_improved=entry.situation_improved_6_months,
        )


def _related(case, name: str):
    """The case's exit or follow-up, or None (a missing reverse one-to-one raises)."""
    try:
        return getattr(case, name)
    except ObjectDoesNotExist:
        return None


def _hours(minutes: int) -> str:
    hours = minutes / 60
    return f"{hours:g}".replace(".", ",")
