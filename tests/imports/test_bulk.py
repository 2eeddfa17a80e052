"""The bulk write pass writes what the services of the pages write (issue 12, item 4): the
same sheets imported both ways — row by row through the services (reference_writer.py,
the import as it was) and in bulk — leave the same records, the same audit entries and
the same access-log entries, compared field by field with ids replaced by what they
stand for. Also: the queries of the bulk pass do not grow with the rows."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from inprocedere.cases.models import Activity, Case, Exit, FollowUp
from inprocedere.core.models import AuditEntry
from inprocedere.participants.models import (
    BenefitPeriod,
    ExternalIdentifier,
    Participant,
    ResidenceStatus,
)
from inprocedere.privacy.models import AccessLogEntry, Consent, Reach

from .conftest import EXAMPLE, make_csv, row
from .reference_writer import Writer as ReferenceWriter

pytestmark = pytest.mark.django_db

SKIP = {"id", "created_at", "updated_at", "opened_at", "at", "search_text"}
MODELS = [
    Participant,
    ExternalIdentifier,
    ResidenceStatus,
    BenefitPeriod,
    Consent,
    Case,
    Activity,
    Exit,
    FollowUp,
    Reach,  # the policy's reach table: bulk inserts fire no signals (imports/batch.py)
]

EXIT = {"exit_date": "2024-03-28", "exit_reason": "placed", "status_upon_leaving": "employed"}
FIRST = [
    row(participant_ref="E-1", counselling_hours="30", **EXIT, status_6_months="employed"),
    row(participant_ref="E-1", entry_date="2024-04-02", counselling_hours="0", esf_consent="yes"),
    row(
        participant_ref="E-2",
        given_names="Omar",
        gender="man",
        esf_consent="no",
        residence_status="gestattung",
        residence_valid_until="",
        benefits="sgb2",
        counselling_hours="",
    ),
    row(participant_ref="E-3", given_names="Lina", citizenship="stateless", **EXIT),
    row(participant_ref="E-4", given_names="Yusuf", birth_date="1990", isced="", benefits=""),
]
SECOND = [
    # E-3's entry completed by its follow-up, E-4's by its exit; E-2 enters again.
    row(participant_ref="E-3", given_names="Lina", citizenship="stateless", **EXIT)
    | {"status_6_months": "employed", "situation_improved_6_months": "yes"},
    row(participant_ref="E-4", given_names="Yusuf", birth_date="1990", isced="", benefits="")
    | EXIT,
    row(
        participant_ref="E-2",
        given_names="Omar",
        gender="man",
        esf_consent="yes",
        residence_status="gestattung",
        residence_valid_until="",
        benefits="sgb2",
        counselling_hours="",
    ),
    row(participant_ref="E-5", given_names="Sara", counselling_hours="2,5"),
]


def _snapshot(before: dict) -> dict:
    """Every record written since `before` (max ids), ids replaced by what they mean."""
    refs = dict(
        ExternalIdentifier.objects.filter(kind="participant_ref").values_list(
            "participant_id", "value"
        )
    )
    cases = {
        case.pk: (refs.get(case.participant_id), str(case.esf_entry_date))
        for case in Case.unrestricted.all()
    }
    names = {}
    out = {}
    for model in MODELS:
        manager = getattr(model, "unrestricted", None) or model._default_manager
        rows = []
        for record in manager.filter(pk__gt=before[model]).order_by("pk"):
            values = _values(record, refs, cases)
            names[(model._meta.label_lower, str(record.pk))] = values
            rows.append(values)
        out[model._meta.label] = sorted(rows)
    out["audit"] = sorted(
        _audit(entry, names, refs, cases)
        for entry in AuditEntry.objects.filter(pk__gt=before[AuditEntry])
    )
    # One access-log row may name several people (decision 0018): compared per person.
    out["access_log"] = sorted(
        (
            entry.user_label,
            entry.organisation_id,
            refs.get(participant_id),
            entry.action,
            entry.channel,
            tuple(entry.categories),
            entry.purpose,
            entry.basis,
        )
        for entry in AccessLogEntry.objects.filter(pk__gt=before[AccessLogEntry])
        for participant_id in entry.participant_ids
    )
    return out


def _values(record, refs, cases) -> str:
    values = []
    for field in record._meta.concrete_fields:
        if field.name in SKIP or field.get_internal_type() == "DateTimeField":
            continue  # ids and times differ between two imports
        value = getattr(record, field.attname)
        if field.attname == "participant_id":
            value = ("person", refs.get(value))
        elif field.attname == "case_id":
            value = ("case", cases.get(value))
        values.append((field.name, str(value)))
    return repr(values)


def _audit(entry, names, refs, cases) -> tuple:
    key = (entry.object_type, entry.object_id)
    subject = names.get(key, entry.object_id)
    if entry.object_type == "imports.importrun":
        subject = "the run"
    label = entry.object_label if entry.object_type != "cases.case" else "Case …"
    detail = dict(entry.detail)
    for name, model in (("record", None), ("activity", "cases.activity")):
        if name in detail:
            kinds = (
                [model] if model else ["participants.residencestatus", "participants.benefitperiod"]
            )
            found = [names.get((kind, str(detail[name]))) for kind in kinds]
            detail[name] = next((value for value in found if value), detail[name])
    if "participant" in detail:
        detail["participant"] = refs.get(detail["participant"])
    if "import" in detail:
        detail["import"] = "the run"  # two imports, two runs
    return (
        entry.actor_label,
        entry.action,
        entry.object_type,
        str(subject),
        label,
        entry.organisation_id,
        repr(sorted(detail.items())),
    )


def _marks() -> dict:
    marks = {}
    for model in [*MODELS, AuditEntry, AccessLogEntry]:
        manager = getattr(model, "unrestricted", None) or model._default_manager
        marks[model] = max(manager.values_list("pk", flat=True), default=0)
    return marks


def _import_both(import_sheet, sheets) -> dict:
    before = _marks()
    for content in sheets:
        run = import_sheet(content)
        assert run.status == "done", run.problem_list
    return _snapshot(before)


class _Rollback(Exception):
    pass


def test_bulk_writes_what_the_services_write(import_sheet, monkeypatch):
    sheets = [EXAMPLE.read_bytes(), make_csv(FIRST), make_csv(SECOND)]
    with monkeypatch.context() as patch:
        patch.setattr("inprocedere.imports.jobs.Writer", ReferenceWriter)
        try:
            with transaction.atomic():
                reference = _import_both(import_sheet, sheets)
                raise _Rollback
        except _Rollback:
            pass
    bulk = _import_both(import_sheet, sheets)
    assert sum(len(rows) for rows in reference.values()) > 100
    for name in reference:
        assert bulk[name] == reference[name], name


def test_the_queries_of_the_write_pass_do_not_grow_with_the_rows(write_file, profes, user_for):
    from inprocedere.imports.services import check_path, run_commit

    actor = user_for("case_worker")

    def queries(count: int, prefix: str) -> list:
        rows = [
            row(participant_ref=f"{prefix}-{n}", family_name=_name(n), given_names=_name(n + 7))
            | EXIT
            | {"status_6_months": "employed", "residence_status": "gestattung"}
            for n in range(count)
        ]
        path = write_file(make_csv(rows), f"{prefix}.csv")
        run = check_path(actor=actor, organisation=profes, path=path, source="command")
        with CaptureQueriesContext(connection) as captured:
            run = run_commit(actor=actor, run=run, background=False)
        assert run.status == "done"
        assert run.result["new_people"] == count
        return [query["sql"] for query in captured]

    few, many = queries(3, "Q"), queries(150, "M")

    # The same queries for 3 rows and for 150; inserts are one per kind of record (on
    # SQLite split into batches of its bound on parameters, about 80 rows each).
    # (The duplicate detection's refresh, core.derived, clusters its candidate pairs with
    # a query per cluster: its own business, left out here.)
    def reads(queries):
        return [sql for sql in queries if not sql.startswith("INSERT") and "duplicates_" not in sql]

    # (a few of its reads depend on what it finds)
    assert len(reads(many)) <= len(reads(few)) + 3, "\n".join(sql[:150] for sql in reads(many))
    assert len(many) - len(few) <= 150 // 2


def _name(n: int) -> str:
    """Names that no duplicate detection takes for one another."""
    letters = "bcdfghklmnprstvwz"
    out = ""
    for _ in range(4):
        n, rest = divmod(n * 7919 + 13, len(letters))
        out += letters[rest] + "aeiou"[rest % 5]
    return out.capitalize()
