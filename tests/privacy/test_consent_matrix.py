"""The access matrix again, for records of another organisation with and without the
person's consent, generated from the page MATRIX (tests/test_access_matrix.py) and the
API routes: every route that shows or changes personal data × every persona × {no
consent, consent} → the expected status. Then: withdrawal cuts access on the next
request, every such page writes an access-log entry, refused attempts are logged, and
the fail-closed managers refuse unscoped queries.

The world is `_case_work` (KV Germersheim registered the person and referred them to
ProfeS, which owns the case) with the job centre's position on the case team. The job
centre holds none of the person's data itself: it sees what a consent to it covers.
"""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from inprocedere.cases.models import Activity, Case, Referral
from inprocedere.core.guarded import UnscopedQuery
from inprocedere.network.models import Position
from inprocedere.participants.models import Participant
from inprocedere.privacy import policy, services
from inprocedere.privacy.models import AccessLogEntry, Consent
from tests.api.conftest import ApiClient
from tests.conftest import PERSONAS, grant_consent
from tests.test_access_matrix import (
    MATRIX,
    _case_work,
    _consent,
    _expected,
    _participant_record,
)

pytestmark = pytest.mark.django_db

# The MATRIX kinds whose pages show or change one person's data.
PERSONAL_KINDS = {
    "participant",
    "residence",
    "benefit",
    "work_permit",
    "alias",
    "consent",
    "consent_scan",
    "case",
    "referral",
}
CASE_ROLES = {"case_worker", "team_lead", "authority_officer", "jobcentre_officer"}
# Routes of case work (roles of case work open them, the record decides); routes for
# other roles (the DPO's) are decided by role alone and stay as in MATRIX.
PERSONAL_ROUTES = sorted(
    name
    for name, (kind, allowed, *_rest) in MATRIX.items()
    if kind in PERSONAL_KINDS and allowed not in ("405", "redirect") and allowed & CASE_ROLES
)

# With a consent to the job centre (identity and residence, joint counselling), its
# officer reads the person and the case; changing the person's record, managing the
# case and the referral between two other organisations stay closed. Consents are
# recorded and withdrawn only by the organisations that hold the data, and a recipient
# sees only the consents naming it (the matrix's consent names nobody): all 404 here,
# the consent naming the job centre is opened in test_consent_governance.py.
JOBCENTRE_WITH_CONSENT = {
    "participants:participant_detail": 200,
    "cases:case_detail": 200,
    "cases:case_timeline": 200,  # the case page's older entries, under the same rule
    "cases:person_summary": 200,  # the person beside the case, as on the person's page
}


def _world(consent: bool):
    work = _case_work()
    case = work["case"]
    jobcentre = Position.objects.get(
        organisation__slug="jc-germersheim", title="Fallmanagement Migration"
    )
    case.team.add(jobcentre)
    Activity.objects.create(
        case=case,
        kind="counselling",
        date=dt.date(2024, 3, 1),
        duration_minutes=30,
        note="Vertraulich: Fluchtgeschichte",
        confidential=True,
        position=case.owner_position,
    )
    if consent:
        grant_consent(
            case.participant,
            "jc-germersheim",
            categories=["identity", "residence"],
            purposes=["counselling"],
        )
    return work


def _kwargs(kind, work):
    """URL arguments for a MATRIX kind, in this test's world."""
    person = work["case"].participant
    if kind in ("referral", "case"):
        return {"pk": work[kind].pk}
    if kind in ("consent", "consent_scan"):
        return {"pk": _consent(person, scan=kind == "consent_scan").pk}
    if kind == "participant":
        return {"pk": person.pk}
    return {"pk": person.pk, "record_pk": _participant_record(person, kind).pk}


def _status(client, name, work):
    response = client.get(reverse(name, kwargs=_kwargs(MATRIX[name][0], work)))
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


@pytest.mark.parametrize("consent", [False, True], ids=["without_consent", "with_consent"])
@pytest.mark.parametrize("name", PERSONAL_ROUTES)
def test_pages_of_another_organisations_records(name, consent, persona, client_for):
    work = _world(consent)
    _kind, allowed, _anonymous, *hidden = MATRIX[name]
    expected = _expected(allowed, persona, hidden[0] if hidden else ())
    if persona == "jobcentre_officer":
        expected = JOBCENTRE_WITH_CONSENT.get(name, 404) if consent else 404
    assert _status(client_for(persona), name, work) == expected, (name, persona, consent)


# The same roles in other regions (Ludwigshafen's immigration office, Landau's job
# centre): neither holds the person's data nor is named by the consent → 404 throughout.
REGIONAL_OFFICERS = {
    "authority_officer_ludwigshafen": (
        "stadt-ludwigshafen",
        "Bereich Ausländerangelegenheiten – Aufenthaltsrecht",
    ),
    "jobcentre_officer_landau": ("jc-landau", "Leistungsabteilung"),
}


@pytest.fixture
def regional_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from inprocedere.network.models import Person
    from tests.conftest import sign_in_fully

    def make(name):
        organisation, title = REGIONAL_OFFICERS[name]
        user, _created = get_user_model().objects.get_or_create(username=name)
        person = Person.objects.filter(
            tenures__position__organisation__slug=organisation, tenures__position__title=title
        ).first()
        person.user = user
        person.save()
        return sign_in_fully(Client(), user)

    return make


@pytest.mark.parametrize("consent", [False, True], ids=["without_consent", "with_consent"])
@pytest.mark.parametrize("officer", sorted(REGIONAL_OFFICERS))
@pytest.mark.parametrize("name", PERSONAL_ROUTES)
def test_officers_of_other_regions_see_nothing(name, officer, consent, regional_client):
    work = _world(consent)
    assert _status(regional_client(officer), name, work) == 404, (name, officer, consent)


def test_every_personal_route_is_decided_for_the_job_centre():
    assert set(JOBCENTRE_WITH_CONSENT) <= set(PERSONAL_ROUTES)
    assert {"privacy:consent_detail", "privacy:consent_scan"} <= set(PERSONAL_ROUTES)


# --- the API --------------------------------------------------------------------------

API_READS = {
    "/api/v1/participants/{participant}": 200,
    "/api/v1/participants/{participant}/residence-statuses": 200,
    "/api/v1/participants/{participant}/benefit-periods": 200,
    "/api/v1/participants/{participant}/work-permit-applications": 200,
    "/api/v1/participants/{participant}/consents": 200,
    "/api/v1/cases/{case}": 200,
    "/api/v1/cases/{case}/activities": 200,
    "/api/v1/referrals/{referral}": 404,  # between two other organisations
}


@pytest.mark.parametrize("consent", [False, True], ids=["without_consent", "with_consent"])
def test_api_reads_of_another_organisations_records(consent, token_for):
    work = _world(consent)
    client = ApiClient(token_for("jobcentre_officer"))
    ids = {
        "participant": work["case"].participant_id,
        "case": work["case"].pk,
        "referral": work["referral"].pk,
    }
    for template, status in API_READS.items():
        url = template.format(**ids)
        assert client.get(url).status_code == (status if consent else 404), (url, consent)


def test_the_api_shows_only_the_consented_categories(token_for):
    work = _world(consent=True)
    person = work["case"].participant
    Participant.unrestricted.filter(pk=person.pk).update(email="mona@example.org", disability="yes")
    client = ApiClient(token_for("jobcentre_officer"))
    body = client.get(f"/api/v1/participants/{person.pk}").json()
    assert body["family_name"] == "Matrix"  # identity: consented
    assert body["email"] in ("", None)  # contact: not consented
    assert body["disability"] in ("", None)  # special category: not consented
    notes = client.get(f"/api/v1/cases/{work['case'].pk}/activities").json()["items"]
    assert all("Fluchtgeschichte" not in (item.get("note") or "") for item in notes)


def test_the_page_shows_only_the_consented_categories(client_for):
    work = _world(consent=True)
    person = work["case"].participant
    Participant.unrestricted.filter(pk=person.pk).update(email="mona@example.org")
    page = client_for("jobcentre_officer").get(f"/participants/{person.pk}/").content.decode()
    assert "Matrix" in page
    assert "mona@example.org" not in page
    case_page = client_for("jobcentre_officer").get(f"/cases/{work['case'].pk}/")
    assert "Fluchtgeschichte" not in case_page.content.decode()
    # the owning organisation sees everything
    own = client_for("case_worker").get(f"/participants/{person.pk}/").content.decode()
    assert "mona@example.org" in own


# --- withdrawal and expiry take effect on the next request ---------------------------


def _read(client, url):
    response = client.get(url)
    if response.streaming:  # reading a download to its end closes its file
        b"".join(response.streaming_content)
    return response.status_code


def test_withdrawal_cuts_access_on_the_next_request(client_for, token_for, user_for):
    work = _world(consent=True)
    person, case = work["case"].participant, work["case"]
    consent = Consent.unrestricted.get(participant=person, recipients__slug="jc-germersheim")
    consent.scan.save("signed.pdf", ContentFile(b"%PDF-1.4 signed"))
    page, api = client_for("jobcentre_officer"), ApiClient(token_for("jobcentre_officer"))
    urls = [
        f"/participants/{person.pk}/",
        f"/cases/{case.pk}/",
        reverse("privacy:consent_scan", kwargs={"pk": consent.pk}),  # a download
    ]
    api_urls = [f"/api/v1/participants/{person.pk}", f"/api/v1/cases/{case.pk}"]
    assert [_read(page, url) for url in urls] == [200, 200, 200]
    assert [api.get(url).status_code for url in api_urls] == [200, 200]
    link = f'href="/participants/{person.pk}/"'
    assert link in page.get("/participants/").content.decode()

    services.consent_withdraw(
        actor=user_for("authority_officer"), consent=consent, withdrawn_on=dt.date.today()
    )
    assert [_read(page, url) for url in urls] == [404, 404, 404]
    assert [api.get(url).status_code for url in api_urls] == [404, 404]
    assert link not in page.get("/participants/").content.decode()
    names = [i["family_name"] for i in api.get("/api/v1/participants").json()["items"]]
    assert "Matrix" not in names


def test_expiry_cuts_access_the_day_after(client_for):
    work = _world(consent=False)
    person = work["case"].participant
    consent = grant_consent(
        person,
        "jc-germersheim",
        categories=["identity"],
        purposes=["counselling"],
        valid_until=dt.date.today(),
    )
    jobcentre = client_for("jobcentre_officer")
    # Valid through its last day: the consent is what lets the job centre in ...
    assert jobcentre.get(f"/participants/{person.pk}/").status_code == 200
    # ... and the day after it has expired, nothing does.
    Consent.unrestricted.filter(pk=consent.pk).update(
        valid_until=dt.date.today() - dt.timedelta(days=1)
    )
    assert jobcentre.get(f"/participants/{person.pk}/").status_code == 404


# --- the access log -------------------------------------------------------------------

# Who opens each page in `_case_work`: the carrier owns the case, the authority the rest.
READERS = {"referral": "authority_officer", "case": "case_worker"}


@pytest.mark.parametrize("name", PERSONAL_ROUTES)
def test_every_personal_page_writes_an_access_log_entry(name, client_for):
    work = _world(consent=True)
    person_id = work["case"].participant_id
    kind = MATRIX[name][0]
    persona = READERS.get(kind, "authority_officer")
    before = AccessLogEntry.objects.for_participant(person_id).filter(action="read").count()
    assert _status(client_for(persona), name, work) == 200
    entries = AccessLogEntry.objects.for_participant(person_id).filter(action="read")
    assert entries.count() > before, name
    entry = entries.first()
    assert entry.user.username == PERSONAS[persona]
    assert entry.basis == "own_case"
    assert entry.categories  # what was disclosed
    assert entry.path


def test_reads_under_consent_name_the_consent(client_for):
    work = _world(consent=True)
    person = work["case"].participant
    consent = Consent.unrestricted.get(participant=person, recipients__slug="jc-germersheim")
    client_for("jobcentre_officer").get(f"/participants/{person.pk}/")
    entry = AccessLogEntry.objects.for_participant(person.pk).filter(action="read").first()
    assert entry.basis == f"consent:{consent.pk}"
    assert entry.categories == ["identity", "residence"]
    assert entry.channel == "page"


def test_refused_attempts_are_logged(client_for, token_for):
    work = _world(consent=False)
    person = work["case"].participant
    assert client_for("jobcentre_officer").get(f"/participants/{person.pk}/").status_code == 404
    assert ApiClient(token_for("outsider")).get(f"/api/v1/cases/{work['case'].pk}").status_code
    refused = AccessLogEntry.objects.for_participant(person.pk).filter(action="denied")
    assert {entry.user_label.split(" ")[0] for entry in refused} >= {"jobcentre"}
    assert refused.filter(channel="page").exists()


def test_list_pages_log_every_person_on_the_page_in_one_insert(
    client_for, django_assert_max_num_queries
):
    work = _world(consent=True)
    client = client_for("authority_officer")
    client.get("/participants/")
    assert (
        AccessLogEntry.objects.for_participant(work["case"].participant_id)
        .filter(path__startswith="/participants/")
        .exists()
    )


def test_changes_are_logged_as_writes(client_for, user_for):
    from inprocedere.participants import services as participant_services

    work = _world(consent=True)
    person = work["case"].participant
    participant_services.alias_add(
        actor=user_for("authority_officer"), participant=person, family_name="Matriks"
    )
    entry = AccessLogEntry.objects.for_participant(person.pk).filter(action="write").first()
    assert entry is not None
    assert "identity" in entry.categories
    assert entry.basis == "own_case"


def test_the_access_log_is_append_only():
    from inprocedere.core.models import AppendOnlyError

    entry = AccessLogEntry.objects.create(participant_ids=[1], action="read", channel="page")
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(purpose="x")


@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_to_change_the_access_log(demo_network):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    from django.db import DatabaseError

    entry = AccessLogEntry.objects.create(participant_ids=[1], action="read", channel="page")
    with connection.cursor() as cursor, pytest.raises(DatabaseError):
        cursor.execute("UPDATE privacy_accesslogentry SET purpose = 'x' WHERE id = %s", [entry.pk])
    with connection.cursor() as cursor, pytest.raises(DatabaseError):
        cursor.execute("DELETE FROM privacy_accesslogentry WHERE id = %s", [entry.pk])


# --- fail closed ----------------------------------------------------------------------


@pytest.mark.parametrize("model", [Participant, Case, Referral, Consent])
def test_unscoped_queries_of_personal_data_raise(model, user_for):
    with pytest.raises(UnscopedQuery):
        list(model.objects.all())
    with pytest.raises(UnscopedQuery):
        model.objects.filter(pk=1).exists()
    with pytest.raises(UnscopedQuery):
        model.objects.count()
    with pytest.raises(UnscopedQuery):
        model.objects.filter(pk=0).update()
    with pytest.raises(UnscopedQuery):
        model.objects.get(pk=1)
    # through the policy, or explicitly as system code, they run
    name = {
        Participant: "participant.read",
        Case: "case.read",
        Referral: "referral.read",
        Consent: "consent.read",
    }[model]
    list(policy.visible(user_for("case_worker"), model.objects.all(), name)[:1])
    list(model.unrestricted.all()[:1])


def test_related_records_of_a_record_read_through_the_policy_need_no_second_check(user_for):
    work = _world(consent=False)
    person = policy.visible(
        user_for("authority_officer"), Participant.objects.all(), "participant.read"
    ).get(pk=work["case"].participant_id)
    assert [case.pk for case in person.cases.all()] == [work["case"].pk]


@pytest.mark.parametrize("consent", [False, True], ids=["without_consent", "with_consent"])
def test_decide_and_visible_agree_on_every_persona(consent, user_for):
    work = _world(consent)
    records = {
        "participant.read": work["case"].participant,
        "participant.edit": work["case"].participant,
        "case.read": work["case"],
        "case.write": work["case"],
        "case.manage": work["case"],
        "referral.read": work["referral"],
    }
    for persona in PERSONAS:
        user = user_for(persona)
        for name, record in records.items():
            model = type(record)
            listed = policy.visible(user, model.objects.all(), name).filter(pk=record.pk)
            decision = policy.decide(user, name, record)
            assert decision.allowed == listed.exists(), (persona, name)
            if decision.allowed:
                assert decision.basis in ("own_case",) or decision.basis.startswith("consent:")
                assert decision.categories


def test_related_records_follow_the_categories_in_page_and_api(client_for, token_for):
    """Identity only: aliases and identifiers shown; residence history, benefits,
    counselling notes and the referral's reason withheld everywhere."""
    from inprocedere.participants.models import Alias, BenefitPeriod, ResidenceStatusType

    work = _world(consent=False)
    person, case = work["case"].participant, work["case"]
    grant_consent(person, "jc-germersheim", categories=["identity"], purposes=["counselling"])
    Alias.objects.create(participant=person, family_name="Matriks")
    person.residence_statuses.create(
        status_type=ResidenceStatusType.objects.get(code="duldung"), valid_from=dt.date(2024, 1, 1)
    )
    BenefitPeriod.objects.create(participant=person, system="sgb2", valid_from=dt.date(2024, 1, 1))
    Activity.objects.create(
        case=case,
        kind="counselling",
        date=dt.date(2024, 4, 1),
        duration_minutes=30,
        note="Offene Notiz zur Bewerbung",
        position=case.owner_position,
    )
    api = ApiClient(token_for("jobcentre_officer"))
    body = api.get(f"/api/v1/participants/{person.pk}").json()
    assert [a["family_name"] for a in body["aliases"]] == ["Matriks"]
    assert body["residence_statuses"] == []
    assert api.get(f"/api/v1/participants/{person.pk}/residence-statuses").json() == []
    assert api.get(f"/api/v1/participants/{person.pk}/benefit-periods").json() == []
    notes = api.get(f"/api/v1/cases/{case.pk}/activities").json()["items"]
    assert notes and all(not item["note"] for item in notes)
    page = client_for("jobcentre_officer").get(f"/cases/{case.pk}/").content.decode()
    assert "Offene Notiz" not in page
    participant_page = client_for("jobcentre_officer").get(f"/participants/{person.pk}/")
    assert "Duldung" not in participant_page.content.decode()
