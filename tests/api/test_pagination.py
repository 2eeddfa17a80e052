"""Page-number pagination, and a constant number of queries per page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inprocedere.api.pagination import MAX_PAGE_SIZE, PAGE_SIZE
from inprocedere.network.models import Person, Position, Tenure
from inprocedere.network.search import refresh_person_search_text, refresh_search_text

pytestmark = pytest.mark.django_db

# Lists and filters whose rows all have every relation (so no prefetch is skipped for
# lack of related rows on a short page).
LISTS = {
    "/api/v1/regions": {},
    "/api/v1/topics": {},
    "/api/v1/funding-periods": {},
    "/api/v1/organisations": {},
    "/api/v1/positions": {"q": "Zusatzstelle"},
    "/api/v1/people": {"q": "Extra"},
}


def test_pages_walk_through_every_item_once(caseworker_api):
    everything = caseworker_api.get("/api/v1/positions", {"page_size": MAX_PAGE_SIZE}).json()
    assert everything["count"] == Position.objects.filter(is_active=True).count()
    assert everything["next"] is None

    seen, url, pages = [], "/api/v1/positions?page_size=5", 0
    while url:
        page = caseworker_api.get(url).json()
        assert page["count"] == everything["count"]
        assert page["page_size"] == 5
        assert len(page["items"]) <= 5
        seen += [item["id"] for item in page["items"]]
        url, pages = page["next"], pages + 1
    assert seen == [item["id"] for item in everything["items"]]
    assert pages == -(-everything["count"] // 5)


def test_page_links_keep_the_filters(caseworker_api):
    page = caseworker_api.get(
        "/api/v1/positions", {"topic": "residence-law", "page_size": 1, "page": 2}
    ).json()
    assert page["page"] == 2
    assert "topic=residence-law" in page["next"]
    assert "page=3" in page["next"]
    assert "topic=residence-law" in page["previous"]
    assert "page=1" in page["previous"]
    assert page["next"].startswith("http://testserver/api/v1/positions?")


def test_defaults_and_a_page_past_the_end(caseworker_api):
    first = caseworker_api.get("/api/v1/people").json()
    assert first["page"] == 1
    assert first["page_size"] == PAGE_SIZE
    assert first["previous"] is None
    beyond = caseworker_api.get("/api/v1/people", {"page": 99, "page_size": 10}).json()
    assert beyond["items"] == []
    assert beyond["next"] is None
    last = -(-beyond["count"] // 10)
    assert f"page={last}" in beyond["previous"]


def _more_positions(n=30):
    """Enough extra rows that a full page is much longer than a short one."""
    template = Position.objects.get(title="Fallmanagement Bleibeberechtigte")
    deputy = Position.objects.exclude(pk=template.pk).first()
    for i in range(n):
        position = Position.objects.create(
            organisation=template.organisation,
            title=f"Zusatzstelle {i:02d}",
            phone="+49 6341 958-300",
            deputy=deputy,
        )
        position.topics.set(template.topics.all())
        if i % 2:
            position.regions.set(template.regions.all())
        person = Person.objects.create(given_name="Extra", family_name=f"Person {i:02d}")
        Tenure.objects.create(position=position, person=person, starts_on="2020-01-01")
    refresh_search_text(Position.objects.filter(title__startswith="Zusatzstelle"))
    refresh_person_search_text(Person.objects.filter(given_name="Extra"))


def _queries(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.json()["items"])


@pytest.mark.parametrize("url", LISTS)
def test_a_list_page_costs_the_same_number_of_queries_for_1_or_200_rows(caseworker_api, url):
    _more_positions()
    caseworker_api.get("/api/v1/me")  # the token's last-used time is written once, not per page
    short, short_rows = _queries(caseworker_api, url, page_size=1, **LISTS[url])
    full, full_rows = _queries(caseworker_api, url, page_size=MAX_PAGE_SIZE, **LISTS[url])
    assert short_rows == 1
    assert full_rows > 1
    assert short == full, f"{url}: {short} queries for 1 row, {full} for {full_rows}"
    # Pinned: authentication (token, actor) + count + rows + prefetches.
    assert full <= 10, f"{url} costs {full} queries"


def test_the_position_list_costs_a_pinned_number_of_queries(
    caseworker_api, django_assert_num_queries
):
    caseworker_api.get("/api/v1/me")
    # token, actor's positions, count, positions, topics, regions, organisation regions,
    # current tenures, deputy's current tenures
    with django_assert_num_queries(9):
        caseworker_api.get("/api/v1/positions", {"page_size": MAX_PAGE_SIZE})
