"""The import's permission, registered with the access policy."""

from inprocedere.privacy import policy
from inprocedere.privacy.roles import Role

IMPORT_ROLES = {Role.TEAM_LEAD, Role.CASE_WORKER}

policy.register(
    "import.participants",
    IMPORT_ROLES,
    "Import a participant sheet for one's own organisation (team leads and case workers)",
)
