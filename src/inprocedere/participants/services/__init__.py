"""Writes of the participants app. Each checks the policy, validates, writes in one
transaction together with its audit entry; views, API handlers and imports call these."""

from .participants import (
    alias_add,
    alias_remove,
    external_id_add,
    participant_register,
    participant_update,
)
from .records import (
    benefit_period_add,
    benefit_period_update,
    residence_status_add,
    residence_status_update,
    resolve_status_type,
    work_permit_application_add,
    work_permit_application_update,
)

__all__ = [
    "alias_add",
    "alias_remove",
    "benefit_period_add",
    "benefit_period_update",
    "external_id_add",
    "participant_register",
    "participant_update",
    "residence_status_add",
    "residence_status_update",
    "resolve_status_type",
    "work_permit_application_add",
    "work_permit_application_update",
]
