"""Consent governance (issue 16, docs/consent.md): only an organisation that holds the
person's data records and withdraws consents; a recipient sees only the consents that
name it; a declined or withdrawn referral ends the reach it gave.

The world of `test_consent_matrix._world`: KV Germersheim registered the person and
referred them to ProfeS, which owns the case; the job centre's position is on the case
team and reads under a consent naming it (identity and residence, joint counselling).
"""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from inprocedere.cases import services as case_services
from inprocedere.cases.models import Case, Referral
from inprocedere.network.models import Organisation, Position
from inprocedere.participants.models import Participant
from inprocedere.privacy.models import Consent
from tests.api.conftest import ApiClient
from tests.conftest import grant_consent
from tests.privacy.test_consent_matrix import _world

pytestmark = pytest.mark.django_db
JSON = "application/json"

WIDENING = {
    "recipients": ["jc-germersheim"],
    "categories": ["identity", "contact", "residence", "benefits", "education_work"],
    "purposes": ["counselling", "referral"],
    "form": "written",
    "form_version": "2026-1",
    "language": "de",
    "signed_on": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
    "valid_until": None,
}


def _person(work):
    return work["case"].participant


# --- item 2: a recipient cannot widen its own reach -------------------------------------


def test_a_recipient_cannot_record_a_consent_through_the_api(token_for):
    work = _world(consent=True)
    person = _person(work)
    Participant.unrestricted.filter(pk=person.pk).update(email="mona@example.org")
    before = Consent.unrestricted.count()
    jobcentre = ApiClient(token_for("jobcentre_officer"))
    response = jobcentre.post(
        f"/api/v1/participants/{person.pk}/consents", WIDENING, content_type=JSON
    )
    assert response.status_code == 404
    assert Consent.unrestricted.count() == before
    body = jobcentre.get(f"/api/v1/participants/{person.pk}").json()
    assert body["email"] in ("", None)  # contact stays closed


def test_a_recipient_cannot_record_a_consent_through_the_form(client_for):
    work = _world(consent=True)
    person = _person(work)
    before = Consent.unrestricted.count()
    jobcentre = client_for("jobcentre_officer")
    url = reverse("privacy:consent_create", kwargs={"pk": person.pk})
    data = {**WIDENING, "recipients": [Organisation.objects.get(slug="jc-germersheim").pk]}
    data["valid_until"] = ""
    assert jobcentre.get(url).status_code == 404
    assert jobcentre.post(url, data).status_code == 404
    for name in ("privacy:consent_form", "privacy:consent_form_pdf"):
        assert jobcentre.get(reverse(name, kwargs={"pk": person.pk})).status_code == 404
    assert Consent.unrestricted.count() == before
    page = jobcentre.get(f"/participants/{person.pk}/").content.decode()
    assert url not in page  # no button that leads nowhere


@pytest.mark.parametrize(
    "persona", ["authority_officer", "case_worker"], ids=["registered", "owns_the_case"]
)
def test_the_organisations_that_hold_the_data_record_consents(persona, token_for):
    work = _world(consent=False)
    person = _person(work)
    response = ApiClient(token_for(persona)).post(
        f"/api/v1/participants/{person.pk}/consents", WIDENING, content_type=JSON
    )
    assert response.status_code == 201, response.content


# --- item 3: a recipient sees only consents naming it and withdraws none ----------------


def _two_consents(work):
    person = _person(work)
    naming_jobcentre = Consent.unrestricted.get(
        participant=person, recipients__slug="jc-germersheim"
    )
    naming_carrier = grant_consent(person, "profes", categories=["identity"])
    esf = Consent.unrestricted.create(
        participant=person,
        purposes=["esf_monitoring"],
        signed_on=dt.date(2024, 1, 1),
        recording_organisation=person.registered_by,
    )
    return naming_jobcentre, naming_carrier, esf


def test_a_recipient_lists_only_the_consents_naming_it(token_for, client_for):
    work = _world(consent=True)
    person = _person(work)
    naming_jobcentre, naming_carrier, esf = _two_consents(work)
    api = ApiClient(token_for("jobcentre_officer"))
    listed = [c["id"] for c in api.get(f"/api/v1/participants/{person.pk}/consents").json()]
    assert listed == [naming_jobcentre.pk]
    assert api.get(f"/api/v1/consents/{naming_carrier.pk}").status_code == 404
    assert api.get(f"/api/v1/consents/{esf.pk}").status_code == 404
    page = client_for("jobcentre_officer")
    html = page.get(f"/participants/{person.pk}/").content.decode()
    assert reverse("privacy:consent_detail", kwargs={"pk": naming_jobcentre.pk}) in html
    assert reverse("privacy:consent_detail", kwargs={"pk": naming_carrier.pk}) not in html
    assert (
        page.get(reverse("privacy:consent_detail", kwargs={"pk": naming_carrier.pk})).status_code
        == 404
    )
    # the organisation that registered the person sees them all
    own = ApiClient(token_for("authority_officer"))
    listed = {c["id"] for c in own.get(f"/api/v1/participants/{person.pk}/consents").json()}
    assert listed == {naming_jobcentre.pk, naming_carrier.pk, esf.pk}


def test_a_recipient_withdraws_no_consent(token_for, client_for):
    work = _world(consent=True)
    naming_jobcentre, naming_carrier, _esf = _two_consents(work)
    api = ApiClient(token_for("jobcentre_officer"))
    today = {"withdrawn_on": dt.date.today().isoformat()}
    for consent in (naming_carrier, naming_jobcentre):
        assert (
            api.post(
                f"/api/v1/consents/{consent.pk}/withdraw", today, content_type=JSON
            ).status_code
            == 404
        )
        url = reverse("privacy:consent_withdraw", kwargs={"pk": consent.pk})
        assert client_for("jobcentre_officer").post(url, today).status_code == 404
    assert not Consent.unrestricted.filter(withdrawn_on__isnull=False).exists()
    detail = client_for("jobcentre_officer").get(
        reverse("privacy:consent_detail", kwargs={"pk": naming_jobcentre.pk})
    )
    assert detail.status_code == 200
    assert 'id="withdraw-heading"' not in detail.content.decode()
    naming_jobcentre.scan.save("signed.pdf", ContentFile(b"%PDF-1.4 signed"))
    scan = client_for("jobcentre_officer").get(
        reverse("privacy:consent_scan", kwargs={"pk": naming_jobcentre.pk})
    )
    assert scan.status_code == 200
    assert b"".join(scan.streaming_content).startswith(b"%PDF")
    # the organisation that registered the person records the withdrawal
    own = ApiClient(token_for("authority_officer"))
    assert (
        own.post(
            f"/api/v1/consents/{naming_carrier.pk}/withdraw", today, content_type=JSON
        ).status_code
        == 200
    )


# --- item 4: a declined or withdrawn referral ends the receiver's reach ----------------


def _referred(*, team=False):
    """KV Germersheim registered the person and referred them to ProfeS (no case there),
    with a consent naming ProfeS for referrals. With `team`, a ProfeS position also
    works on a case of the job centre's (another basis that stands)."""
    authority = Organisation.objects.get(slug="kv-germersheim")
    carrier = Organisation.objects.get(slug="profes")
    person = Participant.unrestricted.create(
        family_name="Reach", given_names="Rana", registered_by=authority
    )
    referral = Referral.unrestricted.create(
        participant=person,
        from_position=authority.positions.get(
            title="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung"
        ),
        to_organisation=carrier,
        reason="Beratung",
    )
    grant_consent(person, carrier, purposes=["referral", "counselling"])
    if team:
        jobcentre = Position.objects.get(
            organisation__slug="jc-germersheim", title="Fallmanagement Migration"
        )
        case = Case.unrestricted.create(
            participant=person,
            owner_organisation=jobcentre.organisation,
            owner_position=jobcentre,
        )
        case.team.add(carrier.positions.get(title="Beratung und Begleitung Germersheim"))
    return person, referral


def _reads(client, api, person, referral):
    return (
        client.get(f"/participants/{person.pk}/").status_code,
        api.get(f"/api/v1/participants/{person.pk}").status_code,
        client.get(f"/referrals/{referral.pk}/").status_code,
        api.get(f"/api/v1/referrals/{referral.pk}").status_code,
    )


def _end(referral, how, user_for):
    if how == "declined":
        case_services.referral_decline(
            actor=user_for("case_worker"), referral=referral, reason="Kein Platz frei"
        )
    else:
        case_services.referral_withdraw(
            actor=user_for("authority_officer"), referral=referral, reason="Irrtum"
        )


@pytest.mark.parametrize("how", ["declined", "withdrawn"])
def test_an_ended_referral_ends_the_receivers_reach(how, client_for, token_for, user_for):
    person, referral = _referred()
    carrier, api = client_for("case_worker"), ApiClient(token_for("case_worker"))
    assert _reads(carrier, api, person, referral) == (200, 200, 200, 200)
    _end(referral, how, user_for)
    assert _reads(carrier, api, person, referral) == (404, 404, 404, 404)
    listed = [i["id"] for i in api.get("/api/v1/participants").json()["items"]]
    assert person.pk not in listed
    # the sending side still sees what it sent
    sender = ApiClient(token_for("authority_officer"))
    assert sender.get(f"/api/v1/referrals/{referral.pk}").status_code == 200


@pytest.mark.parametrize("how", ["declined", "withdrawn"])
def test_reach_stays_while_another_basis_stands(how, client_for, token_for, user_for):
    person, referral = _referred(team=True)
    carrier, api = client_for("case_worker"), ApiClient(token_for("case_worker"))
    _end(referral, how, user_for)
    assert _reads(carrier, api, person, referral)[:2] == (200, 200)


def test_an_accepted_referral_keeps_the_reach(client_for, token_for, user_for):
    person, referral = _referred()
    case_services.referral_accept(
        actor=user_for("case_worker"),
        referral=referral,
        first_appointment=dt.datetime.now() + dt.timedelta(days=3),
    )
    carrier, api = client_for("case_worker"), ApiClient(token_for("case_worker"))
    assert _reads(carrier, api, person, referral) == (200, 200, 200, 200)
