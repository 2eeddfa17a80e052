"""The inbox permissions and their reach (registered with the access policy).

Everyone signed in has an inbox; it holds the items of the positions they hold, of the
vacant positions they deputise for, and their personal items.
"""

from inprocedere.privacy import policy
from inprocedere.privacy.policy import SIGNED_IN

from .selectors import acting_q

policy.register("inbox.use", {SIGNED_IN}, "Read and clear one's own inbox")


def _item_scope(actor, queryset, name):
    return queryset.filter(acting_q(actor.user, actor.position_ids))


policy.register_scope("inbox.inboxitem", _item_scope)
