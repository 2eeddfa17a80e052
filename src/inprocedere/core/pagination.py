"""Pages of big lists without counting a million rows.

Django's `Paginator` runs `SELECT COUNT(*)` over the whole list on every page: on a
register of 1,000,000 people narrowed by the access policy that count costs more than
the page itself. `BoundedPaginator` counts at most `bound + 1` rows (a `LIMIT` in a
subquery, so the database stops early) and says "more than 1,000". Paging on past the
bound still works one page at a time (the count then reaches one row past the requested
page, so "next" shows while rows follow), up to `MAX_ROWS`; narrowing the search is the
way to the rest.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

BOUND = 1000
# Deeper than this an OFFSET scan costs more than the page is worth.
MAX_ROWS = 20_000


class BoundedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, bound: int = BOUND, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.bound = bound
        self._requested = 1

    @cached_property
    def count(self) -> int:
        """The number of rows up to `bound + 1` (or one past the requested page)."""
        reach = min(max(self.bound, self._requested * self.per_page), MAX_ROWS)
        object_list = self.object_list
        if hasattr(object_list, "order_by"):
            # The order does not change a count: drop it so the database need not sort.
            return object_list.order_by()[: reach + 1].count()
        return len(object_list[: reach + 1])

    @property
    def more(self) -> bool:
        """True when there are more than `bound` rows: `count` is then a lower limit."""
        return self.count > self.bound

    def get_page(self, number):
        self._requested = _as_int(number)
        return super().get_page(number)


def _as_int(number) -> int:
    try:
        return max(int(number), 1)
    except (TypeError, ValueError, OverflowError):
        return 1
