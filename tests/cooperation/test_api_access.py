"""Every persona × every cooperation route of the API: the expected status, in one table.

The world: a case at ProfeS about a person registered by KV Germersheim, with a consent
for case conferences naming KV Germersheim and the job centre; a consultation from
ProfeS to KV Germersheim; an upcoming conference chaired by ProfeS with KV Germersheim
invited and an action item for it; a network training organised by ism.
"""

import pytest

from inprocedere.api.routers.cooperation import router
from inprocedere.cooperation.models import (
    ActionItem,
    CaseConference,
    Consultation,
    Invitation,
    Meeting,
)
from tests.api.conftest import ApiClient
from tests.conftest import PERSONAS

from .conftest import at, in_days

pytestmark = pytest.mark.django_db

PREFIXES = (
    "/api/v1/consultations",
    "/api/v1/conferences",
    "/api/v1/action-items",
    "/api/v1/meetings",
    "/api/v1/trainings",
)
ALL = set(PERSONAS)
CASE_ROLES = {"case_worker", "team_lead", "authority_officer", "jobcentre_officer"}
CARRIER = {"case_worker", "team_lead"}
REACH = CARRIER | {"authority_officer"}


@pytest.fixture
def world(case, carrier_position, authority_position, jobcentre_position):
    from inprocedere.network.models import Position

    consultation = Consultation.objects.create(
        case=case,
        from_position=carrier_position,
        to_position=authority_position,
        topic="residence_law",
        subject="Access",
        question="Access?",
        due_on=in_days(7),
    )
    conference = CaseConference.objects.create(
        case=case,
        chair_position=carrier_position,
        title="Access",
        starts_at=at(5),
        ends_at=at(5, 11),
        place="ProfeS",
    )
    invitation = Invitation.objects.create(
        appointment=conference,
        position=authority_position,
        organisation=authority_position.organisation,
    )
    item = ActionItem.objects.create(
        conference=conference, title="Access", owner_position=authority_position, due_on=in_days(9)
    )
    training = Meeting.objects.create(
        kind="training",
        level="network",
        topic="Access",
        title="Access",
        chair_position=Position.objects.get(organisation__slug="ism", title="Projektkoordination"),
        starts_at=at(6),
        ends_at=at(6, 12),
        place="Mainz",
    )
    training_invitation = Invitation.objects.create(
        appointment=training,
        position=authority_position,
        organisation=authority_position.organisation,
    )
    return {
        "case": case,
        "consultation": consultation,
        "conference": conference,
        "invitation": invitation,
        "item": item,
        "training": training,
        "training_invitation": training_invitation,
        "carrier": carrier_position,
        "authority": authority_position,
        "jobcentre": jobcentre_position,
    }


def _status(persona, table, default):
    for personas, status in table:
        if persona in personas:
            return status
    return default


def _routes(w):
    """[(method, path template, body, [(personas, status)], status for everyone else)]
    in the order a persona calls them (writes change what later routes see)."""
    future = {"starts_at": at(8).isoformat(), "ends_at": at(8, 11).isoformat()}
    schedule = {"title": "Neu", "place": "Raum 3", "video_url": "", "agenda": "", **future}
    return [
        ("get", "/api/v1/consultations", None, [(CASE_ROLES, 200)], 403),
        (
            "post",
            "/api/v1/consultations",
            {
                "case_id": w["case"].pk,
                "from_position_id": w["carrier"].pk,
                "to_position_id": w["authority"].pk,
                "topic": "other",
                "subject": "API",
                "question": "API?",
                "due_on": in_days(3).isoformat(),
            },
            [({"case_worker"}, 201), ({"team_lead"}, 422), (CASE_ROLES, 404)],
            403,
        ),
        (
            "get",
            "/api/v1/consultations/{consultation}",
            None,
            [(REACH, 200), (CASE_ROLES, 404)],
            403,
        ),
        (
            "post",
            "/api/v1/consultations/{consultation}/follow-up",
            {"question": "Again?"},
            [(CARRIER, 422), (CASE_ROLES, 404)],
            403,
        ),
        (
            "post",
            "/api/v1/consultations/{consultation}/close",
            {"note": ""},
            [(CARRIER, 422), (CASE_ROLES, 404)],
            403,
        ),
        (
            "post",
            "/api/v1/consultations/{consultation}/answer",
            {"answer": "Yes."},
            [({"authority_officer"}, 200), (CASE_ROLES, 404)],
            403,
        ),
        (
            "post",
            "/api/v1/consultations/{consultation}/withdraw",
            {"note": ""},
            # answered by the authority persona only in that persona's run: open for the others
            [(CARRIER, 200), (CASE_ROLES, 404)],
            403,
        ),
        ("get", "/api/v1/conferences", None, [(CASE_ROLES, 200)], 403),
        (
            "post",
            "/api/v1/conferences",
            {
                "case_id": w["case"].pk,
                "chair_position_id": w["carrier"].pk,
                "position_ids": [w["authority"].pk],
                **schedule,
            },
            [({"case_worker"}, 201), ({"team_lead"}, 422), (CASE_ROLES, 404)],
            403,
        ),
        ("get", "/api/v1/conferences/{conference}", None, [(REACH, 200), (CASE_ROLES, 404)], 403),
        (
            "put",
            "/api/v1/conferences/{conference}",
            {"version": 1, **schedule},
            [(CARRIER, 200), (CASE_ROLES, 404)],
            403,
        ),
        (
            "post",
            "/api/v1/conferences/{conference}/invitations",
            {"position_ids": [w["jobcentre"].pk]},
            [(CARRIER, 200), (CASE_ROLES, 404)],
            403,
        ),
        (
            "delete",
            "/api/v1/conferences/{conference}/invitations/{invitation}",
            None,
            [(CARRIER, 200), (CASE_ROLES, 404)],
            403,
        ),
        (
            "post",
            "/api/v1/conferences/{conference}/attendance",
            {"attendance": {str(w["invitation"].pk): "present"}},
            [(CARRIER, 422), (CASE_ROLES, 404)],  # not begun yet
            403,
        ),
        (
            "post",
            "/api/v1/conferences/{conference}/minutes",
            {"version": 2, "minutes": "Too early"},
            [(CARRIER, 422), (CASE_ROLES, 404)],
            403,
        ),
        (
            "post",
            "/api/v1/conferences/{conference}/minutes/approve",
            None,
            [({"case_worker"}, 422), (CASE_ROLES, 404)],  # the chair: nothing to approve yet
            403,
        ),
        (
            "post",
            "/api/v1/conferences/{conference}/action-items",
            {
                "title": "API",
                "owner_position_id": w["carrier"].pk,
                "due_on": in_days(5).isoformat(),
            },
            [(CARRIER, 201), (CASE_ROLES, 404)],
            403,
        ),
        ("get", "/api/v1/action-items", None, [(CASE_ROLES, 200)], 403),
        (
            "post",
            "/api/v1/action-items/{item}/done",
            {"note": ""},
            [({"authority_officer"} | CARRIER, 200), (CASE_ROLES, 404)],
            403,
        ),
        (
            "post",
            "/api/v1/conferences/{conference}/cancel",
            None,
            [(CARRIER, 200), (CASE_ROLES, 404)],
            403,
        ),
        ("get", "/api/v1/meetings", None, [(ALL, 200)], 403),
        ("get", "/api/v1/trainings", None, [(ALL, 200)], 403),
        ("get", "/api/v1/meetings/{training}", None, [(ALL, 200)], 403),
        ("get", "/api/v1/trainings/{training}", None, [(ALL, 200)], 403),
        (
            "post",
            "/api/v1/meetings",
            {
                "chair_position_id": w["training"].chair_position_id,
                "kind": "meeting",
                "level": "network",
                "topic": "API",
                "position_ids": [],
                **schedule,
            },
            [({"coordinator"}, 201), (CASE_ROLES, 422)],
            403,
        ),
        (
            "put",
            "/api/v1/meetings/{training}",
            {"version": 1, "level": "network", "topic": "API", **schedule},
            [({"coordinator"}, 200), (CASE_ROLES, 404)],
            403,
        ),
        (
            "post",
            "/api/v1/meetings/{training}/invitations",
            {"position_ids": [w["carrier"].pk]},
            [({"coordinator"}, 200), (CASE_ROLES, 404)],
            403,
        ),
        (
            "delete",
            "/api/v1/meetings/{training}/invitations/{training_invitation}",
            None,
            [({"coordinator"}, 200), (CASE_ROLES, 404)],
            403,
        ),
        (
            "post",
            "/api/v1/meetings/{training}/attendance",
            {"person_id": w["carrier"].tenures.first().person_id},
            [({"coordinator"}, 422), (CASE_ROLES, 404)],  # not begun yet
            403,
        ),
        (
            "post",
            "/api/v1/meetings/{training}/minutes",
            {"version": 3, "minutes": "Too early"},
            [({"coordinator"}, 422), (CASE_ROLES, 404)],
            403,
        ),
        (
            "post",
            "/api/v1/meetings/{training}/minutes/approve",
            None,
            [({"coordinator"}, 422), (CASE_ROLES, 404)],
            403,
        ),
        (
            "post",
            "/api/v1/meetings/{training}/cancel",
            None,
            [({"coordinator"}, 200), (CASE_ROLES, 404)],
            403,
        ),
    ]


def _url(template, w):
    return (
        template.replace("{consultation}", str(w["consultation"].pk))
        .replace("{conference}", str(w["conference"].pk))
        .replace("{invitation}", str(w["invitation"].pk))
        .replace("{training_invitation}", str(w["training_invitation"].pk))
        .replace("{item}", str(w["item"].pk))
        .replace("{training}", str(w["training"].pk))
    )


def test_every_cooperation_route_is_covered(world):
    # Read from the router itself, so another router's schema cannot break this test.
    operations = {
        (method.lower(), "/api/v1" + path.replace("{id}", "*").replace("{invitation_id}", "*"))
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }
    assert all(path.startswith(PREFIXES) for _method, path in operations)
    covered = set()
    for method, template, *_rest in _routes(world):
        for name in (
            "{consultation}",
            "{conference}",
            "{item}",
            "{training_invitation}",
            "{training}",
            "{invitation}",
        ):
            template = template.replace(name, "*")
        covered.add((method, template))
    assert operations == covered


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_each_persona_on_each_route(persona, world, token_for):
    client = ApiClient(token_for(persona))
    for method, template, body, table, default in _routes(world):
        url = _url(template, world)
        if body is None:
            response = getattr(client, method)(url)
        else:
            response = getattr(client, method)(url, body, content_type="application/json")
        expected = _status(persona, table, default)
        assert response.status_code == expected, (persona, method, url, response.content)


def test_anonymous_callers_get_401(world):
    for method, template, body, *_rest in _routes(world):
        url = _url(template, world)
        if body is None:
            response = getattr(ApiClient(), method)(url)
        else:
            response = getattr(ApiClient(), method)(url, body, content_type="application/json")
        assert response.status_code == 401, (method, url)
