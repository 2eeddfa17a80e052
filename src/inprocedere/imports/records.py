"""The records one row of a sheet makes, planned as the services make them.

Each method mirrors a service of the pages — `participant_register`, `external_id_add`,
`residence_status_add`, `benefit_period_add`, `consent_record`, the opening of a case,
`activity_add`, `exit_record`, `follow_up_record` — with the same values, the same
checks that depend on the row (through the services' own helper functions), the same
audit action and detail. What it does not do per row is ask the database: the policy is
asked once per import and per chunk (writer.py), and the records go into the chunk's
Batch, which inserts them in bulk. tests/imports/test_bulk.py imports sheets both ways,
through the services one by one and through this, and compares every record, audit
entry and access-log entry.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from inprocedere.core import bulk
from inprocedere.privacy import policy

from .checks import Checks
from .lookups import related

MAX_ACTIVITY_MINUTES = 24 * 60


class RecordPlanner:
    def __init__(self, writer):
        self.writer = writer
        self.actor = writer.actor
        self.organisation = writer.organisation
        self.batch = None
        self._status_types: dict = {}
        self.checks = Checks(writer.today)
        self._funding()
        acting = policy.actor_for(self.actor)
        self.activity_position = acting.position_in(self.organisation.pk) or writer.position

    def _funding(self) -> None:
        from collections import defaultdict

        from inprocedere.network.models import FundingPeriod, SubProject

        self.funding_periods = list(FundingPeriod.objects.order_by("starts_on"))
        self.subprojects = defaultdict(list)
        for subproject in SubProject.objects.filter(organisation=self.organisation):
            self.subprojects[subproject.funding_period_id].append(subproject)

    def funding_for(self, day):
        """The funding period of the entry date, and the organisation's sub-project in it
        when there is exactly one (so region and sub-project reports see the case)."""
        periods = [p for p in self.funding_periods if p.starts_on <= day <= p.ends_on]
        if len(periods) != 1:
            return None, None
        period = periods[0]
        subprojects = self.subprojects.get(period.pk, [])
        return period, subprojects[0] if len(subprojects) == 1 else None

    # --- the person --------------------------------------------------------------------

    def register(self, entry):
        """participant_register and external_id_add of a new person.

        Two of the service's checks are made by the first pass already, with the same
        outcome for every value a sheet can hold, and are not repeated per row:
        `check_birth_date` (rows.py refuses a birth date in the future) and the model's
        `full_clean` (every column's length and vocabulary lie within the model field's;
        `test_records.py` compares them field by field)."""
        from inprocedere.participants.models import ExternalIdentifier, Participant
        from inprocedere.participants.services._common import check_citizenship
        from inprocedere.participants.services.participants import _clean_data

        step = self.writer.step
        data = {
            "family_name": entry.family_name,
            "given_names": entry.given_names,
            "gender": entry.gender or "not_stated",
            "citizenships": list(entry.citizenships),
            "stateless": entry.stateless,
            "postcode": entry.postcode,
            "municipality": entry.municipality,
            "foreign_background": entry.foreign_background,
            "disability": entry.disability,
            "minority": entry.minority,
        }
        data = step("register", entry, _clean_data, data)
        data["birth_date"] = entry.birth_date  # a PartialDate, checked (see above)
        person = bulk.new(
            Participant, registered_by=self.organisation, updated_by=self.actor, **data
        )
        step("register", entry, check_citizenship, data["citizenships"], data["stateless"])
        self.batch.add(person)
        self.batch.new_people.append(person)
        self.batch.audit(
            "participants.participant.registered",
            person,
            {"version": 1, "duplicates_confirmed": entry.ref in self.writer.warned_refs},
            organisation=self.organisation,
        )
        kind = ExternalIdentifier.Kind.PARTICIPANT_REF
        identifier = bulk.new(
            ExternalIdentifier,
            participant=person,
            organisation=self.organisation,
            kind=kind,
            value=entry.ref.strip(),
        )
        self.batch.add(identifier)
        self.batch.audit(
            "participants.external_id.added",
            person,
            {"organisation": self.organisation.slug, "kind": kind},
        )
        return person

    # --- a new entry -------------------------------------------------------------------

    def new_entry(self, entry, person):
        day = entry.entry_date
        known = person.pk is not None
        if entry.residence_status and (person.pk, entry.residence_status, day) not in (
            self.writer.statuses if known else ()
        ):
            self.writer.step("residence", entry, self._residence, entry, person)
        if entry.benefits and (person.pk, entry.benefits, day) not in (
            self.writer.benefits if known else ()
        ):
            self._benefit(entry, person)
        consents = self.writer.consents[person.pk] if known else self._new_consents(person)
        if entry.esf_consent and not any(consent.is_valid_on(day) for consent in consents):
            consents.append(self.writer.step("consent", entry, self._consent, entry, person))
        case = self.writer.step("case", entry, self._open_case, entry, person)
        minutes = entry.counselling_minutes
        while minutes > 0:
            portion = min(minutes, MAX_ACTIVITY_MINUTES)
            self._activity(entry, case, portion)
            minutes -= portion
        if entry.exit_date:
            follow_up = self.writer.step("exit", entry, self.exit, entry, case)
            if entry.has_follow_up:
                self.writer.step("follow_up", entry, self.follow_up, entry, case, follow_up)
        return case

    def _new_consents(self, person) -> list:
        consents = getattr(person, "_import_consents", None)
        if consents is None:
            consents = person._import_consents = []
        return consents

    def _residence(self, entry, person):
        from inprocedere.participants.models import ResidenceStatus
        from inprocedere.participants.services.records import (
            _check_residence,
            _fill_from_type,
            check_period,
            resolve_status_type,
        )

        day = entry.entry_date
        key = (entry.residence_status, day)
        if key not in self._status_types:
            self._status_types[key] = resolve_status_type(entry.residence_status, day)
        status = bulk.new(
            ResidenceStatus, participant=person, valid_from=day, recorded_by=self.actor
        )
        status.status_type = self._status_types[key]
        status.valid_until = entry.residence_valid_until
        _fill_from_type(status)
        check_period(status.valid_from, status.valid_until)
        _check_residence(status)
        self.batch.add(status)
        self.batch.audit(
            "participants.residence_status.added",
            person,
            lambda: {"record": status.pk, "status_type": status.status_type.code},
        )

    def _benefit(self, entry, person):
        from inprocedere.participants.models import BenefitPeriod

        period = self.batch.add(
            bulk.new(
                BenefitPeriod,
                participant=person,
                system=entry.benefits or "",
                valid_from=entry.entry_date,
                valid_until=None,
                agency=None,
            )
        )
        self.batch.audit(
            "participants.benefit_period.added",
            person,
            lambda: {"record": period.pk, "system": period.system},
        )

    def _consent(self, entry, person):
        """The ESF monitoring consent on paper at entry (the Stammblatt says only "yes")."""
        from inprocedere.privacy.models import Consent
        from inprocedere.privacy.services import recording_organisation_for

        # A person registered now is within reach of the importer's organisation only.
        organisation = (
            recording_organisation_for(self.actor, person)
            if person.pk is not None
            else self.organisation
        )
        consent = bulk.new(
            Consent,
            participant=person,
            categories=[],
            purposes=["esf_monitoring"],
            form="written",
            form_version="import",
            language="de",
            signed_on=entry.entry_date,
            valid_until=None,
            recorded_by=self.actor,
            recording_organisation=organisation,
        )
        self.batch.add(consent)
        self.batch.audit(
            "privacy.consent.recorded",
            consent,
            lambda: {
                "participant": person.pk,
                "recipients": [],
                "categories": [],
                "purposes": ["esf_monitoring"],
                "form": "written",
                "form_version": "import",
                "language": "de",
                "signed_on": entry.entry_date.isoformat(),
                "valid_until": None,
                "scan": None,
            },
        )
        return consent

    def _open_case(self, entry, person):
        """Open the case at the entry. A referral's intake opens cases on the pages; an
        imported entry has no referral, so the case opens here, with the same checks."""
        from django.core.exceptions import ValidationError

        from inprocedere.cases.models import Case, EmploymentStatus

        self.checks.not_in_future(entry.entry_date, "esf_entry_date")
        self.checks.known_choice(
            entry.employment_status_at_entry,
            EmploymentStatus,
            "employment_status_at_entry",
            blank=True,
        )
        if entry.isced is not None and not 0 <= entry.isced <= 8:
            raise ValidationError({"isced_at_entry": _("ISCED levels run from 0 to 8.")})
        funding_period, subproject = self.funding_for(entry.entry_date)
        position = self.writer.position
        case = bulk.new(
            Case,
            participant=person,
            owner_organisation=self.organisation,
            owner_position=position,
            esf_entry_date=entry.entry_date,
            funding_period=funding_period,
            subproject=subproject,
            employment_status_at_entry=entry.employment_status_at_entry,
            isced_at_entry=entry.isced,
            homeless=entry.homeless,
            rural=entry.rural,
            updated_by=self.actor,
        )
        self.batch.add(case)
        detail = {"owner_position": position.pk, "source": "import"}
        detail.update({"import": self.writer.run_id, "row": entry.row})
        self.batch.audit("case.opened", case, detail)
        return case

    def _activity(self, entry, case, minutes: int) -> None:
        from inprocedere.cases.models import Activity

        day = entry.entry_date
        activity = bulk.new(
            Activity,
            case=case,
            kind="counselling",
            date=day,
            duration_minutes=minutes,
            topics=[],
            note=_("Counselling hours from the participant sheet (import): %(hours)s")
            % {"hours": hours_text(entry.counselling_minutes)},
            confidential=False,
            position=self.activity_position,
            created_by=self.actor,
        )
        self.batch.add(activity)
        if case.last_contact_on is None or day > case.last_contact_on:
            case.last_contact_on = day  # a new case: inserted with it
        self.batch.audit(
            "case.activity.added",
            case,
            lambda: {"activity": activity.pk, "kind": "counselling", "date": str(day)},
        )

    # --- exit and follow-up (of a new entry, or completing a recorded one) -----------------

    def exit(self, entry, case):
        """exit_record: the exit, the follow-up due six months later, the case closed."""
        from inprocedere.cases.models import Exit, FollowUp, StatusOnLeaving
        from inprocedere.cases.services._common import case_start, not_before
        from inprocedere.cases.services.records import FOLLOW_UP_AFTER
        from inprocedere.cases.workflows import CASE_TRANSITIONS, CaseStatus, check_transition

        reason = entry.exit_reason or "other"
        self.checks.known_choice(reason, Exit.Reason, "reason")
        self.checks.known_choice(entry.status_upon_leaving, StatusOnLeaving, "status_upon_leaving")
        self.checks.not_in_future(entry.exit_date, "exit_date")
        start = case_start(case)
        not_before(
            entry.exit_date,
            start,
            "exit_date",
            _("The exit cannot lie before the entry (%(date)s).")
            % {"date": start.strftime("%d.%m.%Y")},
        )
        self.batch.add(
            bulk.new(
                Exit,
                case=case,
                exit_date=entry.exit_date,
                reason=reason,
                status_upon_leaving=entry.status_upon_leaving,
                qualification_gained=bool(entry.qualification_gained),
            )
        )
        follow_up = self.batch.add(
            bulk.new(FollowUp, case=case, due_on=entry.exit_date + FOLLOW_UP_AFTER)
        )
        before = case.status
        if before != CaseStatus.CLOSED:
            check_transition(CASE_TRANSITIONS, CaseStatus, before, CaseStatus.CLOSED)
            if case.pk is None:  # opened in this import: inserted closed, as closed after
                case.status = CaseStatus.CLOSED
                case.version += 1
            else:
                self.batch.closed_cases.append((case, before))
        self.batch.audit(
            "case.exit.recorded",
            case,
            {
                "exit_date": str(entry.exit_date),
                "reason": reason,
                "status_upon_leaving": entry.status_upon_leaving,
                "status": [before, CaseStatus.CLOSED],
                "follow_up_due": str(follow_up.due_on),
            },
        )
        return follow_up

    def follow_up(self, entry, case, follow_up):
        """follow_up_record: where the person stands six months after leaving."""
        from django.core.exceptions import ValidationError

        from inprocedere.cases.models import StatusOnLeaving
        from inprocedere.cases.services._common import not_before

        if follow_up is None:
            raise ValidationError(_("Please record the exit first."))
        if follow_up.done_on is not None:
            raise ValidationError(_("The follow-up has been recorded already."))
        self.checks.known_choice(entry.status_6_months, StatusOnLeaving, "status")
        self.checks.not_in_future(entry.follow_up_on, "done_on")
        not_before(
            entry.follow_up_on,
            self._exit_date(case, entry),
            "done_on",
            _("The follow-up cannot lie before the exit."),
        )
        follow_up.done_on = entry.follow_up_on
        follow_up.status = entry.status_6_months
        follow_up.situation_improved = entry.situation_improved_6_months
        if follow_up.pk is not None:
            self.batch.follow_ups_done.append(follow_up)
        self.batch.audit(
            "case.follow_up.recorded",
            case,
            {"done_on": str(entry.follow_up_on), "status": entry.status_6_months},
        )

    def _exit_date(self, case, entry):
        recorded = related(case, "exit") if case.pk is not None else None
        return recorded.exit_date if recorded is not None else entry.exit_date


def hours_text(minutes: int) -> str:
    hours = minutes / 60
    return f"{hours:g}".replace(".", ",")
