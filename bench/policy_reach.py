"""The access policy's scopes on a seeded database: prints figures, asserts nothing.

    DATABASE_URL=postgres://…/inp_bench_100k .venv/bin/python bench/policy_reach.py
    … bench/policy_reach.py --reach-table     # also the reach-table alternative (see below)

For each demo persona of case work it runs, under EXPLAIN (ANALYZE, BUFFERS), the
queries a list page and a detail page ask of the policy:

- `or-joins`: the rule as it was until issue 11 (`pk IN (SELECT … LEFT JOIN cases LEFT
  JOIN case_team LEFT JOIN referrals WHERE … OR …)`), rebuilt here from the same Q objects;
- `union`: the rule as `privacy.reach` builds it now (a UNION of semi-joins, one per basis);
- `reach-table` (with --reach-table, PostgreSQL, needs a database you may write to: it
  creates and fills a table `bench_policy_reach` and drops it at the end): participant ×
  organisation × basis rows, the consent still checked at query time.

Read-only apart from that table; refuses SQLite's in-memory default.
"""

import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("INPROCEDERE_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inprocedere.config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402

from inprocedere.cases.models import Referral  # noqa: E402
from inprocedere.participants.models import Participant  # noqa: E402
from inprocedere.privacy import policy, reach  # noqa: E402

PERSONAS = ["caseworker", "authority", "jobcentre", "teamlead"]
ORDER = ("family_name", "given_names", "pk")
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))


def old_participants(actor):
    """The participant scope before issue 11 item 4 (with the live-referral rule of issue
    16, so both return the same rows)."""
    orgs, positions = actor.organisation_ids, actor.position_ids
    live = reach.LIVE_REFERRAL_STATES
    own = Q(registered_by_id__in=orgs) | Q(cases__owner_organisation_id__in=orgs)
    shared = (
        Q(cases__team__in=positions)
        | Q(referrals__to_organisation_id__in=orgs, referrals__state__in=live)
        | Q(referrals__from_position__organisation_id__in=orgs, referrals__state__in=live)
    )
    consented = reach.sharing_consents(orgs).values("participant_id")
    ids = Participant.unrestricted.filter(own | (shared & Q(pk__in=consented))).values("pk")
    return Participant.unrestricted.filter(pk__in=ids)


def old_referrals(actor):
    orgs = actor.organisation_ids
    received = Q(to_organisation_id__in=orgs) & Q(participant_id__in=old_participants(actor))
    return Referral.unrestricted.filter(received | Q(from_position__organisation_id__in=orgs))


def union_participants(actor):
    return reach._participant_scope(actor, Participant.unrestricted.all(), "participant.read")


def union_referrals(actor):
    return reach._referral_scope(actor, Referral.unrestricted.all(), "referral.read")


REACH_TABLE = """
DROP TABLE IF EXISTS bench_policy_reach;
CREATE TABLE bench_policy_reach AS
  SELECT id AS participant_id, registered_by_id AS organisation_id, 'own' AS basis
    FROM participants_participant
  UNION SELECT participant_id, owner_organisation_id, 'own' FROM cases_case
  UNION SELECT c.participant_id, p.organisation_id, 'team'
    FROM cases_case c JOIN cases_case_team t ON t.case_id = c.id
    JOIN network_position p ON p.id = t.position_id
  UNION SELECT participant_id, to_organisation_id, 'referral' FROM cases_referral
    WHERE state IN ('sent', 'accepted', 'intake_done')
  UNION SELECT r.participant_id, p.organisation_id, 'referral' FROM cases_referral r
    JOIN network_position p ON p.id = r.from_position_id
    WHERE state IN ('sent', 'accepted', 'intake_done');
CREATE INDEX ON bench_policy_reach (organisation_id, basis, participant_id);
ANALYZE bench_policy_reach;
"""


def reach_table_participants(actor):
    """The reach table's answer: own rows, or shared rows whose person a valid consent
    covers (the consent stays a query-time check: its validity is date-dependent)."""
    orgs = actor.organisation_ids
    consented, params = _sql(reach.consented_ids(orgs))
    sql = (
        "SELECT participant_id FROM bench_policy_reach WHERE organisation_id = ANY(%s) AND "
        f"(basis = 'own' OR participant_id IN ({consented}))"
    )
    return Participant.unrestricted.extra(where=[f"id IN ({sql})"], params=[orgs, *params])


def _sql(queryset):
    return queryset.query.sql_with_params()


def explain(queryset):
    sql, params = _sql(queryset)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    execution = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
    # The top node's buffers: the first "Buffers:" line of the plan covers the whole query.
    top = re.search(r"Buffers: shared ([^\n]*)", plan)
    buffers = sum(int(n) for n in re.findall(r"=(\d+)", top.group(1))) if top else 0
    return execution, buffers, plan


def measure(label, queryset):
    runs = [explain(queryset) for _ in range(REPEAT)]
    times = [run[0] for run in runs]
    print(
        f"  {label:<34} median {statistics.median(times):8.1f} ms   "
        f"min {min(times):8.1f} ms   buffers {runs[-1][1]:7d}"
    )
    if os.environ.get("BENCH_PLANS"):
        print(runs[-1][2])


def list_page(queryset):
    return queryset.order_by(*ORDER)[:25]


def bounded_count(queryset):
    return queryset.order_by()[:1001]


def main():
    if connection.vendor != "postgresql":
        sys.exit("This benchmark reads EXPLAIN (ANALYZE, BUFFERS): run it on PostgreSQL.")
    with_table = "--reach-table" in sys.argv
    if with_table:
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(REACH_TABLE)
            cursor.execute("SELECT count(*) FROM bench_policy_reach")
            rows = cursor.fetchone()[0]
        print(f"reach table: {rows} rows built in {time.perf_counter() - start:.1f} s")
    total = Participant.unrestricted.count()
    print(f"{total} participants, {Referral.unrestricted.count()} referrals")
    variants = {"or-joins": old_participants, "union": union_participants}
    if with_table:
        variants["reach-table"] = reach_table_participants
    try:
        for username in PERSONAS:
            user = get_user_model().objects.get(username=username)
            actor = policy.actor_for(user)
            reached = union_participants(actor).count()
            assert reached == old_participants(actor).count(), username
            print(f"{username} ({', '.join(o.slug for o in actor.organisations)}): {reached}")
            some = union_participants(actor).order_by("-pk").values_list("pk", flat=True)[:1]
            for name, scope in variants.items():
                measure(f"{name}: list page (25 rows)", list_page(scope(actor)))
                measure(f"{name}: bounded count (1,001)", bounded_count(scope(actor)))
                measure(f"{name}: one person (can)", scope(actor).filter(pk__in=list(some)))
            measure("or-joins: referral list (25)", old_referrals(actor).order_by("-pk")[:25])
            measure("union: referral list (25)", union_referrals(actor).order_by("-pk")[:25])
    finally:
        if with_table:
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS bench_policy_reach")


if __name__ == "__main__":
    main()
