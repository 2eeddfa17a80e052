"""No client input ends in a 500: arbitrary text in every parameter and path segment."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# Any text that can travel in a URL (lone surrogates cannot be encoded at all).
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
ANSWERS = {200, 404, 422}


def _check(response):
    assert response.status_code in ANSWERS, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")


@FUZZ
@given(
    param=st.sampled_from(["q", "topic", "region", "organisation", "page", "page_size"]),
    value=TEXT,
)
def test_position_parameters(caseworker_api, param, value):
    _check(caseworker_api.get("/api/v1/positions", {param: value}))


@FUZZ
@given(param=st.sampled_from(["region", "kind", "page"]), value=TEXT)
def test_organisation_parameters(caseworker_api, param, value):
    _check(caseworker_api.get("/api/v1/organisations", {param: value}))


@FUZZ
@given(value=TEXT)
def test_people_search(caseworker_api, value):
    _check(caseworker_api.get("/api/v1/people", {"q": value}))


@FUZZ
@given(
    route=st.sampled_from(["organisations", "positions", "people"]),
    segment=TEXT.filter(lambda s: s not in {"", ".", ".."}),
)
def test_detail_path_segments(caseworker_api, route, segment):
    _check(caseworker_api.get(f"/api/v1/{route}/{quote(segment, safe='')}"))


@FUZZ
@given(token=TEXT)
def test_any_made_up_token_is_401(api_client, token):
    text = token.encode("latin-1", "ignore").decode("latin-1")  # what a header can carry
    response = api_client(text).get("/api/v1/me")
    assert response.status_code == 401, response.content[:300]
