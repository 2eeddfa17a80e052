"""A goal of the integration plan carries a version: a status change names the version the
page showed, and a stale one is refused naming who changed the goal and when (issue 16,
"every editable record carries a version"). The API's side is in
tests/api/test_case_plan.py."""

import pytest
from django.utils.html import escape

from inprocedere.cases import services
from inprocedere.cases.models import Goal
from inprocedere.core.models import AuditEntry
from inprocedere.core.versioning import StaleEdit
from tests.concurrency import post_at_once

pytestmark = pytest.mark.django_db

SAVES = 20


def _page(case):
    return f"/cases/{case.pk}/"


def _status(goal, status, version):
    return {
        "action": "goal_status",
        "goal_status-goal": goal.pk,
        "goal_status-status": status,
        "goal_status-version": version,
    }


def test_the_service_refuses_a_stale_status_change(case, user_for):
    worker = user_for("case_worker")
    goal = services.goal_add(actor=worker, case=case, text="B1 German")
    services.goal_set_status(actor=worker, goal=goal, status="reached", version=1)
    audited = AuditEntry.objects.count()
    stale = Goal.objects.get(pk=goal.pk)
    with pytest.raises(StaleEdit) as caught:
        services.goal_set_status(actor=worker, goal=stale, status="dropped", version=1)
    assert worker.display_name in caught.value.messages[0]
    assert Goal.objects.get(pk=goal.pk).status == "reached"
    assert AuditEntry.objects.count() == audited


def test_the_case_page_carries_the_goals_version(case, user_for, client_for):
    goal = services.goal_add(actor=user_for("case_worker"), case=case, text="B1 German")
    body = client_for("case_worker").get(_page(case)).content.decode()
    assert f'name="goal_status-version" value="{goal.version}"' in body


def test_the_case_page_refuses_a_stale_status_change_with_409_naming_who(
    case, user_for, client_for
):
    worker = user_for("case_worker")
    goal = services.goal_add(actor=worker, case=case, text="Driving licence")
    client = client_for("case_worker")
    client.cookies["django_language"] = "en"
    assert client.post(_page(case), _status(goal, "reached", 1)).status_code == 302
    response = client.post(_page(case), _status(goal, "dropped", 1))
    assert response.status_code == 409
    assert f"{escape(worker.display_name)} changed this record at" in response.content.decode()
    goal.refresh_from_db()
    assert (goal.status, goal.version) == ("reached", 2)


def test_a_page_post_without_the_version_changes_nothing(case, user_for, client_for):
    goal = services.goal_add(actor=user_for("case_worker"), case=case, text="Driving licence")
    data = _status(goal, "reached", 1)
    del data["goal_status-version"]
    response = client_for("case_worker").post(_page(case), data)
    assert response.status_code == 200  # the form again, with its error
    goal.refresh_from_db()
    assert (goal.status, goal.version) == ("open", 1)


@pytest.mark.django_db(transaction=True)
def test_of_20_concurrent_status_changes_exactly_one_succeeds(
    demo_network, open_case, make_participant, user_for, client_for
):
    case = open_case(make_participant(family_name="Nasser", given_names="Omar"))
    goal = services.goal_add(actor=user_for("case_worker"), case=case, text="B1 German")
    clients = [client_for("case_worker") for _ in range(SAVES)]
    statuses = post_at_once(
        clients,
        _page(case),
        lambda index: _status(goal, "reached" if index % 2 else "dropped", 1),
    )
    assert sorted(statuses) == [302] + [409] * (SAVES - 1)
    assert Goal.objects.get(pk=goal.pk).version == 2
    changed = AuditEntry.objects.filter(action="case.goal.status_changed").count()
    assert changed == 1
