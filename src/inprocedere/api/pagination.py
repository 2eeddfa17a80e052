"""Page-number pagination: `?page=2&page_size=50`, answered with count, links and items."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from inprocedere.privacy import policy

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_PAGE = 100_000  # keeps the offset within what every database accepts


class Pagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
        page_size: int = Field(
            PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page (at most 200)."
        )

    class Output(Schema):
        count: int = Field(description="Number of items on all pages together.")
        page: int
        page_size: int
        next: str | None = Field(description="URL of the next page, if there is one.")
        previous: str | None = Field(description="URL of the previous page, if there is one.")
        items: list[Any]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)

    def paginate_queryset(self, queryset, pagination: Input, request: HttpRequest, **params):
        page, size = pagination.page, pagination.page_size
        offset = (page - 1) * size
        count = self._items_count(queryset)
        return {
            "count": count,
            "page": page,
            "page_size": size,
            "next": _page_url(request, page + 1) if offset + size < count else None,
            "previous": _page_url(request, min(page - 1, _last_page(count, size)))
            if page > 1
            else None,
            # The people on this page are logged as read and shown as the policy allows.
            "items": policy.disclose_rows(request.user, queryset[offset : offset + size]),
        }


def _last_page(count: int, size: int) -> int:
    return max(1, -(-count // size))


def _page_url(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
