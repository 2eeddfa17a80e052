"""What the case-work pages share: one page of a list, the user's organisations."""

from __future__ import annotations

from inprocedere.core.pagination import BoundedPaginator
from inprocedere.privacy import policy

PAGE_SIZE = 50
STALE = 409
# Deeper than any real case; a bigger number would only make the database skip rows.
MAX_TIMELINE_OFFSET = 100_000


def list_page(request, queryset):
    """One page of a list; the people on it are logged as read and shown as the policy
    allows."""
    page = BoundedPaginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = policy.disclose_rows(request.user, page.object_list)
    return page


def own_organisations(user):
    return policy.actor_for(user).organisation_ids
