"""The OpenAPI 3.1 document: complete enough for generated clients."""

import pytest
from django.test import Client

from .routes import directory_paths

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/regions",
    "/api/v1/topics",
    "/api/v1/funding-periods",
    "/api/v1/organisations",
    "/api/v1/organisations/{slug}",
    "/api/v1/positions",
    "/api/v1/positions/{id}",
    "/api/v1/people",
    "/api/v1/people/{id}",
    # the directory's writes (tests/api/test_directory_writes.py)
    "/api/v1/organisations/{slug}/positions",
    "/api/v1/positions/{id}/tenures",
    "/api/v1/positions/{id}/tenures/{tenure_id}/end",
    "/api/v1/me",
    "/api/v1/residence-status-types",
}


@pytest.fixture
def schema():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_document_is_3_1_with_every_path(schema):
    assert schema["openapi"].startswith("3.1")
    assert schema["info"]["title"] == "InProcedere API"
    # Case-work routes are checked by their own access tests (tests/api/test_cases_access.py).
    assert directory_paths(schema["paths"]) == PATHS


def test_every_operation_is_authenticated_by_token_or_session(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["SessionAuth"]["in"] == "cookie"
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert {"TokenAuth": []} in operation["security"], (path, method)
            assert "401" in operation["responses"], (path, method)
            assert operation["operationId"].isidentifier()


def test_lists_document_pagination_and_filters(schema):
    params = {p["name"] for p in schema["paths"]["/api/v1/positions"]["get"]["parameters"]}
    assert {"page", "page_size", "q", "topic", "region", "organisation"} <= params
    q = next(
        p for p in schema["paths"]["/api/v1/positions"]["get"]["parameters"] if p["name"] == "q"
    )
    assert q["schema"]["maxLength"] == 200
    paged = schema["components"]["schemas"]["PagedPositionOut"]
    assert {"count", "page", "page_size", "next", "previous", "items"} <= set(paged["properties"])
    kinds = schema["paths"]["/api/v1/organisations"]["get"]["parameters"]
    assert any(p["name"] == "kind" for p in kinds)


def test_every_schema_name_is_unique_so_no_component_is_documented_wrong():
    """Two schema classes of one name share one OpenAPI component: one of them is then
    documented with the other's fields (PositionRef.organisation as a string, /people
    with given_names)."""
    import importlib
    import inspect
    import pkgutil

    from ninja import Schema

    import inprocedere.api

    seen = {}
    for module_info in pkgutil.walk_packages(inprocedere.api.__path__, "inprocedere.api."):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, Schema)
                and value.__module__ == (module.__name__)
            ):
                assert seen.setdefault(name, value) is value, (name, seen[name], value)


def test_references_are_documented_as_they_are_answered(schema):
    components = schema["components"]["schemas"]
    organisation = components["PositionRef"]["properties"]["organisation"]
    assert organisation.get("$ref", "").endswith("/OrganisationRef")
    assert "given_name" in components["PersonOut"]["properties"]
