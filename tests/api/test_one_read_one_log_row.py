"""One read writes one access-log row per person (issue 16, MBT 7): the case's sub-lists
logged the person twice."""

import datetime as dt

import pytest
from django.utils import timezone

from inprocedere.network.models import Position
from inprocedere.privacy.models import AccessLogEntry

from .test_cases import _post, _refer, clients, person  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_id(clients, person):  # noqa: F811
    authority, carrier = clients["authority_officer"], clients["case_worker"]
    rid = _refer(authority, person).json()["id"]
    when = (timezone.now() + dt.timedelta(days=2)).isoformat()
    _post(carrier, f"/api/v1/referrals/{rid}/accept", {"first_appointment": when})
    owner = Position.objects.get(title="Beratung und Begleitung Germersheim")
    intake = _post(
        carrier,
        f"/api/v1/referrals/{rid}/intake",
        {"owner_position_id": owner.pk, "esf_entry_date": str(timezone.localdate())},
    )
    cid = intake.json()["id"]
    body = {"kind": "counselling", "date": str(timezone.localdate()), "duration_minutes": 30}
    assert _post(carrier, f"/api/v1/cases/{cid}/activities", body).status_code == 201
    return cid


@pytest.mark.parametrize("path", ["", "/activities", "/enrollments", "/placements"])
def test_one_read_one_access_log_row(clients, case_id, path):  # noqa: F811
    url = f"/api/v1/cases/{case_id}{path}"
    before = AccessLogEntry.objects.filter(action="read").count()
    response = clients["case_worker"].get(url)
    assert response.status_code == 200, response.content
    assert AccessLogEntry.objects.filter(action="read").count() - before == 1
