"""Purpose binding (issue 16, §67b SGB X, Art. 5(1)(b) GDPR): a consent opens a read only
if it names the purpose the basis or the page serves. A case-team position is joint
counselling, a referral is the referral, a conference page declares the case conference.

The world of `test_consent_matrix._world` (KV Germersheim registered the person, ProfeS
owns the case, the job centre's position is on the case team) with the consents each
test grants the job centre.
"""

import datetime as dt

import pytest

from inprocedere.cases.models import Referral
from inprocedere.network.models import Organisation
from inprocedere.participants.models import Participant
from inprocedere.privacy import policy
from tests.api.conftest import ApiClient
from tests.conftest import grant_consent
from tests.privacy.test_consent_matrix import _world

pytestmark = pytest.mark.django_db


def _reads(client, api, person, case):
    return (
        client.get(f"/participants/{person.pk}/").status_code,
        client.get(f"/cases/{case.pk}/").status_code,
        api.get(f"/api/v1/participants/{person.pk}").status_code,
        api.get(f"/api/v1/cases/{case.pk}").status_code,
    )


@pytest.mark.parametrize(
    ("purposes", "expected"),
    [
        (["counselling"], 200),
        (["referral"], 404),
        (["case_conference", "placement"], 404),
        (["esf_monitoring"], 404),
    ],
)
def test_the_case_team_reads_only_under_a_consent_to_joint_counselling(
    purposes, expected, client_for, token_for
):
    work = _world(consent=False)
    person, case = work["case"].participant, work["case"]
    grant_consent(person, "jc-germersheim", purposes=purposes)
    client, api = client_for("jobcentre_officer"), ApiClient(token_for("jobcentre_officer"))
    assert _reads(client, api, person, case) == (expected,) * 4, purposes


def _referred_to_the_job_centre(purposes):
    authority = Organisation.objects.get(slug="kv-germersheim")
    person = Participant.unrestricted.create(
        family_name="Zweck", given_names="Zara", registered_by=authority
    )
    referral = Referral.unrestricted.create(
        participant=person,
        from_position=authority.positions.get(
            title="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung"
        ),
        to_organisation=Organisation.objects.get(slug="jc-germersheim"),
        reason="Leistungen",
    )
    grant_consent(person, "jc-germersheim", purposes=purposes)
    return person, referral


@pytest.mark.parametrize(
    ("purposes", "expected"),
    [(["referral"], 200), (["counselling"], 404), (["case_conference"], 404)],
)
def test_the_receiver_of_a_referral_reads_only_under_a_consent_to_the_referral(
    purposes, expected, client_for, token_for
):
    person, referral = _referred_to_the_job_centre(purposes)
    client, api = client_for("jobcentre_officer"), ApiClient(token_for("jobcentre_officer"))
    statuses = (
        client.get(f"/participants/{person.pk}/").status_code,
        client.get(f"/referrals/{referral.pk}/").status_code,
        api.get(f"/api/v1/participants/{person.pk}").status_code,
        api.get(f"/api/v1/referrals/{referral.pk}").status_code,
    )
    assert statuses == (expected,) * 4, purposes


def test_a_page_sees_the_categories_of_the_consent_for_its_own_purpose(
    client_for, token_for, user_for
):
    """Joint counselling: identity only; the case conference: identity and contact. The
    case page shows the first, a conference about the case the second."""
    work = _world(consent=False)
    person, case = work["case"].participant, work["case"]
    Participant.unrestricted.filter(pk=person.pk).update(email="mona@example.org")
    grant_consent(person, "jc-germersheim", categories=["identity"], purposes=["counselling"])
    grant_consent(
        person,
        "jc-germersheim",
        categories=["identity", "contact"],
        purposes=["case_conference"],
    )
    user = user_for("jobcentre_officer")
    categories = {
        purpose: policy.disclosures(user, [person.pk], purpose=purpose)[person.pk].categories
        for purpose in ("counselling", "case_conference", "referral")
    }
    assert categories == {
        "counselling": {"identity"},
        "case_conference": {"identity", "contact"},
        "referral": frozenset(),
    }
    # the case page (joint counselling) does not show the contact data ...
    assert (
        "mona@example.org"
        not in client_for("jobcentre_officer").get(f"/cases/{case.pk}/").content.decode()
    )
    api = ApiClient(token_for("jobcentre_officer"))
    assert api.get(f"/api/v1/participants/{person.pk}").json()["email"] in ("", None)
    # ... while the organisation that holds the data sees everything for any purpose
    own = policy.disclosures(user_for("authority_officer"), [person.pk], purpose="referral")
    assert own[person.pk].full


def test_the_persons_page_follows_the_bases_that_stand(user_for):
    """Without a declared purpose (lists, the person's page) a consent counts for the
    purposes of the bases that stand: the case team → joint counselling only."""
    work = _world(consent=False)
    person = work["case"].participant
    grant_consent(person, "jc-germersheim", categories=["identity"], purposes=["counselling"])
    grant_consent(person, "jc-germersheim", categories=["contact"], purposes=["referral"])
    found = policy.disclosures(user_for("jobcentre_officer"), [person.pk])[person.pk]
    assert found.categories == {"identity"}


def test_expiry_of_the_purposes_consent_bites_on_the_next_request(client_for):
    work = _world(consent=False)
    person = work["case"].participant
    consent = grant_consent(
        person, "jc-germersheim", purposes=["counselling"], valid_until=dt.date.today()
    )
    grant_consent(person, "jc-germersheim", purposes=["referral"])  # another purpose
    jobcentre = client_for("jobcentre_officer")
    assert jobcentre.get(f"/participants/{person.pk}/").status_code == 200
    type(consent).unrestricted.filter(pk=consent.pk).update(
        valid_until=dt.date.today() - dt.timedelta(days=1)
    )
    assert jobcentre.get(f"/participants/{person.pk}/").status_code == 404
