"""The write matrix of the form pages beyond a person's records (issue 16): cooperation,
directory, duplicates and imports × every persona and an anonymous visitor.

The world is tests/test_write_matrix.py's: the City of Ludwigshafen registered a person,
owns their case and referred them to the job centre Landau; no persona works at either.
Around that case: a consultation, a case conference with an invitation and an action
item, a candidate pair of two of the city's people and a merge of them, and an upload of
the city's. Every POST to their pages (empty, and with fields a real form sends) is
refused — 302 to the sign-in for anonymous visitors, else 400/403/404/405 — and changes
nothing: no audit entry, no row added, changed or decided.

The directory belongs to the whole network: its editors (coordinator, administrator) may
change any organisation's entry, so they are not refused there; everyone else is.
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inprocedere.cooperation.models import ActionItem, CaseConference, Consultation, Invitation
from inprocedere.core.models import AuditEntry
from inprocedere.core.partial_dates import PartialDate
from inprocedere.duplicates.models import CandidatePair, Decision, MergeRecord
from inprocedere.imports.models import ImportRun
from inprocedere.network.models import Organisation, Person, Position
from inprocedere.participants.models import Participant
from tests.conftest import PERSONAS
from tests.test_write_matrix import _foreign_world

pytestmark = pytest.mark.django_db

DIRECTORY_EDITORS = {"coordinator", "administrator"}
ROUTES = {
    # name: (kwargs key of the world, POST data a real form would send)
    "cooperation:consultation_create": ("case", {"subject": "x", "question": "x?"}),
    "cooperation:consultation_detail": ("consultation", {"action": "answer", "answer": "x"}),
    "cooperation:conference_create": ("case", {"title": "x", "place": "x"}),
    "cooperation:conference_detail": ("conference", {"action": "minutes", "minutes": "x"}),
    "cooperation:conference_edit": ("conference", {"title": "x", "version": "1"}),
    "cooperation:action_item_done": ("action_item", {"done_on": str(dt.date.today())}),
    "duplicates:pair_resolve": ("pair", {"decision": "distinct"}),
    "duplicates:cluster_merge": ("pair", {"survivor": "a"}),
    "duplicates:merge_undo": ("merge", {}),
    "imports:run_commit": ("import_run", {}),
    "imports:run_discard": ("import_run", {}),
    "network:organisation_edit": ("organisation", {"name": "x", "version": "1"}),
    "network:position_create": ("organisation", {"title": "x"}),
    "network:position_edit": ("position", {"title": "x", "version": "1"}),
    "network:position_holders": ("position", {"person": "1", "starts_on": "2026-01-01"}),
    "network:person_create": (None, {"family_name": "x", "given_names": "x"}),
    "network:person_edit": ("person", {"family_name": "x", "version": "1"}),
}


def _world():
    world = _foreign_world()
    city = Organisation.objects.get(slug="stadt-ludwigshafen")
    sender = world["referral"].from_position
    receiver = Position.objects.filter(organisation__slug="jc-landau").first()
    case = world["case"]
    today = timezone.localdate()
    consultation = Consultation.objects.create(
        case=case,
        from_position=sender,
        to_position=receiver,
        topic="residence_law",
        subject="Fremd",
        question="Fremd?",
        due_on=today + dt.timedelta(days=7),
    )
    now = timezone.now()
    conference = CaseConference.objects.create(
        case=case,
        chair_position=sender,
        title="Fremd",
        starts_at=now + dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=1, hours=1),
        place="Ludwigshafen",
    )
    Invitation.objects.create(
        appointment=conference, position=receiver, organisation=receiver.organisation
    )
    item = ActionItem.objects.create(
        conference=conference, title="Fremd", owner_position=receiver, due_on=today
    )
    pair, merge = _pair_and_merge(city)
    importer = get_user_model().objects.create(username="ludwigshafen-import")
    run = ImportRun.objects.create(
        organisation=city, created_by=importer, source="page", file_name="f.csv", status="valid"
    )
    return {
        **world,
        "consultation": consultation,
        "conference": conference,
        "action_item": item,
        "pair": pair,
        "merge": merge,
        "import_run": run,
        "organisation": city,
        "position": sender,
        "person_entry": Person.objects.filter(tenures__position__organisation=city).first(),
    }


def _pair_and_merge(city):
    from inprocedere.duplicates import candidates

    people = [
        Participant.unrestricted.create(
            family_name=family,
            given_names="Farid",
            birth_date=PartialDate(1980, 1, 2),
            registered_by=city,
        )
        for family in ("Fremdowa", "Fremdova", "Fremdow")
    ]
    candidates.refresh([p.pk for p in people])
    pair = CandidatePair.objects.filter(a__in=people[:2], b__in=people[:2]).first()
    merge = MergeRecord.objects.create(survivor=people[0], merged=people[2], moved={})
    return pair, merge


def _kwargs(key, world):
    if key is None:
        return {}
    if key == "organisation":
        return {"slug": world["organisation"].slug}
    if key == "person":
        return {"pk": world["person_entry"].pk}
    if key == "case":
        return {"case_pk": world["case"].pk}
    return {"pk": world[key].pk}


def _state(world):
    """What a write would change."""
    return (
        AuditEntry.objects.count(),
        Consultation.objects.values_list("state", flat=True).get(pk=world["consultation"].pk),
        Consultation.objects.count(),
        CaseConference.objects.values_list("title", "minutes", "version").get(
            pk=world["conference"].pk
        ),
        CaseConference.objects.count(),
        ActionItem.objects.values_list("done_on", flat=True).get(pk=world["action_item"].pk),
        CandidatePair.objects.count(),
        Decision.objects.count(),
        MergeRecord.objects.values_list("undone_at", flat=True).get(pk=world["merge"].pk),
        ImportRun.objects.values_list("status", flat=True).get(pk=world["import_run"].pk),
        Participant.unrestricted.count(),
        Organisation.objects.values_list("name", "version").get(pk=world["organisation"].pk),
        Position.objects.count(),
        Position.objects.values_list("title", "version").get(pk=world["position"].pk),
        Person.objects.count(),
    )


def test_the_world_has_every_record():
    world = _world()
    assert all(world[key] is not None for key in ("pair", "person_entry", "import_run"))


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_no_form_page_writes_to_another_organisations_records(persona, client_for):
    client = Client() if persona == "anonymous" else client_for(persona)
    world = _world()
    before = _state(world)
    for name, (key, fields) in ROUTES.items():
        if name.startswith("network:") and persona in DIRECTORY_EDITORS:
            continue  # the network's directory: its editors may (tests/network/)
        url = reverse(name, kwargs=_kwargs(key, world))
        for data in ({}, fields):
            response = client.post(url, data)
            if persona == "anonymous":
                assert response.status_code in (302, 405), (name, response.status_code)
                if response.status_code == 302:
                    assert response["Location"].startswith(reverse("accounts:login")), name
            else:
                assert response.status_code in (400, 403, 404, 405), (
                    persona,
                    name,
                    response.status_code,
                )
            assert _state(world) == before, ("written", persona, name)
