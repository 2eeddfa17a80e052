"""The caller's inbox: list the items, read one, mark it done (or open again). The same
selectors and services as the inbox page; an item outside the caller's inbox is 404."""

from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router
from ninja.pagination import paginate

from inprocedere.inbox import selectors, services
from inprocedere.privacy import policy

from ..pagination import Pagination
from ..schemas.common import Detail
from ..schemas.inbox import InboxItemOut
from ..schemas.strict import QueryIn

router = Router(tags=["inbox"])

MAX_ID = 2**63 - 1
READ = {401: Detail, 403: Detail, 404: Detail, 422: Detail}


class InboxFilter(QueryIn):
    state: Literal["open", "done", "all"] = "open"
    kind: str | None = None


def _items(request):
    policy.require(request.user, "inbox.use")
    return selectors.items_for_user(request.user).select_related(
        "position__organisation", "participant"
    )


def _item(request, pk):
    item = _items(request).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


@router.get("/inbox/items", response={200: list[InboxItemOut], **READ})
@paginate(Pagination)
def list_items(request: HttpRequest, filters: Query[InboxFilter]):
    """The caller's inbox items (positions held, vacant positions deputised for, personal),
    open ones by default, soonest due first."""
    items = _items(request)
    if filters.state == "open":
        items = items.filter(done_at__isnull=True)
    elif filters.state == "done":
        items = items.filter(done_at__isnull=False)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    return items.order_by("done_at", "due_on", "-created_at", "pk")


@router.get("/inbox/items/{id}", response={200: InboxItemOut, **READ})
def get_item(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    """One item of the caller's inbox."""
    item = _item(request, id)
    return policy.disclose_rows(request.user, [item], purpose="inbox", channel="api")[0]


@router.post("/inbox/items/{id}/done", response={200: InboxItemOut, **READ})
def mark_done(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    """Mark the item done (a second call changes nothing)."""
    services.mark_done(actor=request.user, item=_item(request, id))
    return get_item(request, id)


@router.post("/inbox/items/{id}/reopen", response={200: InboxItemOut, **READ})
def reopen(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    """Put a done item back into the inbox."""
    services.reopen(actor=request.user, item=_item(request, id))
    return get_item(request, id)
