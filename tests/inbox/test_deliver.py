"""Filing inbox items: idempotent by key, routed to the deputy while a position is vacant."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from inprocedere.inbox.models import InboxItem
from inprocedere.inbox.selectors import items_for_user
from inprocedere.inbox.services import deliver
from inprocedere.network.models import Position, Tenure

pytestmark = pytest.mark.django_db


def held_position(user):
    return Position.objects.get(tenures__in=Tenure.objects.current(), tenures__person__user=user)


def test_deliver_files_once_per_key(user_for, django_capture_on_commit_callbacks):
    user = user_for("case_worker")
    position = held_position(user)
    with django_capture_on_commit_callbacks(execute=True):
        first = deliver(position=position, kind="other", key="t:1", title="Something", url="/x/")
        second = deliver(position=position, kind="other", key="t:1", title="Something", url="/x/")
    assert first is not None and second is None
    assert InboxItem.objects.filter(key="t:1").count() == 1
    assert first.delivered_to == position
    assert list(items_for_user(user)) == [first]
    assert len([m for m in mail.outbox if m.subject.endswith("Something")]) == 1


def test_vacant_position_goes_to_the_deputy(user_for):
    deputy_user = user_for("team_lead")
    deputy = held_position(deputy_user)
    vacant = Position.objects.create(
        organisation=deputy.organisation, title="Beratung (vakant)", deputy=deputy
    )
    item = deliver(
        position=vacant,
        kind="other",
        key="t:vacant",
        title="Waiting",
        url="/x/",
        due_on=timezone.localdate() + dt.timedelta(days=3),
    )
    assert item.position == vacant and item.delivered_to == deputy
    assert item in items_for_user(deputy_user)
    assert item not in items_for_user(user_for("case_worker"))
