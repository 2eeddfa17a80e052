"""The inbox permissions and their reach (registered with the access policy).

Everyone signed in has an inbox; it holds the items of the positions they hold, of the
vacant positions they deputise for, and their personal items. The coordinator (and a
team lead for their own organisation) sees vacancies and the work waiting on them.
"""

from inprocedere.privacy import policy
from inprocedere.privacy.policy import SIGNED_IN
from inprocedere.privacy.roles import Role

from .selectors import acting_q

policy.register("inbox.use", {SIGNED_IN}, "Read and clear one's own inbox")
policy.register(
    "position.turnover",
    {Role.COORDINATOR, Role.TEAM_LEAD},
    "End a holder's tenure and name a successor (team lead: own organisation)",
)
policy.register(
    "vacancy.read",
    {Role.COORDINATOR, Role.TEAM_LEAD},
    "See vacant positions and the work waiting on them (team lead: own organisation)",
)


def _item_scope(actor, queryset, name):
    return queryset.filter(acting_q(actor.user, actor.position_ids))


policy._SCOPES["inbox.inboxitem"] = _item_scope
