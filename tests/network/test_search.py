"""Finding the right contact: free text (umlauts folded, German and English topic names),
filters, the htmx partial, and a query count that does not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inprocedere.network.models import Position
from inprocedere.network.selectors import DirectoryQuery, positions_for

pytestmark = pytest.mark.django_db

GERMERSHEIM_ABH = "Ausländerbehörde – Aufenthaltsrecht und Beschäftigung"


def titles(user, **query):
    return [(p.organisation.slug, p.title) for p in positions_for(user, DirectoryQuery(**query))]


def test_residence_law_in_germersheim_finds_the_immigration_office(user_for):
    found = titles(user_for("case_worker"), text="Aufenthaltsrecht Germersheim")
    assert ("kv-germersheim", GERMERSHEIM_ABH) in found
    assert all(slug == "kv-germersheim" for slug, _ in found)


@pytest.mark.parametrize("text", ["Auslaenderbehoerde", "ausländerbehörde", "AUSLÄNDERBEHÖRDE"])
def test_umlauts_and_case_are_folded(user_for, text):
    user = user_for("case_worker")
    found = titles(user, text=text)
    assert ("kv-germersheim", GERMERSHEIM_ABH) in found
    assert found == titles(user, text="Ausländerbehörde")


def test_english_topic_name_finds_positions(user_for):
    user = user_for("case_worker")
    found = titles(user, text="residence law")
    assert ("kv-germersheim", GERMERSHEIM_ABH) in found
    assert set(found) == set(titles(user, topic="residence-law"))


def test_topic_filter(user_for):
    user = user_for("case_worker")
    positions = list(positions_for(user, DirectoryQuery(topic="benefits")))
    assert positions
    assert all("benefits" in {t.slug for t in p.topics.all()} for p in positions)
    assert len(positions) < Position.objects.filter(is_active=True).count()


def test_region_filter_uses_the_organisation_when_the_position_has_no_regions(user_for):
    user = user_for("case_worker")
    positions = list(positions_for(user, DirectoryQuery(region="germersheim")))
    assert positions
    for position in positions:
        regions = {r.slug for r in position.regions.all()} or {
            r.slug for r in position.organisation.regions.all()
        }
        assert "germersheim" in regions
    assert ("kv-bad-kreuznach", "Ausländerbehörde – Sachgebietsleitung") not in titles(
        user, region="germersheim"
    )


def test_filters_combine_with_text(user_for):
    found = titles(
        user_for("case_worker"), text="Ausländerbehörde", topic="work-permit", region="germersheim"
    )
    assert found == [("kv-germersheim", GERMERSHEIM_ABH)]


def test_holder_names_are_searchable(user_for):
    assert titles(user_for("case_worker"), text="Sabine Keller") == [
        ("kv-germersheim", GERMERSHEIM_ABH)
    ]


# --- the page -------------------------------------------------------------------------


def test_directory_page_shows_the_germersheim_office_with_phone_and_mailbox(client_for):
    response = client_for("case_worker").get("/directory/", {"q": "Aufenthaltsrecht Germersheim"})
    assert response.status_code == 200
    html = response.content.decode()
    assert GERMERSHEIM_ABH in html
    assert 'href="tel:+49727453312"' in html
    assert ">07274 53312<" in html  # German national format
    assert 'href="mailto:auslaenderbehoerde@kreis-germersheim.example"' in html
    assert "Sabine Keller" in html
    assert "Leitstelle für Integration" not in html


def test_directory_page_without_a_query_lists_everything(client_for):
    response = client_for("case_worker").get("/directory/")
    page = response.context["page"]
    assert page.paginator.count == Position.objects.filter(is_active=True).count()


def test_htmx_request_gets_only_the_results(client_for):
    client = client_for("case_worker")
    response = client.get("/directory/", {"q": "Germersheim"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert GERMERSHEIM_ABH in html
    assert 'hx-swap-oob="innerHTML"' in html  # the live result count
    assert "HX-Request" in response["Vary"]
    # A history restore wants the whole page again.
    response = client.get(
        "/directory/",
        {"q": "Germersheim"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


def test_search_form_works_without_javascript_and_is_wired_for_htmx(client_for):
    html = client_for("case_worker").get("/directory/").content.decode()
    assert 'method="get"' in html
    assert 'type="submit"' in html
    assert 'hx-get="/directory/"' in html
    assert 'hx-target="#directory-results"' in html
    assert 'hx-push-url="true"' in html
    assert 'hx-trigger="input changed delay:300ms, search"' in html


def test_vacant_position_shows_marker_and_deputy_with_holder(client_for):
    html = (
        client_for("case_worker").get("/directory/", {"q": "Projekt InProcedere"}).content.decode()
    )
    assert "kern-badge--warning" in html
    assert "Ausländerbehörde – Sachgebietsleitung" in html  # the deputy position
    assert "Thomas Wagner" in html  # and who holds it


def test_unknown_filter_values_are_reported_not_fatal(client_for):
    response = client_for("case_worker").get(
        "/directory/", {"topic": "no-such-topic", "q": "x" * 500, "page": "abc"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "topic" in form.errors and "q" in form.errors
    # The invalid filters are ignored: everything is listed.
    assert (
        response.context["page"].paginator.count == Position.objects.filter(is_active=True).count()
    )


def test_pages_beyond_the_end_show_the_last_page(client_for):
    response = client_for("case_worker").get("/directory/", {"page": "999"})
    assert response.status_code == 200
    assert response.context["page"].number == response.context["page"].paginator.num_pages


def test_links_to_the_phone_list_downloads(client_for):
    html = client_for("case_worker").get("/directory/").content.decode()
    for url in ("phone-list.pdf", "phone-list.csv", "phone-list.xlsx", "phone-list.vcf"):
        assert f'href="/directory/{url}"' in html


# --- constant queries -----------------------------------------------------------------


def _count_queries(client, url, params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.parametrize(
    ("url", "few", "many"),
    [
        ("/directory/", {"organisation": "kv-germersheim"}, {}),
        ("/directory/", {"q": "Aufenthaltsrecht Germersheim"}, {"q": ""}),
        ("/directory/organisations/", {"region": "germersheim", "kind": "job_centre"}, {}),
        ("/directory/people/", {"q": "Keller"}, {}),
    ],
)
def test_list_pages_cost_the_same_queries_for_few_and_many_rows(
    client_for, url, few, many, django_assert_max_num_queries
):
    client = client_for("case_worker")
    client.get(url)  # warm up: session and sign-in bookkeeping
    few_count, few_response = _count_queries(client, url, few)
    many_count, many_response = _count_queries(client, url, many)
    few_rows = len(few_response.context["page"].object_list)
    many_rows = len(many_response.context["page"].object_list)
    assert 0 < few_rows < many_rows
    assert few_count == many_count
    # Sign-in (session, user, second factor, actor), the filter choices, the count, the
    # page of rows and one query per prefetched relation: a fixed budget.
    with django_assert_max_num_queries(14):
        client.get(url, many)
