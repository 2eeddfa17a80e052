"""A case's work plan through the API (issue 16, item 5): needs assessments, goals, the
follow-up, the case team and handovers — the page's rules, audit and access log."""

import datetime as dt

import pytest
from django.utils import timezone

from inprocedere.cases.models import Case, Goal, NeedsAssessment, Referral
from inprocedere.core.models import AuditEntry
from inprocedere.network.models import Position
from inprocedere.privacy import policy
from inprocedere.privacy.models import AccessLogEntry

from .test_cases import _post, _refer, clients, person  # noqa: F401 - fixtures
from .test_one_read_one_log_row import case_id  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _jobcentre_position():
    return next(
        p
        for p in Position.objects.filter(organisation__slug="jc-germersheim", is_active=True)
        if set(p.roles or ()) & policy.CASE_ROLES and not (p.is_vacant and p.deputy_id is None)
    )


def _counts():
    return (
        NeedsAssessment.objects.count(),
        Goal.objects.count(),
        Referral.unrestricted.count(),
        AuditEntry.objects.count(),
    )


def _audited(action, case_id):  # noqa: F811
    return AuditEntry.objects.filter(action=action, object_id=str(case_id)).count()


def test_needs_assessment_recorded_and_read(clients, case_id):  # noqa: F811
    carrier = clients["case_worker"]
    url = f"/api/v1/cases/{case_id}/needs-assessments"
    body = {
        "assessed_on": str(TODAY()),
        "languages": [{"language": "de", "level": "a2"}, {"language": "ar", "level": "native"}],
        "schooling_years": 9,
        "isced_level": 2,
        "qualifications": [{"title": "Electrician", "country": "SY", "recognition": "partial"}],
        "childcare_needed": True,
    }
    response = _post(carrier, url, body)
    assert response.status_code == 201, response.content
    assert response.json()["languages"] == [
        {"language": "de", "level": "A2"},
        {"language": "ar", "level": "native"},
    ]
    assert response.json()["position"]["organisation"]["slug"] == "profes"
    assert _audited("case.assessment.added", case_id) == 1

    before = AccessLogEntry.objects.filter(action="read").count()
    listed = carrier.get(url)
    assert listed.status_code == 200
    assert [a["schooling_years"] for a in listed.json()["items"]] == [9]
    assert AccessLogEntry.objects.filter(action="read").count() - before == 1


@pytest.mark.parametrize(
    "change, field",
    [
        ({"childcare_needed": 0}, "childcare_needed"),  # 0 is not false
        ({"assessed_on": 0}, "assessed_on"),  # nor 1 January 1970
        ({"assessed_on": "2999-01-01"}, "assessed_on"),  # not in the future
        ({"languages": [{"language": "xx", "level": "B1"}]}, "languages"),
        ({"isced_level": 9}, "isced_level"),
    ],
)
def test_bad_needs_assessment_writes_nothing(clients, case_id, change, field):  # noqa: F811
    body = {"assessed_on": str(TODAY()), **change}
    response = _post(clients["case_worker"], f"/api/v1/cases/{case_id}/needs-assessments", body)
    assert response.status_code == 422, response.content
    assert field in str(response.json()["detail"])
    assert not NeedsAssessment.objects.filter(case_id=case_id).exists()


def test_goals(clients, case_id):  # noqa: F811
    carrier = clients["case_worker"]
    url = f"/api/v1/cases/{case_id}/goals"
    created = _post(carrier, url, {"text": "B1 German by summer", "due_on": "2027-06-30"})
    assert created.status_code == 201, created.content
    goal = created.json()
    assert goal["status"]["value"] == "open"
    assert [g["text"] for g in carrier.get(url).json()["items"]] == ["B1 German by summer"]

    status_url = f"{url}/{goal['id']}/status"
    assert goal["version"] == 1
    done = carrier.put(
        status_url, {"status": "reached", "version": 1}, content_type="application/json"
    )
    assert done.status_code == 200, done.content
    assert done.json()["version"] == 2
    assert Goal.objects.get(pk=goal["id"]).status == "reached"
    assert _audited("case.goal.status_changed", case_id) == 1

    bad = carrier.put(
        status_url, {"status": "finished", "version": 2}, content_type="application/json"
    )
    assert bad.status_code == 422
    unversioned = carrier.put(status_url, {"status": "open"}, content_type="application/json")
    assert unversioned.status_code == 422  # the version read is required
    missing = carrier.put(
        f"{url}/999999/status", {"status": "dropped", "version": 1}, content_type="application/json"
    )
    assert missing.status_code == 404
    assert _post(carrier, url, {"text": ""}).status_code == 422


def test_case_team(clients, case_id):  # noqa: F811
    carrier = clients["case_worker"]
    url = f"/api/v1/cases/{case_id}/team"
    position = _jobcentre_position()
    added = _post(carrier, url, {"position_id": position.pk})
    assert added.status_code == 201, added.content
    assert [p["id"] for p in added.json()] == [position.pk]
    assert [p["id"] for p in carrier.get(url).json()] == [position.pk]
    again = _post(carrier, url, {"position_id": position.pk})
    assert again.status_code == 422
    own = Case.unrestricted.get(pk=case_id).owner_position
    assert _post(carrier, url, {"position_id": own.pk}).status_code == 422

    removed = carrier.delete(f"{url}/{position.pk}")
    assert removed.status_code == 204
    assert carrier.get(url).json() == []
    assert carrier.delete(f"{url}/{position.pk}").status_code == 404
    assert _audited("case.team.added", case_id) == _audited("case.team.removed", case_id) == 1


def test_handover(clients, case_id):  # noqa: F811
    carrier = clients["case_worker"]
    url = f"/api/v1/cases/{case_id}/handovers"
    body = {"to_organisation": "jc-germersheim", "reason": "Right to remain, SGB II."}
    created = _post(carrier, url, body)
    assert created.status_code == 201, created.content
    assert created.json()["kind"]["value"] == "handover"
    assert created.json()["case_id"] == case_id
    second = _post(carrier, url, body)
    assert second.status_code == 422
    assert "already under way" in str(second.json()["detail"])
    assert [r["id"] for r in carrier.get(url).json()["items"]] == [created.json()["id"]]
    unknown = _post(carrier, url, {**body, "to_organisation": "nowhere"})
    assert unknown.status_code == 422
    assert Referral.unrestricted.filter(case_id=case_id, kind="handover").count() == 1


def test_follow_up_after_the_exit(clients, case_id):  # noqa: F811
    carrier = clients["case_worker"]
    url = f"/api/v1/cases/{case_id}/follow-up"
    body = {"done_on": str(TODAY()), "status": "employed", "situation_improved": True}
    assert _post(carrier, url, body).status_code == 422  # no exit yet
    exit_ = {
        "exit_date": str(TODAY()),
        "reason": "goals_reached",
        "status_upon_leaving": "employed",
    }
    assert _post(carrier, f"/api/v1/cases/{case_id}/exit", exit_).status_code == 201
    before = _post(carrier, url, {**body, "done_on": str(TODAY() - dt.timedelta(days=1))})
    assert before.status_code == 422
    done = _post(carrier, url, body)
    assert done.status_code == 200, done.content
    assert done.json()["done_on"] == str(TODAY())
    assert _post(carrier, url, body).status_code == 422  # once
    assert carrier.get(f"/api/v1/cases/{case_id}/exit").json()["follow_up"]["status"] == "employed"


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("post", "needs-assessments", {"assessed_on": "2026-01-01"}),
        ("post", "goals", {"text": "x"}),
        ("post", "team", {"position_id": 1}),
        ("post", "handovers", {"to_organisation": "jc-germersheim", "reason": "x"}),
        ("post", "follow-up", {"done_on": "2026-01-01", "status": "employed"}),
        ("get", "needs-assessments", None),
        ("get", "goals", None),
        ("get", "team", None),
        ("get", "handovers", None),
    ],
)
def test_other_organisations_see_and_change_nothing(token_for, case_id, method, path, body):  # noqa: F811
    from .conftest import ApiClient

    for persona in ("jobcentre_officer", "outsider", "administrator"):
        client = ApiClient(token_for(persona))
        url = f"/api/v1/cases/{case_id}/{path}"
        writes = _counts()
        response = _post(client, url, body) if method == "post" else client.get(url)
        assert response.status_code == 404, (persona, response.content)
        assert writes == _counts()
        assert not Case.unrestricted.get(pk=case_id).team.exists()


def test_a_stale_goal_status_change_is_refused_naming_who_changed_it(clients, case_id):  # noqa: F811
    """Two colleagues opened the plan at version 1: the first one's change stands, the
    second answers 409 with the first one's name, and nothing of it is saved."""
    carrier = clients["case_worker"]
    url = f"/api/v1/cases/{case_id}/goals"
    goal = _post(carrier, url, {"text": "Driving licence"}).json()
    status_url = f"{url}/{goal['id']}/status"
    first = carrier.put(
        status_url, {"status": "reached", "version": 1}, content_type="application/json"
    )
    assert first.status_code == 200, first.content
    audited = AuditEntry.objects.count()
    second = carrier.put(
        status_url, {"status": "dropped", "version": 1}, content_type="application/json"
    )
    assert second.status_code == 409, second.content
    stored = Goal.objects.select_related("updated_by__person").get(pk=goal["id"])
    assert stored.updated_by.display_name in second.json()["detail"]
    assert (stored.status, stored.version) == ("reached", 2)
    assert AuditEntry.objects.count() == audited
