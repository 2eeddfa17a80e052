"""Every route of the API with a concrete URL in the demo network (kept complete by a test)."""

from inprocedere.network.models import Person, Position

# Routes of case work (participants, referrals, cases, measures) answer according to the
# access policy, not 200 for everyone: they have their own matrix in
# tests/api/test_case_work_access.py, which must cover each of them.
CASE_WORK_PREFIXES = (
    "/api/v1/participants",
    "/api/v1/referrals",
    "/api/v1/cases",
    "/api/v1/measures",
    "/api/v1/reports",  # tests/api/test_reports_access.py
    "/api/v1/consents",  # tests/api/test_consents_access.py
    "/api/v1/imports",  # tests/imports/test_api.py
    "/api/v1/duplicate",  # tests/duplicates/test_api.py (duplicates, duplicate-merges)
    "/api/v1/inbox",  # tests/inbox/test_api.py
    "/api/v1/rights",  # tests/api/test_rights_access.py
    # tests/cooperation/test_api_access.py:
    "/api/v1/consultations",
    "/api/v1/conferences",
    "/api/v1/action-items",
    "/api/v1/meetings",
    "/api/v1/trainings",
)


def directory_paths(paths) -> set[str]:
    return {path for path in paths if not path.startswith(CASE_WORK_PREFIXES)}


def concrete_routes() -> dict[str, str]:
    """OpenAPI path -> a URL that answers 200 for any signed-in persona."""
    position = Position.objects.get(title="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung")
    person = Person.objects.filter(tenures__position=position).first()
    return {
        "/api/v1/regions": "/api/v1/regions",
        "/api/v1/topics": "/api/v1/topics",
        "/api/v1/funding-periods": "/api/v1/funding-periods",
        "/api/v1/organisations": "/api/v1/organisations",
        "/api/v1/organisations/{slug}": "/api/v1/organisations/kv-germersheim",
        "/api/v1/positions": "/api/v1/positions",
        "/api/v1/positions/{id}": f"/api/v1/positions/{position.pk}",
        "/api/v1/people": "/api/v1/people",
        "/api/v1/people/{id}": f"/api/v1/people/{person.pk}",
        "/api/v1/me": "/api/v1/me",
        "/api/v1/residence-status-types": "/api/v1/residence-status-types",
    }
