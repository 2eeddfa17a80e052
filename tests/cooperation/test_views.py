"""Cooperation pages: forms through the services, refusals shown and nothing written,
404 out of reach, downloads, the calendar links page, and pinned query counts."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from inprocedere.cooperation import services
from inprocedere.cooperation.models import (
    ActionItem,
    CalendarFeed,
    CaseConference,
    Consultation,
    Meeting,
    MeetingMaterial,
)
from tests.files import PDF

from .conftest import at, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _ask_data(carrier_position, to_position, **extra):
    data = {
        "from_position": carrier_position.pk,
        "to_position": to_position.pk,
        "topic": "residence_law",
        "subject": "Arbeitserlaubnis",
        "question": "Is the permit likely?",
        "due_on": in_days(5).isoformat(),
    }
    data.update(extra)
    return data


def test_asking_through_the_page(client_for, case, carrier_position, authority_position):
    client = client_for("case_worker")
    url = reverse("cooperation:consultation_create", kwargs={"case_pk": case.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, _ask_data(carrier_position, authority_position))
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "cooperation:consultation_detail", kwargs={"pk": consultation.pk}
    )
    page = client.get(response["Location"])
    assert "Is the permit likely?" in page.content.decode()


def test_a_missing_consent_is_shown_with_a_link_to_the_consent_form(
    client_for, make_case, carrier_position, jobcentre_position
):
    case = make_case(consent_to=("kv-germersheim",))
    client = client_for("case_worker")
    url = reverse("cooperation:consultation_create", kwargs={"case_pk": case.pk})
    response = client.post(url, _ask_data(carrier_position, jobcentre_position), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "no valid consent" in html and "Jobcenter Germersheim" in html
    assert reverse("privacy:consent_form", kwargs={"pk": case.participant_id}) in html
    assert not Consultation.objects.exists()


def test_a_due_date_in_the_past_is_refused_on_the_page(
    client_for, case, carrier_position, authority_position
):
    client = client_for("case_worker")
    url = reverse("cooperation:consultation_create", kwargs={"case_pk": case.pk})
    response = client.post(
        url, _ask_data(carrier_position, authority_position, due_on=in_days(-3).isoformat())
    )
    assert response.status_code == 200
    assert "cannot lie in the past" in response.content.decode()
    assert not Consultation.objects.exists()


def test_answer_by_someone_else_is_404_and_writes_nothing(
    client_for, user_for, case, carrier_position, authority_position
):
    consultation = services.consultation_ask(
        actor=user_for("case_worker"),
        case=case,
        from_position=carrier_position,
        to_position=authority_position,
        topic="other",
        subject="S",
        question="Q",
        due_on=in_days(3),
    )
    url = reverse("cooperation:consultation_detail", kwargs={"pk": consultation.pk})
    response = client_for("case_worker").post(url, {"action": "answer", "answer-answer": "Me?"})
    assert response.status_code == 404
    assert client_for("jobcentre_officer").get(url).status_code == 404
    assert client_for("case_worker").post(url, {"action": "explode"}).status_code == 400
    assert consultation.messages.count() == 1
    # The addressee answers from the same page.
    response = client_for("authority_officer").post(
        url, {"action": "answer", "answer-answer": "Yes."}
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == "answered"


def test_planning_minutes_approval_and_pdf_through_the_pages(
    client_for, case, carrier_position, authority_position, jobcentre_position
):
    client = client_for("case_worker")
    url = reverse("cooperation:conference_create", kwargs={"case_pk": case.pk})
    response = client.post(
        url,
        {
            "title": "Fallbesprechung",
            "starts_at": at(3).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": at(3, 11).strftime("%Y-%m-%dT%H:%M"),
            "place": "ProfeS",
            "chair_position": carrier_position.pk,
            "positions": [authority_position.pk, jobcentre_position.pk],
        },
    )
    conference = CaseConference.objects.get()
    assert response.status_code == 302
    assert conference.invitations.count() == 2
    CaseConference.objects.filter(pk=conference.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=2),
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )
    detail = reverse("cooperation:conference_detail", kwargs={"pk": conference.pk})
    response = client.post(
        detail,
        {
            "action": "minutes",
            "minutes-version": conference.version,
            "minutes-minutes": "Alle da.",
            "minutes-decisions": "",
        },
    )
    assert response.status_code == 302
    pdf = reverse("cooperation:conference_minutes_pdf", kwargs={"pk": conference.pk})
    assert client.get(pdf).status_code == 404  # not approved yet
    assert client.post(detail, {"action": "approve"}).status_code == 302
    response = client.get(pdf)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # The invited authority may read the page; approving is the chair's alone.
    assert client_for("authority_officer").get(detail).status_code == 200


def test_the_action_item_owner_marks_it_done_from_the_list(
    client_for, user_for, case, carrier_position, authority_position
):
    conference = services.conference_create(
        actor=user_for("case_worker"),
        case=case,
        chair_position=carrier_position,
        positions=[authority_position],
        title="F",
        starts_at=at(2),
        ends_at=at(2, 11),
        place="P",
    )
    item = services.action_item_add(
        actor=user_for("case_worker"),
        conference=conference,
        title="Fiktionsbescheinigung ausstellen",
        owner_position=authority_position,
        due_on=in_days(4),
    )
    client = client_for("authority_officer")
    page = client.get(reverse("cooperation:my_action_items")).content.decode()
    assert "Fiktionsbescheinigung ausstellen" in page
    done = reverse("cooperation:action_item_done", kwargs={"pk": item.pk})
    assert client_for("jobcentre_officer").post(done).status_code == 404
    assert client.post(done).status_code == 302
    item.refresh_from_db()
    assert item.done_on == timezone.localdate()


@pytest.fixture
def training(user_for):
    from inprocedere.network.models import Position

    return services.meeting_create(
        actor=user_for("coordinator"),
        chair_position=Position.objects.get(organisation__slug="ism", title="Projektkoordination"),
        kind="training",
        level="network",
        topic="SGB II",
        title="Schulung SGB II",
        starts_at=at(4),
        ends_at=at(4, 12),
        place="Mainz",
    )


def test_material_uploads_on_the_page(client_for, training):
    client = client_for("coordinator")
    url = reverse("cooperation:meeting_detail", kwargs={"pk": training.pk})
    wrong = SimpleUploadedFile("slides.pdf", b"GIF89a not a pdf")
    response = client.post(
        url, {"action": "material", "material-title": "Folien", "material-file": wrong}
    )
    assert response.status_code == 200
    assert "not what its name says" in response.content.decode()
    assert not MeetingMaterial.objects.exists()
    good = SimpleUploadedFile("slides.pdf", PDF)
    response = client.post(
        url, {"action": "material", "material-title": "Folien", "material-file": good}
    )
    assert response.status_code == 302
    material = MeetingMaterial.objects.get()
    download = client_for("ministry_reader").get(
        reverse(
            "cooperation:material_download",
            kwargs={"pk": training.pk, "material_pk": material.pk},
        )
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_oversized_material_is_refused_on_the_page(client_for, training, settings):
    settings.INPROCEDERE_UPLOAD_MAX_BYTES = 100
    client = client_for("coordinator")
    url = reverse("cooperation:meeting_detail", kwargs={"pk": training.pk})
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 500)
    response = client.post(
        url, {"action": "material", "material-title": "Big", "material-file": big}
    )
    assert response.status_code == 200
    assert "too large" in response.content.decode()
    assert not MeetingMaterial.objects.exists()


def test_calendar_links_page_creates_and_revokes(client_for, user_for):
    client = client_for("case_worker")
    url = reverse("cooperation:feed_list")
    response = client.post(url, {"action": "create"})
    html = response.content.decode()
    match = re.search(r'<code id="feed-url">([^<]+)</code>', html)
    assert match
    feed_url = match.group(1).replace("http://testserver", "")
    assert client.get(feed_url).status_code == 200
    feed = CalendarFeed.objects.get(user=user_for("case_worker"))
    response = client.post(url, {"action": "revoke", "feed": feed.pk})
    assert response.status_code == 302
    assert client.get(feed_url).status_code == 404
    # someone else's link cannot be revoked through the page
    other, _token = services.feed_create(actor=user_for("team_lead"))
    assert client.post(url, {"action": "revoke", "feed": other.pk}).status_code == 404
    assert client.post(url, {"action": "revoke", "feed": "x"}).status_code == 404


def test_case_picker_leads_to_the_form(client_for, case):
    client = client_for("case_worker")
    url = reverse("cooperation:case_picker")
    assert str(case.pk) in client.get(url, {"for": "conference"}).content.decode()
    response = client.get(url, {"for": "conference", "case": case.pk})
    assert response["Location"] == reverse(
        "cooperation:conference_create", kwargs={"case_pk": case.pk}
    )
    assert client_for("jobcentre_officer").get(url, {"case": case.pk}).status_code == 404


def _many(user_for, make_case, carrier_position, authority_position, n):
    from inprocedere.network.models import Position

    for _ in range(n):
        case = make_case()
        services.consultation_ask(
            actor=user_for("case_worker"),
            case=case,
            from_position=carrier_position,
            to_position=authority_position,
            topic="other",
            subject="S",
            question="Q",
            due_on=in_days(3),
        )
        conference = services.conference_create(
            actor=user_for("case_worker"),
            case=case,
            chair_position=carrier_position,
            positions=[authority_position],
            title="F",
            starts_at=at(2),
            ends_at=at(2, 11),
            place="P",
        )
        services.action_item_add(
            actor=user_for("case_worker"),
            conference=conference,
            title="T",
            owner_position=authority_position,
            due_on=in_days(4),
        )
        services.meeting_create(
            actor=user_for("coordinator"),
            chair_position=Position.objects.get(
                organisation__slug="ism", title="Projektkoordination"
            ),
            kind="meeting",
            level="network",
            topic="T",
            title="M",
            starts_at=at(3),
            ends_at=at(3, 12),
            place="Mainz",
            positions=[authority_position],
        )


@pytest.mark.parametrize(
    "name",
    [
        "cooperation:consultation_list",
        "cooperation:conference_list",
        "cooperation:my_action_items",
        "cooperation:meeting_list",
        "cooperation:calendar",
    ],
)
def test_lists_cost_the_same_for_few_and_many_rows(
    name,
    client_for,
    user_for,
    make_case,
    carrier_position,
    authority_position,
    django_assert_max_num_queries,
):
    client = client_for("authority_officer")
    _many(user_for, make_case, carrier_position, authority_position, 1)
    client.get(reverse(name))  # warm the session and per-request caches
    with django_assert_max_num_queries(25) as few:
        assert client.get(reverse(name)).status_code == 200
    _many(user_for, make_case, carrier_position, authority_position, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(name)).status_code == 200
    assert Meeting.objects.count() == 7 and ActionItem.objects.count() == 7


def test_a_consultation_to_a_vacant_position_names_the_answering_deputy(
    client_for, user_for, case, carrier_position, vacant_authority_position
):
    consultation = services.consultation_ask(
        actor=user_for("case_worker"),
        case=case,
        from_position=carrier_position,
        to_position=vacant_authority_position,
        topic="residence_law",
        subject="S",
        question="Q",
        due_on=in_days(3),
    )
    url = reverse("cooperation:consultation_detail", kwargs={"pk": consultation.pk})
    page = client_for("authority_officer").get(url).content.decode()
    assert "The position is vacant; its deputy answers" in page
    assert 'name="answer-answer"' in page  # the deputy's holder gets the answer form
    assert 'name="answer-answer"' not in client_for("case_worker").get(url).content.decode()


def test_the_case_section_lists_the_cases_cooperation(
    user_for, client_for, case, carrier_position, authority_position
):
    from inprocedere.cooperation import selectors

    services.consultation_ask(
        actor=user_for("case_worker"),
        case=case,
        from_position=carrier_position,
        to_position=authority_position,
        topic="other",
        subject="Wohnsitzauflage",
        question="Q",
        due_on=in_days(3),
    )
    cooperation = selectors.case_cooperation(user_for("case_worker"), case)
    assert cooperation.can_ask and cooperation.can_plan
    # on the case page itself, with the links to ask and to plan
    html = client_for("case_worker").get(f"/cases/{case.pk}/").content.decode()
    assert "Wohnsitzauflage" in html
    assert reverse("cooperation:conference_create", kwargs={"case_pk": case.pk}) in html
    assert not selectors.case_cooperation(user_for("jobcentre_officer"), case).consultations


GARBAGE = ["", "x", "-1", "99999999999999999999999", "2026-13-45", "<script>", "\u202e"]


@pytest.mark.parametrize("value", GARBAGE)
def test_garbage_in_every_form_is_answered_without_a_server_error(
    value, client_for, user_for, case, carrier_position, authority_position, training
):
    conference = services.conference_create(
        actor=user_for("case_worker"),
        case=case,
        chair_position=carrier_position,
        positions=[authority_position],
        title="F",
        starts_at=at(2),
        ends_at=at(2, 11),
        place="P",
    )
    consultation = services.consultation_ask(
        actor=user_for("case_worker"),
        case=case,
        from_position=carrier_position,
        to_position=authority_position,
        topic="other",
        subject="S",
        question="Q",
        due_on=in_days(3),
    )
    pages = {
        reverse("cooperation:consultation_detail", kwargs={"pk": consultation.pk}): (
            ["answer", "follow_up", "close", "withdraw"],
            ["answer", "question", "due_on", "note"],
        ),
        reverse("cooperation:conference_detail", kwargs={"pk": conference.pk}): (
            [
                "invite",
                "uninvite",
                "cancel",
                "attendance",
                "minutes",
                "approve",
                "action_item",
                "done",
            ],
            [
                "positions",
                "invitation",
                "version",
                "minutes",
                "title",
                "owner_position",
                "due_on",
                "item",
                "done_on",
            ],
        ),
        reverse("cooperation:meeting_detail", kwargs={"pk": training.pk}): (
            ["invite", "uninvite", "attendance", "attendance_remove", "minutes", "material"],
            ["positions", "invitation", "person", "organisation", "attendance", "version", "title"],
        ),
    }
    for persona in ("case_worker", "authority_officer", "coordinator"):
        client = client_for(persona)
        for url, (actions, fields) in pages.items():
            for action in actions:
                data = {"action": action}
                data.update({f"{action}-{field}": value for field in fields})
                response = client.post(url, data)
                assert response.status_code in (200, 302, 400, 403, 404), (persona, url, action)
    forms = [
        reverse("cooperation:consultation_create", kwargs={"case_pk": case.pk}),
        reverse("cooperation:conference_create", kwargs={"case_pk": case.pk}),
        reverse("cooperation:conference_edit", kwargs={"pk": conference.pk}),
        reverse("cooperation:meeting_create"),
        reverse("cooperation:meeting_edit", kwargs={"pk": training.pk}),
        reverse("cooperation:feed_list"),
    ]
    names = [
        "title",
        "starts_at",
        "ends_at",
        "place",
        "video_url",
        "to_position",
        "due_on",
        "positions",
        "chair_position",
        "region",
        "kind",
        "level",
        "version",
        "feed",
        "action",
    ]
    for persona in ("case_worker", "coordinator"):
        client = client_for(persona)
        for url in forms:
            response = client.post(url, dict.fromkeys(names, value))
            assert response.status_code in (200, 302, 400, 403, 404), (persona, url)
