"""Residence statuses, work-permit applications and benefit periods carry a version: a
stale save is refused naming who changed the record and when (issue 16, item 9)."""

import datetime as dt

import pytest
from django.utils import translation
from django.utils.html import escape

from inprocedere.core.versioning import StaleEdit
from inprocedere.participants import services
from inprocedere.participants.models import BenefitPeriod, ResidenceStatus, ResidenceStatusType
from tests.concurrency import post_at_once

pytestmark = pytest.mark.django_db

SAVES = 20


@pytest.fixture
def period(participant, user_for):
    return services.benefit_period_add(
        actor=user_for("authority_officer"),
        participant=participant,
        system="asylblg_3",
        valid_from=dt.date(2024, 1, 1),
    )


def _url(record, kind):
    return f"/participants/{record.participant_id}/{kind}/{record.pk}/edit/"


def _unchanged(client, url):
    """The edit page's form posted back as loaded (every field, the version included)."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def test_a_stale_service_save_is_refused_naming_who_and_when(period, user_for):
    # The same officer in two browser tabs: the second tab's save started from version 1.
    officer = user_for("authority_officer")
    services.benefit_period_update(actor=officer, period=period, version=1, system="sgb2")
    with translation.override("en"), pytest.raises(StaleEdit) as caught:
        services.benefit_period_update(
            actor=officer, period=period, version=1, valid_until=dt.date(2024, 6, 30)
        )
    message = caught.value.messages[0]
    assert f"{officer.display_name} changed this record at" in message
    assert officer.display_name != officer.get_username()  # the person's name
    assert "benefit system" in message  # what changed since
    period.refresh_from_db()
    assert (period.system, period.valid_until, period.version) == ("sgb2", None, 2)
    assert period.updated_by == officer


def test_the_edit_page_refuses_a_stale_save_with_409_and_shows_the_current_values(
    period, client_for, user_for
):
    client = client_for("authority_officer")
    client.cookies["django_language"] = "en"
    url = _url(period, "benefits")
    loaded = _unchanged(client, url)
    services.benefit_period_update(
        actor=user_for("authority_officer"), period=period, version=1, system="sgb2"
    )
    response = client.post(url, {**loaded, "valid_until": "2024-12-31"})
    assert response.status_code == 409
    body = response.content.decode()
    name = user_for("authority_officer").display_name
    assert f"{escape(name)} changed this record at" in body
    assert response.context["form"]["system"].value() == "sgb2"  # the current values
    assert response.context["form"]["version"].value() == 2
    period.refresh_from_db()
    assert period.valid_until is None


@pytest.mark.parametrize("kind", ["residence", "work-permits"])
def test_residence_and_work_permit_pages_carry_the_version(participant, client_for, user_for, kind):
    officer = user_for("authority_officer")
    if kind == "residence":
        record = services.residence_status_add(
            actor=officer,
            participant=participant,
            status_type="duldung",
            valid_from=dt.date(2024, 1, 1),
        )
    else:
        record = services.work_permit_application_add(
            actor=officer,
            participant=participant,
            applied_on=dt.date(2024, 4, 1),
            employer="Bäckerei",
            job="Bäcker",
        )
    client = client_for("authority_officer")
    url = _url(record, kind)
    first, second = _unchanged(client, url), _unchanged(client, url)
    assert client.post(url, first).status_code == 302
    assert client.post(url, second).status_code == 409
    record.refresh_from_db()
    assert record.version == 2


def test_a_demo_residence_record_without_recorder_saves_unchanged(participant, client_for):
    # The demo and imports store residence statuses without `recorded_by`.
    status = ResidenceStatus.objects.create(
        participant=participant,
        status_type=ResidenceStatusType.objects.filter(code="duldung")
        .order_by("-valid_from")
        .first(),
        valid_from=dt.date(2024, 1, 1),
        recorded_by=None,
    )
    client = client_for("authority_officer")
    url = _url(status, "residence")
    response = client.post(url, _unchanged(client, url))
    assert response.status_code == 302, response.context["form"].errors
    status.refresh_from_db()
    assert status.version == 2


@pytest.mark.django_db(transaction=True)
def test_of_20_concurrent_saves_of_the_edit_page_exactly_one_succeeds(
    demo_network, register, client_for
):
    participant = register()
    period = services.benefit_period_add(
        actor=_officer(),
        participant=participant,
        system="asylblg_3",
        valid_from=dt.date(2024, 1, 1),
    )
    url = _url(period, "benefits")
    clients = [client_for("authority_officer") for _ in range(SAVES)]
    loaded = _unchanged(clients[0], url)
    statuses = post_at_once(
        clients, url, lambda index: {**loaded, "valid_until": f"2025-01-{index + 1:02d}"}
    )
    assert sorted(statuses) == [302] + [409] * (SAVES - 1)
    period = BenefitPeriod.objects.get(pk=period.pk)
    assert period.version == 2


def _officer():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="authority")
