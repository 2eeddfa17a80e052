"""The directory's pages: who may open which, what they show, and editing through them."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from inprocedere.core.models import AuditEntry
from inprocedere.network.models import Organisation, Person, Position, Tenure
from inprocedere.network.services import ORGANISATION_FIELDS

pytestmark = pytest.mark.django_db

EDITORS = {"coordinator", "administrator"}
GER_ABH = "Ausländerbehörde – Aufenthaltsrecht und Beschäftigung"
VACANT = "Ausländerbehörde – Aufenthaltsrecht (Projekt InProcedere)"


@pytest.fixture
def ger_abh():
    return Position.objects.get(organisation__slug="kv-germersheim", title=GER_ABH)


@pytest.fixture
def vacant():
    return Position.objects.get(title=VACANT)


@pytest.fixture
def keller():
    return Person.objects.get(family_name="Keller")


def _url(name, ger_abh, keller):
    kwargs = {
        "organisation_detail": {"slug": "kv-germersheim"},
        "organisation_edit": {"slug": "kv-germersheim"},
        "position_create": {"slug": "kv-germersheim"},
        "position_detail": {"pk": ger_abh.pk},
        "position_edit": {"pk": ger_abh.pk},
        "position_holders": {"pk": ger_abh.pk},
        "person_detail": {"pk": keller.pk},
        "person_edit": {"pk": keller.pk},
    }.get(name, {})
    return reverse(f"network:{name}", kwargs=kwargs)


READ_VIEWS = [
    "directory",
    "organisation_list",
    "organisation_detail",
    "position_detail",
    "person_list",
    "person_detail",
]
EDIT_VIEWS = [
    "organisation_edit",
    "position_create",
    "position_edit",
    "position_holders",
    "person_create",
    "person_edit",
]


# --- access ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", READ_VIEWS + EDIT_VIEWS)
def test_anonymous_visitors_are_sent_to_sign_in(client, name, ger_abh, keller):
    url = _url(name, ger_abh, keller)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", READ_VIEWS)
def test_every_signed_in_persona_reads(client_for, persona, name, ger_abh, keller):
    response = client_for(persona).get(_url(name, ger_abh, keller))
    assert response.status_code == 200


@pytest.mark.parametrize("name", EDIT_VIEWS)
def test_only_coordinators_and_administrators_edit(client_for, persona, name, ger_abh, keller):
    client = client_for(persona)
    url = _url(name, ger_abh, keller)
    expected = 200 if persona in EDITORS else 403
    if name == "position_holders" and persona == "team_lead":
        # Team leads handle the turnover of their own organisation's positions only.
        expected = 404
    assert client.get(url).status_code == expected
    if persona not in EDITORS:
        assert client.post(url, {}).status_code == expected


@pytest.mark.parametrize("name", READ_VIEWS)
def test_read_views_refuse_writes(client_for, name, ger_abh, keller):
    client = client_for("coordinator")
    url = _url(name, ger_abh, keller)
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(url).status_code == 405
    assert client.head(url).status_code == 200


@pytest.mark.parametrize("name", EDIT_VIEWS)
def test_edit_views_accept_only_get_and_post(client_for, name, ger_abh, keller):
    client = client_for("coordinator")
    url = _url(name, ger_abh, keller)
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(url).status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        "/directory/organisations/no-such-organisation/",
        "/directory/organisations/no-such-organisation/edit/",
        "/directory/organisations/no-such-organisation/positions/new/",
        "/directory/positions/999999/",
        "/directory/positions/999999/edit/",
        "/directory/positions/999999/holders/",
        "/directory/people/999999/",
        "/directory/people/999999/edit/",
    ],
)
def test_unknown_records_are_404(client_for, url):
    assert client_for("coordinator").get(url).status_code == 404


@pytest.mark.parametrize(
    ("persona", "visible"), [("case_worker", False), ("ministry_reader", False), ("dpo", False)]
)
def test_edit_links_only_for_editors(client_for, persona, visible, ger_abh, keller):
    for persona_, shown in ((persona, visible), ("coordinator", True)):
        client = client_for(persona_)
        pages = [
            "/directory/organisations/kv-germersheim/",
            f"/directory/positions/{ger_abh.pk}/",
            f"/directory/people/{keller.pk}/",
        ]
        for page in pages:
            assert (f'href="{page}edit/"' in client.get(page).content.decode()) is shown


# --- what the pages show --------------------------------------------------------------

INLINE = re.compile(r"<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+=", re.IGNORECASE)


@pytest.mark.parametrize("name", READ_VIEWS + EDIT_VIEWS)
def test_pages_have_no_inline_script_or_style(client_for, name, ger_abh, keller):
    html = client_for("coordinator").get(_url(name, ger_abh, keller)).content.decode()
    assert not INLINE.search(html), INLINE.search(html).group(0)
    assert html.count("<h1") == 1


def test_organisation_profile_shows_contact_mandate_positions_and_membership(client_for):
    response = client_for("case_worker").get(
        "/directory/organisations/kv-germersheim/", headers={"Accept-Language": "en"}
    )
    html = response.content.decode()
    organisation = Organisation.objects.get(slug="kv-germersheim")
    for text in (
        "Kreisverwaltung Germersheim",
        "What we do",
        "What we cannot do",
        "Legal basis",
        organisation.mandate_does_en,
        organisation.legal_basis_en,
        GER_ABH,
        "Sabine Keller",
        'href="tel:+49727453312"',
        "1. Förderperiode",
        "Project partner",
    ):
        assert text in html, text
    assert "KV Germersheim – Germersheim" in html  # the authority's own sub-project


def test_organisation_mandate_follows_the_language(client_for):
    organisation = Organisation.objects.get(slug="kv-germersheim")
    client = client_for("case_worker")
    german = client.get("/directory/organisations/kv-germersheim/").content.decode()
    assert organisation.mandate_does_de in german
    assert organisation.mandate_does_en not in german


def test_organisation_list_filters_by_region_and_kind(client_for):
    client = client_for("case_worker")
    response = client.get("/directory/organisations/", {"region": "germersheim"})
    names = [o.slug for o in response.context["page"].object_list]
    assert "kv-germersheim" in names and "jc-germersheim" in names
    assert "kv-bad-kreuznach" not in names
    response = client.get("/directory/organisations/", {"kind": "job_centre"})
    kinds = {o.kind for o in response.context["page"].object_list}
    assert kinds == {"job_centre"}


def test_position_page_shows_holder_roles_history_and_vcard(client_for, ger_abh):
    response = client_for("case_worker").get(
        f"/directory/positions/{ger_abh.pk}/", headers={"Accept-Language": "en"}
    )
    html = response.content.decode()
    assert "Sabine Keller" in html
    assert 'href="tel:+49727453313"' in html  # her personal direct dial
    assert response.context["roles"] == ["Authority officer"]
    assert f'href="/directory/positions/{ger_abh.pk}/vcard.vcf"' in html
    assert "Ausländerbehörde – Sachgebietsleitung" in html  # the deputy position
    assert "01/01/2009" in html  # in the history of holders


def test_position_page_lists_positions_it_deputises_for(client_for):
    lead = Position.objects.get(
        organisation__slug="kv-germersheim", title__endswith="Sachgebietsleitung"
    )
    html = client_for("case_worker").get(f"/directory/positions/{lead.pk}/").content.decode()
    assert GER_ABH in html
    assert "Leitstelle für Integration" in html


def test_vacant_position_page_names_the_deputy_and_its_holder(client_for, vacant):
    response = client_for("case_worker").get(f"/directory/positions/{vacant.pk}/")
    html = response.content.decode()
    assert "kern-alert--warning vacancy" in html
    assert "Ausländerbehörde – Sachgebietsleitung" in html
    assert "Thomas Wagner" in html


def test_person_pages(client_for, keller, ger_abh):
    client = client_for("case_worker")
    response = client.get("/directory/people/", {"q": "kell"})
    assert [p.pk for p in response.context["page"].object_list] == [keller.pk]
    html = client.get(f"/directory/people/{keller.pk}/").content.decode()
    assert "Sabine Keller" in html
    assert 'href="tel:+49727453313"' in html
    assert GER_ABH in html
    assert f'href="/directory/people/{keller.pk}/vcard.vcf"' in html


# --- editing --------------------------------------------------------------------------


def position_data(position, **changes):
    data = {
        "version": position.version,
        "title": position.title,
        "topics": [t.pk for t in position.topics.all()],
        "regions": [r.pk for r in position.regions.all()],
        "phone": str(position.phone.as_e164) if position.phone else "",
        "email": position.email,
        "deputy": position.deputy_id or "",
        "roles": list(position.roles),
        "handover_note": position.handover_note,
        "is_active": "on" if position.is_active else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_position_edit_saves_through_the_service_and_audits(client_for, user_for, ger_abh):
    client = client_for("coordinator")
    url = f"/directory/positions/{ger_abh.pk}/edit/"
    response = client.post(
        url,
        position_data(
            ger_abh,
            title="Ausländerbehörde – Aufenthalt",
            phone="07274 53-320",
            roles=["authority_officer", "team_lead"],
            handover_note="Akten im Schrank B.",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/directory/positions/{ger_abh.pk}/"
    ger_abh.refresh_from_db()
    assert ger_abh.title == "Ausländerbehörde – Aufenthalt"
    assert ger_abh.phone.as_e164 == "+49727453320"
    assert ger_abh.roles == ["authority_officer", "team_lead"]
    assert ger_abh.version == 2
    entry = AuditEntry.objects.get(action="network.position.updated", object_id=str(ger_abh.pk))
    assert entry.actor == user_for("coordinator")
    assert "title" in entry.detail["changes"]
    follow = client.get(response["Location"])
    assert "Akten im Schrank B." in follow.content.decode()
    assert [str(m) for m in follow.context["messages"]]


def test_two_edits_from_the_same_version_the_second_is_refused(client_for, ger_abh):
    first, second = client_for("coordinator"), client_for("administrator")
    url = f"/directory/positions/{ger_abh.pk}/edit/"
    loaded = first.get(url).context["form"]["version"].value()
    assert second.get(url).context["form"]["version"].value() == loaded
    assert first.post(url, position_data(ger_abh, title="Erste Fassung")).status_code == 302

    response = second.post(url, position_data(ger_abh, title="Zweite Fassung", version=loaded))
    assert response.status_code == 409
    html = response.content.decode()
    name = get_user_model().objects.get(username="coordinator").display_name
    assert escape(name) in html  # who changed it, by name (not the sign-in)
    assert name in " ".join(response.context["form"].non_field_errors())
    # The form now shows the current values and version, ready to enter the change again.
    assert response.context["form"]["title"].value() == "Erste Fassung"
    assert response.context["form"]["version"].value() == loaded + 1
    ger_abh.refresh_from_db()
    assert ger_abh.title == "Erste Fassung"
    assert (
        AuditEntry.objects.filter(
            action="network.position.updated", object_id=str(ger_abh.pk)
        ).count()
        == 1
    )


def test_invalid_phone_gets_a_translated_error_and_nothing_is_saved(client_for, ger_abh):
    client = client_for("coordinator")
    before = (ger_abh.phone, ger_abh.version)
    response = client.post(
        f"/directory/positions/{ger_abh.pk}/edit/", position_data(ger_abh, phone="12ab")
    )
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    assert "gültige Telefonnummer" in response.content.decode()  # German by default
    english = client.post(
        f"/directory/positions/{ger_abh.pk}/edit/",
        position_data(ger_abh, phone="12ab"),
        headers={"Accept-Language": "en"},
    )
    assert "valid phone number" in english.content.decode()
    ger_abh.refresh_from_db()
    assert (ger_abh.phone, ger_abh.version) == before
    assert not AuditEntry.objects.filter(action="network.position.updated").exists()


def test_over_long_title_and_bad_email_are_form_errors(client_for, ger_abh):
    response = client_for("coordinator").post(
        f"/directory/positions/{ger_abh.pk}/edit/",
        position_data(ger_abh, title="x" * 201, email="kein-mail"),
    )
    assert response.status_code == 200
    assert {"title", "email"} <= set(response.context["form"].errors)
    ger_abh.refresh_from_db()
    assert ger_abh.title == GER_ABH


def test_unknown_role_and_self_deputy_are_form_errors(client_for, ger_abh):
    response = client_for("coordinator").post(
        f"/directory/positions/{ger_abh.pk}/edit/",
        position_data(ger_abh, roles=["superuser"], deputy=ger_abh.pk),
    )
    assert response.status_code == 200
    assert {"roles", "deputy"} <= set(response.context["form"].errors)


def test_missing_version_is_a_form_error_not_a_crash(client_for, ger_abh):
    data = position_data(ger_abh)
    del data["version"]
    response = client_for("coordinator").post(f"/directory/positions/{ger_abh.pk}/edit/", data)
    assert response.status_code == 200
    assert "version" in response.context["form"].errors


def test_deactivated_position_is_hidden_from_readers_but_not_from_editors(client_for, ger_abh):
    coordinator = client_for("coordinator")
    response = coordinator.post(
        f"/directory/positions/{ger_abh.pk}/edit/", position_data(ger_abh, is_active="")
    )
    assert response.status_code == 302
    assert client_for("case_worker").get(f"/directory/positions/{ger_abh.pk}/").status_code == 404
    assert coordinator.get(f"/directory/positions/{ger_abh.pk}/").status_code == 200
    profile = coordinator.get("/directory/organisations/kv-germersheim/").content.decode()
    assert GER_ABH in profile  # editors still find it, marked inactive
    directory = client_for("case_worker").get("/directory/", {"q": "Germersheim"})
    assert GER_ABH not in directory.content.decode()


def test_position_create_under_an_organisation(client_for):
    organisation = Organisation.objects.get(slug="kv-germersheim")
    client = client_for("coordinator")
    response = client.post(
        "/directory/organisations/kv-germersheim/positions/new/",
        {
            "title": "Einbürgerung",
            "phone": "+49 7274 53-390",
            "email": "einbuergerung@kreis-germersheim.example",
            "roles": ["authority_officer"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    position = Position.objects.get(title="Einbürgerung")
    assert position.organisation == organisation
    assert position.roles == ["authority_officer"]
    assert AuditEntry.objects.filter(
        action="network.position.created", object_id=str(position.pk)
    ).exists()
    invalid = client.post(
        "/directory/organisations/kv-germersheim/positions/new/", {"title": "", "phone": "12ab"}
    )
    assert invalid.status_code == 200
    assert {"title", "phone"} <= set(invalid.context["form"].errors)


def organisation_data(organisation, **changes):
    data = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}
    data["phone"] = organisation.phone.as_e164 if organisation.phone else ""
    data["regions"] = [r.pk for r in organisation.regions.all()]
    data["version"] = organisation.version
    data.update(changes)
    return data


def test_organisation_edit_with_mandate_and_stale_check(client_for):
    organisation = Organisation.objects.get(slug="kv-germersheim")
    client = client_for("coordinator")
    url = "/directory/organisations/kv-germersheim/edit/"
    response = client.post(
        url,
        organisation_data(
            organisation, mandate_cannot_en="We cannot give legal advice.", website="kreis.example"
        ),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.mandate_cannot_en == "We cannot give legal advice."
    assert organisation.website == "https://kreis.example"
    assert AuditEntry.objects.filter(
        action="network.organisation.updated", object_id=str(organisation.pk)
    ).exists()
    stale = client_for("administrator").post(
        url, organisation_data(organisation, name="Anders", version=organisation.version - 1)
    )
    assert stale.status_code == 409
    name = get_user_model().objects.get(username="coordinator").display_name
    assert escape(name) in stale.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "Kreisverwaltung Germersheim"
    bad = client.post(url, organisation_data(organisation, website="nicht eine url", phone="x"))
    assert bad.status_code == 200
    assert {"website", "phone"} <= set(bad.context["form"].errors)


def test_person_create_and_edit(client_for, keller):
    client = client_for("coordinator")
    response = client.post(
        "/directory/people/new/",
        {"given_name": "Eva", "family_name": "Muster", "phone": "06341 123", "email": ""},
    )
    assert response.status_code == 302
    eva = Person.objects.get(family_name="Muster")
    assert eva.phone.as_e164 == "+496341123"
    assert AuditEntry.objects.filter(action="network.person.created", object_id=str(eva.pk))

    url = f"/directory/people/{keller.pk}/edit/"
    data = {
        "version": keller.version,
        "title": "Dr.",
        "given_name": "Sabine",
        "family_name": "Keller",
        "phone": "12ab",
        "email": keller.email,
    }
    assert client.post(url, data).status_code == 200
    keller.refresh_from_db()
    assert keller.title == ""
    data["phone"] = "+49 7274 53-313"
    assert client.post(url, data).status_code == 302
    keller.refresh_from_db()
    assert keller.title == "Dr."
    assert AuditEntry.objects.filter(action="network.person.updated", object_id=str(keller.pk))
    stale = client.post(url, data)  # the same version again
    assert stale.status_code == 409


def test_assign_a_holder_to_a_vacant_position(client_for, vacant):
    client = client_for("coordinator")
    eva = Person.objects.create(given_name="Eva", family_name="Muster")
    url = f"/directory/positions/{vacant.pk}/holders/"
    today = timezone.localdate()
    response = client.post(
        url, {"action": "start", "start-person": eva.pk, "start-starts_on": today.isoformat()}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(
        action="network.tenure.started", object_id=str(vacant.pk)
    ).exists()
    html = client.get(f"/directory/positions/{vacant.pk}/").content.decode()
    assert "Eva Muster" in html
    assert "kern-alert--warning vacancy" not in html
    # Assigning the same person again is refused on the form.
    again = client.post(
        url, {"action": "start", "start-person": eva.pk, "start-starts_on": today.isoformat()}
    )
    assert again.status_code == 200
    assert "person" in again.context["start_form"].errors


def test_end_a_tenure_and_the_position_shows_as_vacant(client_for, ger_abh):
    client = client_for("coordinator")
    tenure = ger_abh.tenures.get()
    url = f"/directory/positions/{ger_abh.pk}/holders/"
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    prefix = f"end-{tenure.pk}"
    response = client.post(
        url,
        {
            "action": "end",
            "tenure": tenure.pk,
            f"{prefix}-ends_on": yesterday.isoformat(),
            f"{prefix}-end_reason": Tenure.EndReason.PARENTAL_LEAVE,
        },
    )
    assert response.status_code == 302
    tenure.refresh_from_db()
    assert (tenure.ends_on, tenure.end_reason) == (yesterday, "parental_leave")
    assert AuditEntry.objects.filter(action="network.tenure.ended", object_id=str(ger_abh.pk))

    page = client.get(f"/directory/positions/{ger_abh.pk}/").content.decode()
    assert "kern-alert--warning vacancy" in page
    assert "Markus Fischer" in page  # the deputy's holder
    assert "Sabine Keller" in page  # still in the history
    row = client.get("/directory/", {"q": "Aufenthaltsrecht Beschäftigung Germersheim"})
    assert "kern-badge--warning" in row.content.decode()


def test_ending_a_tenure_before_it_started_is_a_form_error(client_for, ger_abh):
    client = client_for("coordinator")
    tenure = ger_abh.tenures.get()
    prefix = f"end-{tenure.pk}"
    response = client.post(
        f"/directory/positions/{ger_abh.pk}/holders/",
        {
            "action": "end",
            "tenure": tenure.pk,
            f"{prefix}-ends_on": "2000-01-01",
            f"{prefix}-end_reason": "left",
        },
    )
    assert response.status_code == 200
    forms = dict(response.context["holders"])
    assert "ends_on" in forms[tenure].errors
    tenure.refresh_from_db()
    assert tenure.ends_on is None


def test_holders_page_handles_stale_and_bogus_posts(client_for, ger_abh):
    client = client_for("coordinator")
    url = f"/directory/positions/{ger_abh.pk}/holders/"
    gone = client.post(url, {"action": "end", "tenure": "999999"})
    assert gone.status_code == 302
    assert client.post(url, {"action": "explode"}).status_code == 400
    missing = client.post(url, {"action": "start"})
    assert missing.status_code == 200
    assert {"person", "starts_on"} <= set(missing.context["start_form"].errors)


def test_signed_out_client_cannot_post_edits(ger_abh):
    response = Client().post(f"/directory/positions/{ger_abh.pk}/edit/", {"title": "x"})
    assert response.status_code == 302
    ger_abh.refresh_from_db()
    assert ger_abh.title == GER_ABH
