"""BoundedPaginator: counts at most bound + 1 rows and says "more than" instead of
counting a million."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inprocedere.core.pagination import BoundedPaginator
from inprocedere.network.models import Region

pytestmark = pytest.mark.django_db


def test_a_short_list_is_counted_exactly():
    paginator = BoundedPaginator(list(range(7)), 3, bound=10)
    page = paginator.get_page(3)
    assert (paginator.count, paginator.more, paginator.num_pages) == (7, False, 3)
    assert list(page.object_list) == [6]


def test_a_long_list_is_counted_up_to_the_bound_only():
    paginator = BoundedPaginator(list(range(100)), 3, bound=10)
    page = paginator.get_page(1)
    assert (paginator.count, paginator.more) == (11, True)
    assert page.has_next()


def test_paging_past_the_bound_goes_on_one_page_at_a_time():
    paginator = BoundedPaginator(list(range(100)), 3, bound=10)
    page = paginator.get_page(6)  # rows 15-17, past the bound
    assert list(page.object_list) == [15, 16, 17]
    assert page.has_next()
    assert paginator.count == 19  # one past the requested page
    last = BoundedPaginator(list(range(100)), 3, bound=10).get_page(34)
    assert list(last.object_list) == [99] and not last.has_next()


def test_the_count_is_a_limited_subquery():
    regions = Region.objects.order_by("name")
    total = regions.count()
    assert total > 3
    paginator = BoundedPaginator(regions, 2, bound=3)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 4
    sql = queries[0]["sql"].upper()
    assert "LIMIT 4" in sql and "ORDER BY" not in sql
    assert paginator.more


def test_a_bad_page_number_shows_the_first_page():
    paginator = BoundedPaginator(list(range(100)), 3, bound=10)
    assert paginator.get_page("x").number == 1
    assert paginator.get_page(None).number == 1
