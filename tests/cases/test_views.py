"""The case-work pages: the journey through the forms, bad input, 404 and 405."""

import datetime as dt

import pytest
from django.utils import timezone

from inprocedere.cases.models import Activity, Case, Enrollment, Exit, Measure, Referral
from inprocedere.core.models import AuditEntry
from tests.conftest import grant_consent

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _english(client):
    """These tests read English messages; German is the default language."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _post(client, url, action, **data):
    return client.post(url, {"action": action, **{f"{action}-{k}": v for k, v in data.items()}})


def test_refer_accept_intake_record_exit_through_the_pages(
    participant, client_for, authority_position, carrier_position, org
):
    authority = _english(client_for("authority_officer"))
    url = f"/referrals/new/?participant={participant.pk}"
    page = authority.get(url)
    assert page.status_code == 200
    assert "Haddad" in page.content.decode()
    data = {
        "from_position": authority_position.pk,
        "to_organisation": org("profes").pk,
        "reason": "Wants to work.",
        "goals": "Language course",
        "urgency": "high",
    }
    # Without the person's consent nothing is sent; the page offers the right form.
    refused = authority.post(url, data).content.decode()
    assert "No valid consent of the person allows passing their data to ProfeS" in refused
    form_url = (
        f"/consents/participant/{participant.pk}/form/?recipients=profes&amp;purposes=referral"
    )
    assert form_url in refused
    assert not Referral.unrestricted.filter(participant=participant).exists()
    grant_consent(participant, "profes")
    response = authority.post(url, data)
    referral = Referral.unrestricted.get(participant=participant)
    assert response.status_code == 302
    assert response["Location"] == f"/referrals/{referral.pk}/"

    carrier = _english(client_for("case_worker"))
    inbox = carrier.get("/work/").content.decode()
    assert "Haddad" in inbox
    detail = f"/referrals/{referral.pk}/"
    assert _post(carrier, detail, "accept", first_appointment="").status_code == 200
    referral.refresh_from_db()
    assert referral.state == "sent"
    when = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    assert _post(carrier, detail, "accept", first_appointment=when).status_code == 302
    response = _post(
        carrier,
        detail,
        "intake",
        owner_position=carrier_position.pk,
        esf_entry_date=TODAY().isoformat(),
        employment_status_at_entry="unemployed",
    )
    case = Case.unrestricted.get(participant=participant)
    assert response["Location"] == f"/cases/{case.pk}/"

    case_url = f"/cases/{case.pk}/"
    page = carrier.get(case_url)
    assert page.status_code == 200
    response = _post(
        carrier,
        case_url,
        "activity",
        kind="counselling",
        date=TODAY().isoformat(),
        duration_minutes="45",
        topics="work permit, language course",
        note="First talk",
    )
    assert response.status_code == 302
    assert Activity.objects.get(case=case).topics == ["work permit", "language course"]
    _post(carrier, case_url, "goal", text="B1 certificate")
    _post(
        carrier,
        case_url,
        "assessment",
        assessed_on=TODAY().isoformat(),
        languages="de A2, ar C2",
        qualifications="Electrician; SY; partial",
    )
    assert case.assessments.get().languages[1] == {"language": "ar", "level": "C2"}
    measure = Measure.objects.create(
        title="Deutschkurs B1",
        provider=org("profes"),
        type="language_course",
        funding_source="esf",
        starts_on=TODAY(),
        ends_on=TODAY() + dt.timedelta(days=60),
    )
    _post(carrier, case_url, "enrollment", measure=measure.pk)
    enrollment = Enrollment.objects.get(case=case)
    _post(
        carrier,
        case_url,
        "enrollment_transition",
        enrollment=enrollment.pk,
        state="ongoing",
        on=TODAY().isoformat(),
    )
    enrollment.refresh_from_db()
    assert enrollment.state == "ongoing"
    _post(
        carrier,
        case_url,
        "placement",
        type="employment",
        employer="Spedition Weber",
        starts_on=TODAY().isoformat(),
        weekly_hours="38.5",
    )
    assert case.placements.count() == 1
    response = _post(
        carrier,
        case_url,
        "exit",
        exit_date=TODAY().isoformat(),
        reason="placed",
        status_upon_leaving="employed",
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"
    body = carrier.get(case_url).content.decode()
    for text in ("Spedition Weber", "Deutschkurs B1", "First talk", "Needs assessment"):
        assert text in body
    # the referrer sees the status of the referral
    assert "Intake done" in authority.get(detail).content.decode()


def test_bad_input_shows_form_errors_and_writes_nothing(case, client_for):
    client = _english(client_for("case_worker"))
    url = f"/cases/{case.pk}/"
    before = AuditEntry.objects.count()
    tomorrow = (TODAY() + dt.timedelta(days=1)).isoformat()
    for action, data in [
        ("activity", {"kind": "counselling", "date": tomorrow, "duration_minutes": "30"}),
        ("activity", {"kind": "nope", "date": TODAY().isoformat(), "duration_minutes": "30"}),
        ("activity", {"kind": "counselling", "date": "2024-02-30", "duration_minutes": "30"}),
        ("activity", {"kind": "counselling", "date": TODAY().isoformat(), "duration_minutes": "0"}),
        ("goal", {"text": "x" * 501}),
        (
            "exit",
            {"exit_date": "2001-01-01", "reason": "placed", "status_upon_leaving": "employed"},
        ),
        ("exit", {"exit_date": tomorrow, "reason": "placed", "status_upon_leaving": "employed"}),
        ("assessment", {"assessed_on": TODAY().isoformat(), "languages": "de Z9"}),
        ("status", {"status": "active"}),
    ]:
        response = _post(client, url, action, **data)
        assert response.status_code == 200, (action, data)
        assert "Please check your entries." in response.content.decode(), (action, data)
    assert AuditEntry.objects.count() == before
    assert not Activity.objects.exists()
    assert not Exit.objects.exists()


def test_an_unknown_action_is_a_bad_request(case, client_for):
    response = client_for("case_worker").post(f"/cases/{case.pk}/", {"action": "teleport"})
    assert response.status_code == 400


def test_other_organisations_get_404_for_pages_and_posts(case, client_for):
    url = f"/cases/{case.pk}/"
    for persona in ("authority_officer", "jobcentre_officer"):
        client = client_for(persona)
        assert client.get(url).status_code == 404
        response = _post(
            client,
            url,
            "activity",
            kind="counselling",
            date=TODAY().isoformat(),
            duration_minutes="30",
        )
        assert response.status_code == 404
    assert not Activity.objects.exists()
    assert client_for("case_worker").get("/cases/999999/").status_code == 404


def test_the_sender_cannot_answer_its_own_referral(referral, client_for):
    response = _post(
        client_for("authority_officer"), f"/referrals/{referral.pk}/", "decline", reason="x"
    )
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.state == "sent"


def test_wrong_methods_get_405(case, client_for):
    client = client_for("case_worker")
    assert client.put(f"/cases/{case.pk}/").status_code == 405
    assert client.delete("/work/").status_code == 405
    assert client.post("/cases/").status_code == 405


def test_a_stale_case_edit_is_refused_with_409(case, client_for, carrier_position):
    client = client_for("case_worker")
    data = {"version": 1, "owner_position": carrier_position.pk, "rural": "on"}
    assert client.post(f"/cases/{case.pk}/edit/", data).status_code == 302
    response = client.post(f"/cases/{case.pk}/edit/", {**data, "homeless": "on"})
    assert response.status_code == 409
    case.refresh_from_db()
    assert (case.version, case.homeless) == (2, False)


def test_a_duplicate_referral_is_refused_on_the_page(referral, client_for, authority_position, org):
    response = _english(client_for("authority_officer")).post(
        f"/referrals/new/?participant={referral.participant_id}",
        {
            "from_position": authority_position.pk,
            "to_organisation": org("profes").pk,
            "reason": "Again",
            "urgency": "normal",
        },
    )
    assert response.status_code == 200
    assert "already has an open referral" in response.content.decode()
    assert Referral.unrestricted.count() == 1


def test_overdue_referrals_are_flagged(referral, client_for, settings):
    settings.INPROCEDERE_REFERRAL_OVERDUE_DAYS = 3
    Referral.unrestricted.filter(pk=referral.pk).update(
        created_at=timezone.now() - dt.timedelta(days=4)
    )
    assert "kern-badge--danger" in client_for("case_worker").get("/work/").content.decode()
    settings.INPROCEDERE_REFERRAL_OVERDUE_DAYS = 5
    assert "kern-badge--danger" not in client_for("case_worker").get("/work/").content.decode()


def test_measures_catalogue(client_for, org):
    client = client_for("case_worker")
    response = client.post(
        "/measures/new/",
        {
            "title": "Bewerbungstraining",
            "provider": org("profes").pk,
            "type": "application_training",
            "funding_source": "esf",
            "starts_on": "2030-01-10",
            "ends_on": "2030-01-01",
        },
    )
    assert response.status_code == 200
    assert not Measure.objects.exists()
    response = client.post(
        "/measures/new/",
        {
            "title": "Bewerbungstraining",
            "provider": org("profes").pk,
            "type": "application_training",
            "funding_source": "esf",
            "starts_on": "2030-01-01",
            "ends_on": "2030-01-10",
        },
    )
    assert response.status_code == 302
    assert "Bewerbungstraining" in client.get("/measures/").content.decode()


def test_pages_speak_german(case, client_for):
    client = client_for("case_worker")
    client.cookies["django_language"] = "de"
    response = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert '<html lang="de"' in response.content.decode()


def test_the_coordinator_sees_case_work_pseudonymised(
    case, client_for, django_assert_max_num_queries
):
    from inprocedere.privacy import policy
    from inprocedere.privacy.models import AccessLogEntry

    client = client_for("coordinator")
    with django_assert_max_num_queries(20):
        page = client.get("/cases/overview/?status=all").content.decode()
    person = case.participant
    assert policy.pseudonym(person.pk) in page
    assert person.family_name not in page and person.given_names not in page
    assert "ProfeS" in page
    entry = AccessLogEntry.objects.for_participant(person.pk).first()
    assert (entry.basis, entry.categories) == ("role:coordinator", ["pseudonymised"])
    # the same pseudonym every time, and not the id
    assert policy.pseudonym(person.pk) == policy.pseudonym(person.pk) != str(person.pk)
    only_profes = client.get("/cases/overview/?status=all&organisation=jc-germersheim")
    assert policy.pseudonym(person.pk) not in only_profes.content.decode()
