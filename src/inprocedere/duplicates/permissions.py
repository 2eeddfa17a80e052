"""The permissions of duplicate review, registered with the access policy.

Reviewing and resolving a pair shows both people by name, so it is for the roles of
case work, and only for pairs whose two people both lie within the actor's reach
(`selectors.pairs_for`). The coordinator and the data-protection officer see how many
pairs wait and how they were resolved, never a name (`duplicates.overview`).
"""

from inprocedere.privacy import policy
from inprocedere.privacy.roles import Role

REVIEWERS = {Role.CASE_WORKER, Role.TEAM_LEAD}

policy.register(
    "duplicates.review",
    REVIEWERS,
    "Review possible duplicates among the participants within one's reach",
)
policy.register(
    "duplicates.resolve",
    REVIEWERS,
    "Merge two records of the same person, or mark them as different people; undo a merge",
)
policy.register(
    "duplicates.overview",
    {Role.COORDINATOR, Role.DPO},
    "See the number of possible duplicates and merges across the network, without names",
)
