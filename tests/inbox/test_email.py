"""E-mail by preference: at once, a daily digest, or never; to the deputy's holders while a
position is vacant; a title and a link, never a participant's name."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from inprocedere.inbox.mail import send_digests
from inprocedere.inbox.models import EmailPreference
from inprocedere.inbox.services import deliver, set_email_preference
from inprocedere.network.models import Organisation, Position, Tenure
from inprocedere.participants.models import Participant

pytestmark = pytest.mark.django_db


def mails_to(user):
    return [m for m in mail.outbox if user.email in m.to]


@pytest.fixture
def file_item(position_of, django_capture_on_commit_callbacks):
    def make(persona="case_worker", key="m:1", position=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return deliver(
                position=position or position_of(persona),
                kind="other",
                key=key,
                title=f"Title {key}",
                url="/inbox/",
                **extra,
            )

    return make


def test_immediately_one_mail_per_item(user_for, file_item):
    user = user_for("case_worker")
    assert user.email
    participant = Participant.unrestricted.create(
        family_name="Geheim",
        given_names="Gül",
        registered_by=Organisation.objects.get(slug="profes"),
    )
    file_item(participant=participant)
    file_item(key="m:1")  # the same key again: nothing
    (message,) = mails_to(user)
    assert message.subject.endswith("Title m:1")
    assert "Geheim" not in message.body and "Gül" not in message.body
    assert "http://" in message.body and "/inbox/" in message.body
    assert message.to == [user.email]  # one message per recipient, nobody else named


def test_never_sends_nothing(user_for, file_item):
    user = user_for("case_worker")
    set_email_preference(actor=user, mode="never")
    file_item()
    assert mails_to(user) == []
    assert send_digests() == 0


def test_daily_digest_once_with_what_is_new(user_for, file_item, monkeypatch):
    user = user_for("case_worker")
    set_email_preference(actor=user, mode="daily")
    file_item(key="d:1")
    file_item(key="d:2")
    assert mails_to(user) == []  # nothing at once
    later = timezone.now() + dt.timedelta(hours=1)
    assert send_digests(now=later) >= 1
    (digest,) = mails_to(user)
    assert "Title d:1" in digest.body and "Title d:2" in digest.body
    # Run again (a retried task): nothing new, nothing sent.
    send_digests(now=later)
    assert len(mails_to(user)) == 1
    # The next day's digest has only the new item.
    monkeypatch.setattr(timezone, "now", lambda: later + dt.timedelta(minutes=5))
    file_item(key="d:3")
    send_digests(now=later + dt.timedelta(days=1))
    latest = mails_to(user)[-1]
    assert len(mails_to(user)) == 2
    assert "Title d:3" in latest.body and "Title d:1" not in latest.body


def test_vacant_position_mails_the_deputys_holders(user_for, position_of, file_item):
    deputy = position_of("team_lead")
    vacant = Position.objects.create(organisation=deputy.organisation, title="Leer", deputy=deputy)
    file_item(key="v:1", position=vacant)
    assert len(mails_to(user_for("team_lead"))) == 1
    assert mails_to(user_for("case_worker")) == []


def test_a_holder_who_left_gets_no_mail(user_for, position_of, file_item):
    position = position_of("case_worker")
    Tenure.objects.filter(position=position).update(
        ends_on=timezone.localdate() - dt.timedelta(days=1)
    )
    file_item(key="left:1", position=position)
    assert mails_to(user_for("case_worker")) == []


def test_preference_is_audited_and_validated(user_for):
    from django.core.exceptions import ValidationError

    from inprocedere.core.models import AuditEntry

    user = user_for("case_worker")
    with pytest.raises(ValidationError):
        set_email_preference(actor=user, mode="hourly")
    assert not EmailPreference.objects.filter(user=user).exists()
    set_email_preference(actor=user, mode="daily")
    assert AuditEntry.objects.filter(action="inbox.email_preference.set").exists()
