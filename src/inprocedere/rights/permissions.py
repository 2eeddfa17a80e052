"""The permissions of the data subject's rights, registered with the access policy.

All of them belong to the data-protection officer (POLICY.md, basis `role:dpo`): the
DPO answers subject-access requests, reads the access log and decides erasure for the
whole installation. Case workers pass a person's request on to the DPO; they do not
run the export themselves (docs/data-subject-rights.md says why).
"""

from inprocedere.privacy import policy
from inprocedere.privacy.roles import Role

DPO = {Role.DPO}

policy.register("rights.access_log", DPO, "Read and export the access log of a participant")
policy.register(
    "rights.find_participant",
    DPO,
    "Find a participant by id, external identifier or name to answer a request",
)
policy.register("rights.subject_access", DPO, "Export all data of a participant (Art. 15 GDPR)")
policy.register(
    "rights.retention", DPO, "See retention rules and which participants are due for erasure"
)
policy.register("rights.erase", DPO, "Pseudonymise or erase a participant's data (Art. 17 GDPR)")
