"""The demo cooperation: seeded once, visible on the pages, idempotent."""

import pytest
from django.urls import reverse

from inprocedere.cooperation.demo import seed_demo_cooperation
from inprocedere.cooperation.models import ActionItem, CaseConference, Consultation, Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_cases(db):
    from inprocedere.demo_cases import seed_demo_cases

    seed_demo_cases()


def test_demo_seeds_every_kind_once(demo_cases, client_for):
    assert seed_demo_cooperation() > 0
    assert seed_demo_cooperation() == 0
    states = set(Consultation.objects.values_list("state", flat=True))
    assert {"open", "closed"} <= states
    assert any(c.is_overdue for c in Consultation.objects.all())
    assert CaseConference.objects.filter(minutes_state="approved").count() == 1
    assert {i.is_done for i in ActionItem.objects.all()} == {True, False}
    assert set(Meeting.objects.values_list("kind", flat=True)) == {"meeting", "training"}
    client = client_for("case_worker")
    for name in ("cooperation:calendar", "cooperation:conference_list"):
        assert client.get(reverse(name)).status_code == 200
    for conference in CaseConference.objects.all():
        page = client.get(reverse("cooperation:conference_detail", kwargs={"pk": conference.pk}))
        assert page.status_code == 200
    jobcentre = client_for("jobcentre_officer")
    items = jobcentre.get(reverse("cooperation:my_action_items")).content.decode()
    assert "Anpassungsqualifizierung" in items
