"""README's journey: the officer refers a person to ProfeS; without consent the page says
so and leads to "Einwilligung erfassen" (with ProfeS and the purpose filled in), and once
the consent is recorded the officer is back at the referral, which now goes through."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse
from django.utils import timezone

from inprocedere.cases.models import Referral
from inprocedere.privacy.models import Consent


def _referral_data(authority_position, org):
    return {
        "from_position": authority_position.pk,
        "to_organisation": org("profes").pk,
        "reason": "Geduldet, möchte als Koch arbeiten.",
        "urgency": "normal",
    }


def test_a_referral_refused_for_want_of_consent_leads_to_recording_it(
    client_for, make_participant, authority_position, org
):
    person = make_participant(family_name="Rahimi")
    client = client_for("authority_officer")
    refer = reverse("cases:referral_create") + f"?participant={person.pk}"
    page = client.post(refer, _referral_data(authority_position, org))
    html = page.content.decode()
    assert page.status_code == 200 and not Referral.unrestricted.exists()
    assert "Einwilligung erfassen" in html
    record = reverse("privacy:consent_create", kwargs={"pk": person.pk})
    start = html.index(f'href="{record}?')
    link = html[start + 6 : html.index('"', start + 6)].replace("&amp;", "&")
    query = parse_qs(urlsplit(link).query)
    assert query["recipients"] == ["profes"] and query["purposes"] == ["referral"]
    assert query["next"] == [refer]

    form = client.get(link)
    assert form.status_code == 200
    signed = {
        "recipients": [org("profes").pk],
        "categories": ["identity", "contact", "residence", "education_work"],
        "purposes": ["referral"],
        "form": "written",
        "form_version": "2026-1",
        "language": "de",
        "signed_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
    }
    recorded = client.post(link, signed)
    assert recorded.status_code == 302 and recorded["Location"] == refer
    assert Consent.unrestricted.filter(participant=person).exists()

    sent = client.post(refer, _referral_data(authority_position, org))
    assert sent.status_code == 302
    assert Referral.unrestricted.filter(participant=person).exists()


def test_the_way_back_stays_on_the_site(client_for, make_participant, org):
    person = make_participant()
    client = client_for("authority_officer")
    url = reverse("privacy:consent_create", kwargs={"pk": person.pk})
    data = {
        "recipients": [org("profes").pk],
        "categories": ["identity"],
        "purposes": ["referral"],
        "form": "written",
        "form_version": "2026-1",
        "language": "de",
        "signed_on": timezone.localdate().isoformat(),
    }
    answer = client.post(url + "?next=https://evil.example/", data)
    consent = Consent.unrestricted.get(participant=person)
    assert answer["Location"] == reverse("privacy:consent_detail", kwargs={"pk": consent.pk})
