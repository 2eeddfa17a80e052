"""Every persona × every case-work route of the API (referrals, cases, measures)."""

import datetime as dt

import pytest
from django.utils import timezone

from inprocedere.api.urls import api
from inprocedere.cases import services
from inprocedere.cases.models import Measure
from inprocedere.network.models import Organisation, Position
from inprocedere.participants.models import Participant
from tests.conftest import PERSONAS, grant_consent

from .conftest import ApiClient

pytestmark = pytest.mark.django_db

PREFIXES = ("/api/v1/referrals", "/api/v1/cases", "/api/v1/measures")
CASE_ROLES = {"case_worker", "team_lead", "authority_officer", "jobcentre_officer"}
CARRIER = {"case_worker", "team_lead"}


@pytest.fixture
def world(user_for):
    """KV Germersheim referred a person to ProfeS, which opened a case; one measure."""
    authority = Organisation.objects.get(slug="kv-germersheim")
    carrier = Organisation.objects.get(slug="profes")
    person = Participant.unrestricted.create(
        family_name="Api", given_names="Adil", registered_by=authority
    )
    grant_consent(person, carrier)
    referral = services.referral_create(
        actor=user_for("authority_officer"),
        from_position=Position.objects.get(
            organisation=authority, title="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung"
        ),
        participant=person,
        to_organisation=carrier,
        reason="API",
    )
    caseworker = user_for("case_worker")
    services.referral_accept(actor=caseworker, referral=referral, first_appointment=timezone.now())
    referral.refresh_from_db()
    case = services.referral_intake_done(
        actor=caseworker,
        referral=referral,
        owner_position=Position.objects.get(
            organisation=carrier, title="Beratung und Begleitung Germersheim"
        ),
        esf_entry_date=timezone.localdate() - dt.timedelta(days=30),
    )
    measure = Measure.objects.create(
        title="B1",
        provider=carrier,
        type="language_course",
        funding_source="esf",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=90),
    )
    enrollment = services.enrollment_add(actor=caseworker, case=case, measure=measure)
    services.exit_record(
        actor=caseworker,
        case=case,
        exit_date=timezone.localdate(),
        reason="placed",
        status_upon_leaving="employed",
    )
    return {"referral": referral, "case": case, "enrollment": enrollment, "person": person}


def _expected_read(path, persona):
    """GET: lists answer 200 for everyone (empty without a role); records 200 or 404."""
    if "{" not in path:
        return 200
    if path.startswith("/api/v1/referrals/"):
        return 200 if persona in CARRIER | {"authority_officer"} else 404
    return 200 if persona in CARRIER else 404


# path template -> concrete URL builder
def _urls(world):
    case, referral, enrollment = world["case"], world["referral"], world["enrollment"]
    return {
        "/api/v1/referrals": "/api/v1/referrals",
        "/api/v1/referrals/{id}": f"/api/v1/referrals/{referral.pk}",
        "/api/v1/referrals/{id}/accept": f"/api/v1/referrals/{referral.pk}/accept",
        "/api/v1/referrals/{id}/decline": f"/api/v1/referrals/{referral.pk}/decline",
        "/api/v1/referrals/{id}/withdraw": f"/api/v1/referrals/{referral.pk}/withdraw",
        "/api/v1/referrals/{id}/intake": f"/api/v1/referrals/{referral.pk}/intake",
        "/api/v1/cases": "/api/v1/cases",
        "/api/v1/cases/{id}": f"/api/v1/cases/{case.pk}",
        "/api/v1/cases/{id}/activities": f"/api/v1/cases/{case.pk}/activities",
        "/api/v1/cases/{id}/enrollments": f"/api/v1/cases/{case.pk}/enrollments",
        "/api/v1/cases/{id}/enrollments/{enrollment_id}/transition": (
            f"/api/v1/cases/{case.pk}/enrollments/{enrollment.pk}/transition"
        ),
        "/api/v1/cases/{id}/placements": f"/api/v1/cases/{case.pk}/placements",
        "/api/v1/cases/{id}/exit": f"/api/v1/cases/{case.pk}/exit",
        "/api/v1/measures": "/api/v1/measures",
        # the work plan (api/routers/case_plan.py)
        "/api/v1/cases/{id}/needs-assessments": f"/api/v1/cases/{case.pk}/needs-assessments",
        "/api/v1/cases/{id}/goals": f"/api/v1/cases/{case.pk}/goals",
        "/api/v1/cases/{id}/goals/{goal_id}/status": f"/api/v1/cases/{case.pk}/goals/1/status",
        "/api/v1/cases/{id}/follow-up": f"/api/v1/cases/{case.pk}/follow-up",
        "/api/v1/cases/{id}/team": f"/api/v1/cases/{case.pk}/team",
        "/api/v1/cases/{id}/team/{position_id}": f"/api/v1/cases/{case.pk}/team/1",
        "/api/v1/cases/{id}/handovers": f"/api/v1/cases/{case.pk}/handovers",
    }


def test_every_case_work_path_is_covered(world):
    paths = {p for p in api.get_openapi_schema()["paths"] if p.startswith(PREFIXES)}
    assert paths == set(_urls(world))


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_reads(persona, world, token_for):
    client = ApiClient(token_for(persona))
    schema = api.get_openapi_schema()["paths"]
    for path, url in _urls(world).items():
        if "get" not in schema[path]:
            continue
        response = client.get(url)
        assert response.status_code == _expected_read(path, persona), (persona, path)
        if response.status_code == 200 and "items" in response.json():
            items = response.json()["items"]
            if persona not in CASE_ROLES:
                assert items == [], (persona, path)


# A write each persona may not do on this world: (path, body) -> who is refused how.
WRITES = [
    ("/api/v1/referrals/{id}/decline", {"reason": "x"}),
    ("/api/v1/referrals/{id}/withdraw", {}),
    (
        "/api/v1/cases/{id}/activities",
        {"kind": "counselling", "date": "2020-01-01", "duration_minutes": 30},
    ),
    (
        "/api/v1/cases/{id}/placements",
        {"type": "employment", "employer": "X", "starts_on": "2020-01-01"},
    ),
    (
        "/api/v1/cases/{id}/exit",
        {"exit_date": "2020-01-01", "reason": "placed", "status_upon_leaving": "employed"},
    ),
    (
        "/api/v1/cases/{id}/enrollments/{enrollment_id}/transition",
        {"state": "ongoing", "on": "2020-01-01"},
    ),
    ("/api/v1/cases/{id}/needs-assessments", {"assessed_on": "2020-01-01"}),
    ("/api/v1/cases/{id}/goals", {"text": "B1"}),
    ("/api/v1/cases/{id}/follow-up", {"done_on": "2026-01-01", "status": "employed"}),
    ("/api/v1/cases/{id}/team", {"position_id": 1}),
    ("/api/v1/cases/{id}/handovers", {"to_organisation": "jc-germersheim", "reason": "x"}),
]


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - CARRIER))
def test_writes_by_outsiders_are_refused_and_write_nothing(persona, world, token_for):
    from inprocedere.core.models import AuditEntry

    client = ApiClient(token_for(persona))
    urls = _urls(world)
    before = AuditEntry.objects.count()
    for path, body in WRITES:
        response = client.post(urls[path], body, content_type="application/json")
        if path.startswith("/api/v1/referrals/") and persona == "authority_officer":
            # the sender sees the referral; it may not decline it, and it is past withdrawing
            assert response.status_code in (403, 422), (persona, path, response.content)
        else:
            assert response.status_code in (403, 404), (persona, path, response.content)
    response = client.patch(
        urls["/api/v1/cases/{id}"], {"version": 1, "rural": True}, content_type="application/json"
    )
    assert response.status_code == 404
    assert AuditEntry.objects.count() - before <= 1  # at most the token's own creation


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - CASE_ROLES))
def test_creating_without_a_case_role_is_refused(persona, world, token_for):
    client = ApiClient(token_for(persona))
    # A referral that a case role could send: only the missing role can refuse it.
    sender = Position.objects.get(title="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung")
    body = {
        "participant_id": world["person"].pk,
        "from_position_id": sender.pk,
        "to_organisation": "profes",
        "reason": "x",
    }
    response = client.post("/api/v1/referrals", body, content_type="application/json")
    assert response.status_code == 403
    measure = {
        "title": "x",
        "provider": "ism",
        "type": "other",
        "funding_source": "esf",
        "starts_on": "2030-01-01",
        "ends_on": "2030-01-02",
    }
    response = client.post("/api/v1/measures", measure, content_type="application/json")
    assert response.status_code == 403
