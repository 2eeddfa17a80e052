"""Reading around the access policy is a decision someone made on purpose.

`Model.unrestricted` bypasses the fail-closed managers (core/guarded.py). Every module
that uses it is listed here with the reason; a new use in another module fails this test
until a reviewer adds it, and a module that no longer needs it must leave the list.
"""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "inprocedere"

ALLOWED = {
    "core/guarded.py": "defines the managers",
    "privacy/reach.py": "the policy itself: the scopes, as indexed sets",
    "privacy/reach_table.py": "the policy's reach table, derived from everybody's records",
    "privacy/flows.py": "the policy itself: which consent covers a flow",
    "privacy/disclosures.py": "the policy itself: the access log's refused lookups",
    "privacy/services.py": "writes after policy.require (row locks)",
    "cases/services/cases.py": "writes after policy.require (row locks, duplicate checks)",
    "cases/services/records.py": "writes after policy.require (row locks, last contact)",
    "cases/services/referrals.py": "writes after policy.require (row locks, one open referral)",
    "cases/timeline.py": "records of a case already read through the policy (history, timeline)",
    "participants/services/participants.py": "stale-edit probe after policy.require",
    "participants/search.py": "maintains the search column",
    "demo_cases/story.py": "system: the demo",
    "demo_cases/records.py": "system: the demo",
    "accounts/demo_leftovers.py": "system: finds the demo's fictional people for remove-demo",
    "cooperation/demo.py": "system: the demo",
    "duplicates/demo.py": "system: the demo",
    "duplicates/candidates.py": "system: blocking keys over the whole register (no names shown)",
    "duplicates/engine.py": "system: the batch run over the whole register (no names shown)",
    "duplicates/store.py": "system: the register's size for the model's prior (a count)",
    "duplicates/services.py": "merge and un-merge after the reviewer's reach was checked",
    "duplicates/management/commands/duplicates.py": "operator command (ids, no names)",
    "inbox/reminders.py": "system: the periodic reminder task",
    "imports/lookups.py": "the import's own records, after the policy was asked once per import",
    "inbox/reminder_common.py": "system: the periodic reminder task (whose cases a person has)",
    "network/vacancies.py": "counts of work waiting on vacant positions (no personal data)",
    "reporting/selectors.py": "aggregates (ESF report)",
    "reporting/esf_sql.py": "aggregates (ESF report in SQL; the scope is applied by its caller)",
    "reporting/selectors_figures.py": "aggregates (network figures)",
    "reporting/selectors_monitor.py": "aggregates (cooperation monitor)",
    "rights/retention.py": "system: retention duties over the whole register",
    "rights/selectors.py": "basis role:dpo (the data-protection officer finds a person)",
    "rights/services.py": "erasure and pseudonymisation after step-up (row locks)",
    "rights/erasure_runs.py": (
        "system: the background erasure of everyone due, started by the DPO after step-up"
    ),
    "scale/seed/guard.py": "system: counts the register before the scale generator grows it",
    "scale/seed/run.py": "system: the scale generator (bench seed)",
}


def _users():
    # `.unrestricted`, or the manager fetched by name (getattr(model, "unrestricted")).
    pattern = re.compile(r"\.unrestricted\b|getattr\([^)]*[\"']unrestricted[\"']")
    return {
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts and pattern.search(path.read_text(encoding="utf-8"))
    }


def test_every_use_of_the_unrestricted_managers_is_reviewed():
    users = _users()
    assert users - set(ALLOWED) == set(), "new bypass of the policy: review and list it"
    assert set(ALLOWED) - users == set(), "no longer bypasses the policy: remove it here"
