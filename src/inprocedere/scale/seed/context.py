"""One chunk of generated rows: the tables being filled, and dates written as the
database stores them.

Dates are handled as day numbers (`date.toordinal()`) while generating, and turned into
text once per distinct day (a few thousand days, not tens of millions of rows).
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from inprocedere.cases.models import (
    Activity,
    Case,
    Enrollment,
    Exit,
    FollowUp,
    Goal,
    NeedsAssessment,
    Placement,
    Referral,
    ReferralTransition,
)
from inprocedere.cooperation.models import (
    ActionItem,
    Appointment,
    Consultation,
    ConsultationMessage,
    Invitation,
)
from inprocedere.inbox.models import InboxItem
from inprocedere.participants.models import (
    Alias,
    BenefitPeriod,
    ExternalIdentifier,
    Participant,
    ResidenceStatus,
    WorkPermitApplication,
)
from inprocedere.privacy.models import Consent

from ..models import Reregistration
from .network import Network
from .writer import Table

# Written in this order (foreign keys are checked at commit, but a readable order helps).
TABLES = {
    "participant": (
        Participant,
        "id family_name given_names birth_date gender citizenships stateless languages phone "
        "email postcode municipality minor_children foreign_background disability minority "
        "registered_by_id created_at updated_at",
    ),
    "alias": (Alias, "id participant_id family_name given_names source"),
    "external_id": (ExternalIdentifier, "id participant_id organisation_id kind value"),
    "residence": (
        ResidenceStatus,
        "id participant_id status_type_id paragraph absatz satz valid_from valid_until "
        "on_probation work_endorsement residence_obligation issuing_authority_id recorded_at "
        "recorded_by_id",
    ),
    "benefit": (BenefitPeriod, "id participant_id system agency_id valid_from valid_until"),
    "permit": (
        WorkPermitApplication,
        "id participant_id applied_on employer job hours_per_week hourly_wage "
        "sent_to_agency_on agency_decision agency_decided_on valid_until",
    ),
    "consent": (
        Consent,
        "id participant_id categories purposes form form_version signed_on valid_until "
        "withdrawn_on recording_organisation_id created_at recorded_by_id",
    ),
    "consent_recipient": (Consent.recipients.through, "id consent_id organisation_id"),
    "case": (
        Case,
        "id participant_id owner_organisation_id owner_position_id status esf_entry_date "
        "funding_period_id subproject_id employment_status_at_entry isced_at_entry rural "
        "handed_over_from_id opened_at last_contact_on updated_at",
    ),
    "case_team": (Case.team.through, "id case_id position_id"),
    "referral": (
        Referral,
        "id participant_id kind from_position_id to_organisation_id to_position_id reason "
        "goals urgency state first_appointment feedback case_id created_at updated_at",
    ),
    "transition": (
        ReferralTransition,
        "id referral_id from_state to_state position_id at note actor_id",
    ),
    "activity": (
        Activity,
        "id case_id kind date duration_minutes topics note confidential position_id created_at "
        "created_by_id",
    ),
    "assessment": (
        NeedsAssessment,
        "id case_id assessed_on position_id languages schooling_years isced_level "
        "qualifications work_experience driving_licence childcare_needed",
    ),
    "goal": (Goal, "id case_id text due_on status created_at"),
    "enrollment": (
        Enrollment,
        "id case_id measure_id state started_on ended_on certificate qualification_gained",
    ),
    "placement": (
        Placement,
        "id case_id type employer starts_on ends_on weekly_hours secures_livelihood",
    ),
    "exit": (
        Exit,
        "id case_id exit_date reason status_upon_leaving qualification_gained recorded_at",
    ),
    "follow_up": (FollowUp, "id case_id due_on done_on status situation_improved"),
    "consultation": (
        Consultation,
        "id case_id from_position_id to_position_id topic subject question due_on state "
        "consent_id created_at answered_at closed_at asked_by_id",
    ),
    "message": (
        ConsultationMessage,
        "id consultation_id kind position_id text created_at author_id",
    ),
    "conference": (
        Appointment,
        "id kind case_id title starts_at ends_at place agenda chair_position_id uid state "
        "minutes minutes_state created_at updated_at created_by_id",
    ),
    "invitation": (
        Invitation,
        "id appointment_id position_id organisation_id consent_id attendance invited_at",
    ),
    "action_item": (
        ActionItem,
        "id conference_id title owner_position_id due_on done_on created_at created_by_id",
    ),
    "inbox": (
        InboxItem,
        "id position_id delivered_to_id kind key title url due_on participant_id created_at "
        "done_at",
    ),
    "reregistration": (Reregistration, "id original_id duplicate_id variation"),
}


class _Evenings(dict):
    def __init__(self, chunk):
        super().__init__()
        self.chunk = chunk

    def __missing__(self, ordinal):
        value = self[ordinal] = (self.chunk.day(ordinal), self.chunk.ts(ordinal, 17 * 60))
        return value


class Chunk:
    """The rows of one chunk of participants, with their tables and date helpers."""

    def __init__(self, network: Network, anchor: dt.date, seed: int):
        self.network = network
        self.anchor = anchor
        self.today = anchor.toordinal()
        self.seed = seed
        self.postgres = connection.vendor == "postgresql"
        self._suffix = "+00" if self.postgres else ""
        self._days: dict[int, str] = {}
        self._evenings = _Evenings(self)
        now = self.ts(self.today, 12 * 60)
        self.tables = {
            name: Table(model, columns.split(), now=now)
            for name, (model, columns) in TABLES.items()
        }
        self.participant_ids: list[int] = []
        self.showcase: list[int] = []
        self.phases: dict[str, float] = {}
        self.counts: dict[str, int] = {}
        self.current_status = None  # (id, status type, last day) of the last period written

    def __getitem__(self, name) -> Table:
        return self.tables[name]

    @property
    def evening(self) -> _Evenings:
        """{day number: (date text, text of 17:00 that day)}: an activity's date and time."""
        return self._evenings

    def day(self, ordinal: int) -> str:
        text = self._days.get(ordinal)
        if text is None:
            text = self._days[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text

    def ts(self, ordinal: int, minute: int) -> str:
        """A moment as the database stores it: day `ordinal`, `minute` past midnight UTC."""
        return f"{self.day(ordinal)} {minute // 60:02d}:{minute % 60:02d}:00{self._suffix}"

    def flush(self) -> dict[str, int]:
        return {name: table.flush() for name, table in self.tables.items()}
