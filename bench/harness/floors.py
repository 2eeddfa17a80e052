"""The floor of each page: hand-written SQL that returns the rows the page shows.

A page can hardly be faster than the statements that fetch its rows, written by hand
with what the schema offers; the benchmark times both in the same run and reports the
ratio (issue 11: no page more than 10x its floor). The floors follow the access policy's
rules (POLICY.md) through the reach table (privacy_reach, decision 0012), the structure a
person would use writing the SQL by hand:

    own:    the persona's organisation registered the person or owns one of their cases;
    shared: the persona's case-team seat, or a referral to or from the organisation that
            still stands (sent, accepted, intake done), AND a consent valid today naming
            the organisation for that purpose (counselling; referral).

Where a page shows several lists (my work, a case) the floor is one statement per list;
where the page shows one list, the first column of its floor is the id the benchmark
compares with the ids linked from the page (`same rows`). Portable SQL: PostgreSQL and
SQLite run the same text (`%s` parameters; JSON lists compared as text).
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from inprocedere.network.text import needles
from inprocedere.privacy import policy

PAGE_SIZE = 50


def marks(values) -> str:
    """`%s, %s, ...` for an IN list (NULL for an empty one: matches nothing)."""
    return ", ".join(["%s"] * len(values)) if values else "NULL"


def _consented_sql(orgs, purpose: str, pid: str) -> tuple[str, list]:
    """A consent valid today names one of `orgs` for `purpose`, of the person `pid`."""
    today = timezone.localdate()
    sql = (
        "EXISTS (SELECT 1 FROM privacy_consent c "
        "JOIN privacy_consent_recipients cr ON cr.consent_id = c.id "
        f"WHERE c.participant_id = {pid} AND cr.organisation_id IN ({marks(orgs)}) "
        "AND c.signed_on <= %s AND (c.valid_until IS NULL OR c.valid_until >= %s) "
        "AND (c.withdrawn_on IS NULL OR c.withdrawn_on > %s) "
        "AND CAST(c.purposes AS TEXT) LIKE %s)"
    )
    return sql, [*orgs, today, today, today, f'%"{purpose}"%']


def _reach_rows_sql(persona) -> tuple[str, list]:
    """The condition on a row `x` of the reach table (privacy_reach, decision 0012) that
    lets the persona read its person: an own basis; a live referral under a consent to
    the referral; the persona's own seat on the team under a consent to counselling."""
    orgs, positions = persona.organisation_ids, persona.position_ids
    referral, referral_params = _consented_sql(orgs, policy.REFERRAL_PURPOSE, "x.participant_id")
    team, team_params = _consented_sql(orgs, policy.TEAM_PURPOSE, "x.participant_id")
    sql = (
        f"x.organisation_id IN ({marks(orgs)}) AND (x.basis IN ('registered', 'case') "
        f"OR x.basis = 'referral' AND {referral} "
        f"OR x.basis = 'team' AND x.position_id IN ({marks(positions)}) AND {team})"
    )
    return sql, [*orgs, *referral_params, *positions, *team_params]


def reaches_sql(persona, pid: str) -> tuple[str, list]:
    """`EXISTS (...)`: the person `pid` lies within the persona's reach, probed per row
    (what a list ordered by its own index wants: no set is built for page one)."""
    rows, params = _reach_rows_sql(persona)
    sql = f"EXISTS (SELECT 1 FROM privacy_reach x WHERE x.participant_id = {pid} AND {rows})"
    return sql, params


def reach_sql(persona) -> tuple[str, list]:
    """The CTE `reach(pid)`: the people the persona may read, as a set."""
    rows, params = _reach_rows_sql(persona)
    sql = f"reach AS (SELECT DISTINCT x.participant_id AS pid FROM privacy_reach x WHERE {rows})"
    return sql, params


# --- the participant register ------------------------------------------------------------


def _text_filter(text: str) -> tuple[str, list, str, list]:
    """The search's condition and rank: every needle a substring of the folded search text
    (through the FTS5 trigram table on SQLite, the trigram index's LIKE on PostgreSQL);
    whole words first, then word starts, then the rest."""
    wanted = needles(text)
    if not wanted:
        return "", [], "", []
    if connection.vendor == "sqlite":
        expression = " AND ".join('"{}"'.format(n.replace('"', '""')) for n in wanted)
        where = (
            " AND p.id IN (SELECT rowid FROM participants_search "
            "WHERE participants_search MATCH %s)"
        )
        params = [expression]
    else:
        where = " AND p.search_text LIKE %s" * len(wanted)
        params = [f"%{needle}%" for needle in wanted]
    word = wanted[0].strip()
    rank = "CASE WHEN p.search_text LIKE %s THEN 0 WHEN p.search_text LIKE %s THEN 1 ELSE 2 END, "
    return where, params, rank, [f"% {word} %", f"% {word}%"]


def participants(persona, *, text: str = "", birth_year: int = 0, identifier: str = ""):
    reach, params = reaches_sql(persona, "p.id")
    where, where_params, rank, rank_params = _text_filter(text)
    params += where_params
    if birth_year:
        where += " AND p.birth_date LIKE %s"
        params.append(f"{birth_year:04d}%")
    if identifier:
        where += (
            " AND p.id IN (SELECT participant_id FROM participants_externalidentifier"
            " WHERE value = %s)"
        )
        params.append(identifier)
    sql = (
        "SELECT p.id, p.family_name, p.given_names, p.birth_date, p.gender, "
        "p.citizenships FROM participants_participant p "
        f"WHERE {reach} AND p.merged_into_id IS NULL{where} "
        f"ORDER BY {rank}p.family_name, p.given_names, p.id LIMIT {PAGE_SIZE}"
    )
    return [(sql, [*params, *rank_params])]


def participant_detail(persona, pk):
    reach, params = reach_sql(persona)
    statements = [
        (
            f"WITH {reach} SELECT p.* FROM participants_participant p "
            "WHERE p.id = %s AND p.id IN (SELECT pid FROM reach)",
            [*params, pk],
        )
    ]
    for table, order in (
        ("participants_alias", "id"),
        ("participants_externalidentifier", "id"),
        ("participants_residencestatus", "valid_from DESC, id DESC"),
        ("participants_benefitperiod", "valid_from DESC, id DESC"),
        ("participants_workpermitapplication", "applied_on DESC, id DESC"),
        ("cases_case", "opened_at DESC, id DESC"),
        ("cases_referral", "created_at DESC, id DESC"),
        ("privacy_consent", "signed_on DESC, id DESC"),
    ):
        statements.append(
            (f"SELECT * FROM {table} WHERE participant_id = %s ORDER BY {order}", [pk])
        )
    return statements


# --- case work ---------------------------------------------------------------------------


def case_detail(persona, pk, *, entries: int = PAGE_SIZE):
    """The case, its person, and the latest `entries` of its timeline (issue 11 item 6:
    the page shows the latest 50 with a way to older ones)."""
    orgs = persona.organisation_ids
    return [
        (
            "SELECT c.*, p.family_name, p.given_names FROM cases_case c "
            "JOIN participants_participant p ON p.id = c.participant_id "
            f"WHERE c.id = %s AND c.owner_organisation_id IN ({marks(orgs)})",
            [pk, *orgs],
        ),
        (
            "SELECT id, kind, date, duration_minutes, note FROM cases_activity "
            f"WHERE case_id = %s ORDER BY date DESC, id DESC LIMIT {entries}",
            [pk],
        ),
        ("SELECT * FROM cases_referral WHERE case_id = %s ORDER BY created_at DESC", [pk]),
        ("SELECT * FROM cases_goal WHERE case_id = %s ORDER BY id", [pk]),
        ("SELECT * FROM cases_case_team WHERE case_id = %s", [pk]),
    ]


def _referrals_sql(persona, *, received_only=False, open_states=(), limit=PAGE_SIZE):
    """Received: to the organisation while the person lies within its reach; sent: from
    the organisation, always."""
    orgs = persona.organisation_ids
    reach, params = reach_sql(persona)
    state = f" AND r.state IN ({marks(open_states)})" if open_states else ""
    received = (
        "SELECT r.id, r.created_at FROM cases_referral r "
        f"WHERE r.to_organisation_id IN ({marks(orgs)}){state} "
        "AND r.participant_id IN (SELECT pid FROM reach)"
    )
    params += [*orgs, *open_states]
    sent = (
        " UNION SELECT r.id, r.created_at FROM cases_referral r "
        "JOIN network_position p ON p.id = r.from_position_id "
        f"WHERE p.organisation_id IN ({marks(orgs)}){state}"
    )
    if received_only:
        sent = ""
    else:
        params += [*orgs, *open_states]
    sql = (
        f"WITH {reach} SELECT id, created_at FROM ({received}{sent}) AS visible "
        f"ORDER BY created_at DESC, id DESC LIMIT {limit}"
    )
    return sql, params


def referrals(persona):
    return [_referrals_sql(persona)]


def my_work(persona, *, open_states, limit=20):
    positions = persona.position_ids
    orgs = persona.organisation_ids
    horizon = timezone.localdate() + dt.timedelta(days=30)
    return [
        _referrals_sql(persona, received_only=True, open_states=open_states, limit=limit),
        (
            "SELECT r.id FROM cases_referral r JOIN network_position p "
            f"ON p.id = r.from_position_id WHERE p.organisation_id IN ({marks(orgs)}) "
            f"AND r.state IN ({marks(open_states)}) "
            f"ORDER BY r.created_at DESC, r.id DESC LIMIT {limit}",
            [*orgs, *open_states],
        ),
        (
            "SELECT c.id, p.family_name FROM cases_case c JOIN participants_participant p "
            f"ON p.id = c.participant_id WHERE (c.owner_position_id IN ({marks(positions)}) "
            f"OR c.owner_organisation_id IN ({marks(orgs)})) AND c.status <> 'closed' "
            f"ORDER BY c.opened_at DESC, c.id DESC LIMIT {limit}",
            [*positions, *orgs],
        ),
        (
            "SELECT f.id FROM cases_followup f JOIN cases_case c ON c.id = f.case_id "
            f"WHERE c.owner_organisation_id IN ({marks(orgs)}) AND f.done_on IS NULL "
            f"AND f.due_on <= %s ORDER BY f.due_on, f.id LIMIT {limit}",
            [*orgs, horizon],
        ),
    ]


def inbox(persona, *, limit=100):
    positions = persona.position_ids
    return [
        (
            "SELECT id, title, due_on FROM inbox_inboxitem "
            f"WHERE (position_id IN ({marks(positions)}) OR user_id = %s) "
            f"AND done_at IS NULL ORDER BY due_on, created_at DESC LIMIT {limit}",
            [*positions, persona.user.pk],
        )
    ]


def consultations(persona):
    orgs = persona.organisation_ids
    return [
        (
            "SELECT c.id FROM cooperation_consultation c "
            "WHERE c.from_position_id IN (SELECT id FROM network_position "
            f"WHERE organisation_id IN ({marks(orgs)})) "
            "OR c.to_position_id IN (SELECT id FROM network_position "
            f"WHERE organisation_id IN ({marks(orgs)})) "
            "ORDER BY CASE c.state WHEN 'open' THEN 0 WHEN 'answered' THEN 1 ELSE 2 END, "
            f"c.due_on, c.id DESC LIMIT {PAGE_SIZE}",
            [*orgs, *orgs],
        )
    ]


def conference(persona, pk):
    return [
        ("SELECT * FROM cooperation_appointment WHERE id = %s", [pk]),
        ("SELECT * FROM cooperation_invitation WHERE appointment_id = %s", [pk]),
        ("SELECT * FROM cooperation_actionitem WHERE conference_id = %s", [pk]),
    ]


def duplicates(persona, *, min_score: float):
    reach, params = reach_sql(persona)
    sql = (
        f"WITH {reach} SELECT d.id FROM duplicates_candidatepair d "
        "WHERE d.score >= %s AND d.a_id IN (SELECT pid FROM reach) "
        "AND d.b_id IN (SELECT pid FROM reach) "
        f"ORDER BY d.weight DESC, d.a_id, d.b_id LIMIT {PAGE_SIZE}"
    )
    return [(sql, [*params, min_score])]


# --- reports -------------------------------------------------------------------------------


def esf(persona, *, year: int, whole_network: bool):
    """EECO01 (participants counted, by gender) in one statement: the floor issue 12 names."""
    orgs = persona.organisation_ids
    scope = "" if whole_network else f" AND c.owner_organisation_id IN ({marks(orgs)})"
    return [
        (
            "SELECT p.gender, COUNT(DISTINCT c.participant_id) FROM cases_case c "
            "JOIN participants_participant p ON p.id = c.participant_id "
            f"WHERE c.esf_entry_date >= %s AND c.esf_entry_date <= %s{scope} GROUP BY p.gender",
            [f"{year}-01-01", f"{year}-12-31", *([] if whole_network else orgs)],
        )
    ]


def figures(persona, *, whole_network: bool):
    """The network figures' main table in one statement: cases by organisation and status."""
    orgs = persona.organisation_ids
    scope = "" if whole_network else f"WHERE owner_organisation_id IN ({marks(orgs)}) "
    return [
        (
            f"SELECT owner_organisation_id, status, COUNT(*) FROM cases_case {scope}"
            "GROUP BY owner_organisation_id, status",
            [] if whole_network else list(orgs),
        )
    ]
