"""The API keeps its own schema (issue 16, item 10): schemathesis against every operation.

Every operation of /api/v1/openapi.json gets schema-valid and schema-invalid requests with
the token of each main persona, sent through the WSGI application (the whole Django
stack: middleware, authentication, the idempotency layer, the error handlers). Every
check schemathesis has runs on each answer (server errors, undocumented status codes,
content types, response shapes, headers, invalid data accepted, authentication that is
ignored, ...). One change to its defaults: a schema-valid request may be refused with 422.
A JSON schema cannot say that an id must exist and lie within the caller's reach, that a
date must not be in the past, or which transition a referral's state allows; the API
answers those with a field error (422), which the schema documents for every operation.

Bounded and repeatable: a few examples per operation and mode, derandomized, no
shrinking (a failure is reported with its curl line, not minimised).
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

from inprocedere.api.urls import api

pytestmark = pytest.mark.django_db

PERSONAS = ["case_worker", "authority_officer", "coordinator", "dpo"]
# What the schema promises does not depend on the engine, and what the engine can reject
# (NUL bytes, ids out of range, collations) depends on the generated input, not on who
# sends it. So SQLite runs every persona, PostgreSQL the two whose requests reach the most
# operations and rows: the carrier's case worker and the immigration officer. About a
# minute of CPU per persona and engine is what this saves (docs/testing.md).
ON_POSTGRESQL = {"case_worker", "authority_officer"}
EXAMPLES = 2
RUN = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
CONFIG = {
    "checks": {
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "401", "403", "404", "409", "422"]
        }
    }
}


@pytest.fixture
def wsgi_in_the_test_transaction():
    """Requests through the WSGI handler inside the test's transaction. The handler
    closes "old" connections at each request's start and end; inside a test (no
    autocommit) that would close the test's own PostgreSQL connection (SQLite's
    in-memory one survives). Django's test client disconnects the same two receivers."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _schema():
    config = schemathesis.config.SchemathesisConfig.from_dict(CONFIG)
    schema = schemathesis.openapi.from_dict(
        api.get_openapi_schema(path_prefix="/api/v1/"), config=config
    )
    schema.app = get_wsgi_application()
    return schema


def _run(operation, mode, headers) -> str | None:
    @RUN
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        case.call_and_validate(headers=headers)

    try:
        run()
    except BaseExceptionGroup as failures:  # schemathesis' FailureGroup
        return f"{operation.label} ({mode.value}): {str(failures)[:2000]}"
    return None


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.usefixtures("wsgi_in_the_test_transaction")
def test_every_operation_keeps_the_schema(persona, token_for):
    if connection.vendor == "postgresql" and persona not in ON_POSTGRESQL:
        pytest.skip(f"{persona}: run on SQLite; on PostgreSQL only {sorted(ON_POSTGRESQL)}")
    schema = _schema()
    headers = {"Authorization": f"Bearer {token_for(persona)}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 90
    failures = [
        failure
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        if (failure := _run(operation, mode, headers)) is not None
    ]
    assert not failures, "\n\n".join(failures)
