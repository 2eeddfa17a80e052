"""The records the pages open, picked from the seeded database before the clock runs.

Raw SQL over the tables (named from the models' metadata), not the selectors: picking
a target must not depend on the code being measured, and it must see every row."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection

from inprocedere.privacy import policy
from inprocedere.scale.models import SeedRun

from . import floors


@dataclass
class Persona:
    username: str
    user: object
    organisation_ids: list[int]
    position_ids: list[int]


@dataclass
class Targets:
    personas: dict[str, Persona]
    common_name: str = ""
    rare_name: str = ""
    birth_year: int = 0
    identifier: str = ""
    showcase_case: int | None = None
    showcase_activities: int = 0
    participant: dict[str, int] = field(default_factory=dict)  # persona -> a visible person
    conference: dict[str, int] = field(default_factory=dict)  # persona -> a conference
    participants: int = 0
    activities: int = 0


def _one(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def personas(usernames) -> dict[str, Persona]:
    found = {}
    for user in get_user_model().objects.filter(username__in=usernames):
        actor = policy.actor_for(user)
        found[user.username] = Persona(
            user.username, user, list(actor.organisation_ids), list(actor.position_ids)
        )
    return found


def _visible_participant(persona: Persona) -> int | None:
    """A person in the middle of the persona's reach, preferring one with a case."""
    reach, params = floors.reach_sql(persona)
    row = _one(
        f"WITH {reach} SELECT pid FROM reach ORDER BY "
        "CASE WHEN pid IN (SELECT participant_id FROM cases_case) THEN 0 ELSE 1 END, pid "
        "LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM reach "
        "WHERE pid IN (SELECT participant_id FROM cases_case))",
        params,
    )
    return row[0] if row else None


def _conference(persona: Persona) -> int | None:
    row = _one(
        "SELECT a.id FROM cooperation_appointment a JOIN cases_case c ON c.id = a.case_id "
        "WHERE a.kind = 'conference' AND c.owner_organisation_id IN ("
        + floors.marks(persona.organisation_ids)
        + ") ORDER BY a.id DESC LIMIT 1",
        persona.organisation_ids,
    )
    return row[0] if row else None


def _showcase(persona: Persona | None) -> tuple[int | None, int]:
    """The longest case the persona's organisation owns (the generator's showcase cases
    have 520-680 activities)."""
    ids = [case for run in SeedRun.objects.all() for case in run.detail.get("showcase_cases", [])]
    orgs = persona.organisation_ids if persona else []
    if not orgs:
        return None, 0
    where = "c.owner_organisation_id IN (" + floors.marks(orgs) + ")"
    if ids:
        where += " AND c.id IN (" + floors.marks(ids) + ")"
    row = _one(
        "SELECT c.id, COUNT(a.id) FROM cases_case c JOIN cases_activity a ON a.case_id = c.id "
        f"WHERE {where} GROUP BY c.id ORDER BY COUNT(a.id) DESC, c.id LIMIT 1",
        [*orgs, *ids],
    )
    return (row[0], row[1]) if row else (None, 0)


def pick(usernames) -> Targets:
    found = Targets(personas=personas(usernames))
    found.participants = _one("SELECT COUNT(*) FROM participants_participant")[0]
    found.activities = _one("SELECT COUNT(*) FROM cases_activity")[0]
    if not found.participants:
        return found  # nothing to pick: the benchmark says "grow it first"
    found.common_name = _one(
        "SELECT family_name FROM participants_participant GROUP BY family_name "
        "ORDER BY COUNT(*) DESC, family_name LIMIT 1"
    )[0]
    # The rarest family name among people with a case (someone a case worker can find).
    found.rare_name = _one(
        "SELECT p.family_name FROM participants_participant p "
        "WHERE p.id IN (SELECT participant_id FROM cases_case) "
        "GROUP BY p.family_name ORDER BY COUNT(*), p.family_name LIMIT 1"
    )[0]
    found.birth_year = int(
        _one(
            "SELECT SUBSTR(birth_date, 1, 4) FROM participants_participant GROUP BY 1 "
            "ORDER BY COUNT(*) DESC, 1 LIMIT 1"
        )[0]
    )
    row = _one(
        "SELECT e.value FROM participants_externalidentifier e "
        "WHERE e.participant_id IN (SELECT participant_id FROM cases_case) "
        "ORDER BY e.participant_id DESC LIMIT 1"
    )
    found.identifier = row[0] if row else ""
    for name, persona in found.personas.items():
        if persona.organisation_ids:
            found.participant[name] = _visible_participant(persona)
            found.conference[name] = _conference(persona)
    found.showcase_case, found.showcase_activities = _showcase(found.personas.get("caseworker"))
    return found
