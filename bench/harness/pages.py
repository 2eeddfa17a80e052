"""What the benchmark measures: each page of issue 11's list, the personas who use it,
where it lives for the picked targets, its floor, and the ids it links to (to check
that the floor returns the same rows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from . import floors

CASE_WORK = ("caseworker", "teamlead", "authority", "jobcentre")
REPORT_READERS = ("teamlead", "coordinator", "ministry")


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    personas: tuple[str, ...]
    path: Callable  # (targets, persona name) -> path or None (nothing to open)
    floor: Callable | None  # (persona, targets) -> [(sql, params), ...]
    rows: str | None = None  # regex of the ids the page links to, compared with the floor's


def _search(**query):
    return lambda targets, _name: (
        "/participants/?" + urlencode({key: value(targets) for key, value in query.items()})
    )


def _per_persona(attribute, template):
    def path(targets, name):
        pk = getattr(targets, attribute).get(name)
        return template.format(pk) if pk else None

    return path


def _open_states():
    from inprocedere.cases.selectors import OPEN

    return list(OPEN)


def _min_score():
    from inprocedere.duplicates.selectors import default_min_score

    return default_min_score()


def _whole_network(persona) -> bool:
    from inprocedere.reporting.permissions import sees_whole_network

    return sees_whole_network(persona.user)


PARTICIPANT_ROWS = r'href="/participants/(\d+)/"'

PAGES = [
    Page(
        "participant_list",
        "participant list",
        CASE_WORK,
        lambda _t, _n: "/participants/",
        lambda persona, _t: floors.participants(persona),
        PARTICIPANT_ROWS,
    ),
    Page(
        "search_common",
        "search, common name",
        CASE_WORK,
        _search(q=lambda t: t.common_name),
        lambda persona, t: floors.participants(persona, text=t.common_name),
        PARTICIPANT_ROWS,
    ),
    Page(
        "search_rare",
        "search, rare name",
        CASE_WORK,
        _search(q=lambda t: t.rare_name),
        lambda persona, t: floors.participants(persona, text=t.rare_name),
        PARTICIPANT_ROWS,
    ),
    Page(
        "search_birth_year",
        "search, birth year",
        CASE_WORK,
        _search(birth_year=lambda t: t.birth_year),
        lambda persona, t: floors.participants(persona, birth_year=t.birth_year),
        PARTICIPANT_ROWS,
    ),
    Page(
        "search_id",
        "search, identifier",
        CASE_WORK,
        _search(q=lambda t: t.identifier),
        lambda persona, t: floors.participants(persona, identifier=t.identifier),
        PARTICIPANT_ROWS,
    ),
    Page(
        "participant_detail",
        "participant detail",
        ("caseworker", "authority", "jobcentre"),
        _per_persona("participant", "/participants/{}/"),
        lambda persona, t: floors.participant_detail(persona, t.participant.get(persona.username)),
    ),
    Page(
        "case_detail",
        "case detail (long timeline)",
        ("caseworker", "teamlead"),
        lambda t, _n: f"/cases/{t.showcase_case}/" if t.showcase_case else None,
        lambda persona, t: floors.case_detail(persona, t.showcase_case),
    ),
    Page(
        "referral_list",
        "referral list",
        ("caseworker", "authority", "jobcentre"),
        lambda _t, _n: "/referrals/",
        lambda persona, _t: floors.referrals(persona),
        r'href="/referrals/(\d+)/"',
    ),
    Page(
        "my_work",
        "my work",
        CASE_WORK,
        lambda _t, _n: "/work/",
        lambda persona, _t: floors.my_work(persona, open_states=_open_states()),
    ),
    Page(
        "inbox",
        "inbox",
        ("caseworker", "authority", "jobcentre"),
        lambda _t, _n: "/inbox/",
        lambda persona, _t: floors.inbox(persona),
        r'action="/inbox/items/(\d+)/done/"',
    ),
    Page(
        "consultations",
        "consultations",
        ("caseworker", "jobcentre"),
        lambda _t, _n: "/cooperation/consultations/",
        lambda persona, _t: floors.consultations(persona),
        r'href="/cooperation/consultations/(\d+)/"',
    ),
    Page(
        "conference",
        "a case conference",
        ("caseworker",),
        _per_persona("conference", "/cooperation/conferences/{}/"),
        lambda persona, t: floors.conference(persona, t.conference.get(persona.username)),
    ),
    Page(
        "duplicates",
        "duplicates list",
        ("caseworker", "teamlead"),
        lambda _t, _n: "/duplicates/",
        lambda persona, _t: floors.duplicates(persona, min_score=_min_score()),
        r'href="/duplicates/(\d+)/"',
    ),
    Page(
        "esf",
        "ESF+ report",
        REPORT_READERS,
        lambda _t, _n: "/reports/esf/",
        lambda persona, _t: floors.esf(
            persona, year=dt.date.today().year, whole_network=_whole_network(persona)
        ),
    ),
    Page(
        "figures",
        "network figures",
        REPORT_READERS,
        lambda _t, _n: "/reports/figures/",
        lambda persona, _t: floors.figures(persona, whole_network=_whole_network(persona)),
    ),
]
