"""Importing sheets: the formats, bad files, all-or-nothing, idempotence, re-entries, the
records the import creates through the services, and the ESF figures they make."""

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

from inprocedere.cases.models import Activity, Case, Exit, FollowUp
from inprocedere.core.models import AuditEntry
from inprocedere.participants.models import (
    BenefitPeriod,
    ExternalIdentifier,
    Participant,
    ResidenceStatus,
)
from inprocedere.privacy.models import Consent

from .conftest import EXAMPLE, HEADER, codes, make_csv, row

pytestmark = pytest.mark.django_db

GERMAN = {
    "participant_ref": "Teilnehmernummer",
    "family_name": "Nachname",
    "given_names": "Vorname",
    "birth_date": "Geburtsdatum",
    "gender": "Geschlecht",
    "citizenship": "Staatsangehörigkeit",
    "employment_status_at_entry": "Erwerbsstatus bei Eintritt",
    "isced": "ISCED",
    "postcode": "PLZ",
    "esf_consent": "ESF-Einwilligung",
    "entry_date": "Eintrittsdatum",
    "counselling_hours": "Beratungsstunden",
    "exit_date": "Austrittsdatum",
    "status_upon_leaving": "Status bei Austritt",
}


def footprint(profes):
    """Everything an import can write, counted."""
    return (
        Participant.unrestricted.count(),
        ExternalIdentifier.objects.count(),
        Case.unrestricted.count(),
        Activity.objects.count(),
        Exit.objects.count(),
        FollowUp.objects.count(),
        ResidenceStatus.objects.count(),
        BenefitPeriod.objects.count(),
        Consent.unrestricted.count(),
        AuditEntry.objects.exclude(action__startswith="imports.").count(),
    )


def imported(profes, ref):
    identifier = ExternalIdentifier.objects.get(
        organisation=profes, kind="participant_ref", value=ref
    )
    return Participant.unrestricted.get(pk=identifier.participant_id)


# --- formats ------------------------------------------------------------------------------


def test_semicolon_csv_with_bom_and_german_headers(import_sheet, profes):
    header = [GERMAN.get(name, name) for name in HEADER]
    data = make_csv(
        [row(gender="weiblich", esf_consent="ja", benefits="SGB II", counselling_hours="12,5")],
        delimiter=";",
        bom=True,
    )
    # make_csv writes the English names; swap the header line for the German one.
    body = data.decode("utf-8-sig").split("\r\n", 1)[1]
    content = ("\ufeff" + ";".join(header) + "\r\n" + body).encode()
    run = import_sheet(content)
    assert run.status == "done", run.problems
    participant = imported(profes, "R-1")
    assert participant.gender == "woman"
    assert BenefitPeriod.objects.get(participant=participant).system == "sgb2"
    case = Case.unrestricted.get(participant=participant)
    assert sum(a.duration_minutes for a in case.activities.all()) == 750


def test_xlsx_with_german_headers_written_by_openpyxl(import_sheet, profes):
    workbook = Workbook()
    sheet = workbook.active
    names = list(GERMAN)
    sheet.append([GERMAN[name] for name in names])
    values = {
        "participant_ref": "X-1",
        "family_name": "Tesfay",
        "given_names": "Yonas",
        "birth_date": dt.datetime(2001, 7, 12),
        "gender": "männlich",
        "citizenship": "ER",
        "employment_status_at_entry": "langzeitarbeitslos",
        "isced": 2,
        "postcode": 76744,
        "esf_consent": "ja",
        "entry_date": dt.date(2024, 3, 1),
        "counselling_hours": 12.5,
        "exit_date": dt.datetime(2024, 9, 30),
        "status_upon_leaving": "arbeitsuchend",
    }
    sheet.append([values[name] for name in names])
    sheet.append([None] * len(names))  # Excel's trailing empty rows are skipped
    buffer = io.BytesIO()
    workbook.save(buffer)
    run = import_sheet(buffer.getvalue(), name="stammblatt.xlsx")
    assert run.status == "done", run.problems
    assert run.file_format == "xlsx"
    participant = imported(profes, "X-1")
    assert str(participant.birth_date) in ("2001-07-12", "12.07.2001")
    assert participant.postcode == "76744"
    assert [c.code for c in participant.citizenships] == ["ER"]
    case = Case.unrestricted.get(participant=participant)
    assert case.esf_entry_date == dt.date(2024, 3, 1)
    assert case.employment_status_at_entry == "long_term_unemployed"
    assert case.isced_at_entry == 2
    assert case.exit.status_upon_leaving == "job_searching"
    assert case.status == "closed"


def test_xlsx_formula_is_refused(check):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["participant_ref", "family_name", "given_names", "entry_date"])
    sheet.append(["F-1", '=HYPERLINK("http://evil.example","x")', "Amina", "2024-01-02"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    validator = check(buffer.getvalue(), "sheet.xlsx")
    assert codes(validator) == {(2, "family_name"): "formula"}


# --- bad files ----------------------------------------------------------------------------


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "file_empty"),
        (b"%PDF-1.4\n\x00\x00\x01\x02", "file_not_table"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "file_old_excel"),
        (zip_bytes(), "file_not_xlsx"),
        (
            "participant_ref,family_name,given_names,entry_date\nR,Müller,Ä,2024-01-01\n".encode(
                "latin-1"
            ),
            "file_encoding_at",
        ),
        ("Teilnehmernummer;Straße\n".encode("latin-1"), "file_encoding"),
        (b"participant_ref,family_name,given_names,entry_date\n", "no_rows"),
    ],
)
def test_unreadable_files(check, content, code):
    validator = check(content)
    assert [p.code for p in validator.problems if p.level == "error"] == [code]
    assert not validator.valid


def test_encoding_error_late_in_the_file(check):
    good = make_csv([row(participant_ref=f"E-{n}") for n in range(3)])
    validator = check(good + "E-9,Müller,Jonas\r\n".encode("latin-1"))
    assert [p.code for p in validator.problems] == ["file_encoding_at"]


def test_missing_required_and_repeated_columns(check):
    header = [name for name in HEADER if name != "entry_date"]
    validator = check(make_csv([row()], header=header))
    assert codes(validator) == {(None, "entry_date"): "missing_column"}
    validator = check(make_csv([row()], header=[*HEADER, "Nachname"]))
    assert codes(validator)[(None, "family_name")] == "repeated_column"


def test_unknown_column_is_a_warning_and_ignored(import_sheet, profes):
    header = [*HEADER, "Lieblingsfarbe"]
    content = make_csv([{**row(), "Lieblingsfarbe": "blau"}], header=header)
    run = import_sheet(content)
    assert run.status == "done"
    assert [(p.column, p.code, p.level) for p in run.problem_list] == [
        ("Lieblingsfarbe", "unknown_column", "warning")
    ]


def test_repeated_rows_and_refs(check):
    validator = check(
        make_csv(
            [
                row(),
                row(),  # the same row again
                row(entry_date="05.02.2024", counselling_hours="3"),  # the same entry
                row(family_name="Haddadi"),  # another person under the ref
            ]
        )
    )
    assert codes(validator) == {
        (3, ""): "duplicate_row",
        (4, "entry_date"): "same_entry_twice",
        (5, "family_name"): "other_person",
    }


def test_size_limit_is_refused_before_reading(check_size_env=None):
    from inprocedere.imports.services import HARD_LIMIT, ImportRefused, check_size

    with pytest.raises(ImportRefused) as refused:
        check_size(HARD_LIMIT + 1)
    assert refused.value.problem.code == "file_too_large"


def test_a_200_mb_file_is_refused_without_reading_it(tmp_path, profes, user_for, monkeypatch):
    from inprocedere.imports import services

    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: no disk, same size
    monkeypatch.setattr(services, "_store", lambda *a: pytest.fail("read the file"))
    with pytest.raises(services.ImportRefused) as refused:
        services.check_path(
            actor=user_for("case_worker"), organisation=profes, path=path, source="command"
        )
    assert refused.value.problem.code == "file_too_large"


# --- all or nothing -----------------------------------------------------------------------


def test_one_bad_row_writes_nothing(import_sheet, profes):
    before = footprint(profes)
    rows = [row(participant_ref=f"A-{n}", given_names=f"Amina{n}") for n in range(5)]
    rows.append(row(participant_ref="A-9", entry_date="31.02.2024"))
    run = import_sheet(make_csv(rows))
    assert run.status == "invalid"
    assert codes_of(run) == {(7, "entry_date"): "impossible_date"}
    assert footprint(profes) == before


def codes_of(run):
    return {(p.row, p.column): p.code for p in run.problem_list}


def test_a_refusal_while_writing_rolls_everything_back(import_sheet, profes, monkeypatch):
    import datetime as dt

    from django.core.exceptions import ValidationError

    from inprocedere.cases.services import _common

    original = _common.not_before

    # The write pass checks the exit with the services' own helper; here it refuses the
    # third row's exit, as it would refuse something that changed since the check.
    def refuse_the_third(value, earliest, field, message):
        if field == "exit_date" and value == dt.date(2024, 6, 3):
            raise ValidationError({"exit_date": "Refused for the test."})
        return original(value, earliest, field, message)

    monkeypatch.setattr(_common, "not_before", refuse_the_third)
    # One row per chunk: the first two rows are written when the third is refused.
    monkeypatch.setattr("inprocedere.imports.writer.CHUNK_ROWS", 1)
    before = footprint(profes)
    exit_ = {"exit_date": "2024-06-01", "status_upon_leaving": "employed"}
    rows = [
        row(participant_ref="W-1", given_names="First", **exit_),
        row(participant_ref="W-2", given_names="Second", **exit_),
        row(participant_ref="W-3", given_names="Third", **{**exit_, "exit_date": "2024-06-03"}),
    ]
    run = import_sheet(make_csv(rows))
    assert run.status == "failed"
    assert run.problem_list[0].row == 4
    assert run.problem_list[0].column == "exit_date"
    assert run.problem_list[0].message == "Refused for the test."
    assert footprint(profes) == before
    assert run.stored_path == ""


def test_a_ref_taken_meanwhile_by_someone_else_rolls_everything_back(
    import_sheet, profes, monkeypatch
):
    from inprocedere.imports.writer import Writer
    from inprocedere.participants.models import Participant

    before = footprint(profes)
    original = Writer._load

    def race(self, chunk):
        original(self, chunk)
        # Between the chunk's look-up and its insert, another import registers R-2.
        other = Participant.unrestricted.create(
            family_name="Else", given_names="Someone", registered_by=profes
        )
        ExternalIdentifier.objects.create(
            participant=other, organisation=profes, kind="participant_ref", value="R-2"
        )

    monkeypatch.setattr(Writer, "_load", race)
    run = import_sheet(make_csv([row(), row(participant_ref="R-2", given_names="Omar")]))
    assert run.status == "failed"
    assert "recorded by someone else" in run.problem_list[0].message
    assert footprint(profes) == before


# --- what an import writes -----------------------------------------------------------------


def test_the_records_of_one_row(import_sheet, profes):
    content = make_csv(
        [
            row(
                exit_date="2024-11-29",
                exit_reason="placed",
                status_upon_leaving="employed",
                qualification_gained="yes",
                status_6_months="employed",
                situation_improved_6_months="yes",
                counselling_hours="30",
                rural="yes",
                homeless="no",
                minority="declined",
            )
        ]
    )
    run = import_sheet(content)
    assert run.status == "done", run.problems
    participant = imported(profes, "R-1")
    assert (participant.family_name, participant.given_names) == ("Haddad", "Amina")
    assert participant.registered_by == profes
    assert participant.foreign_background == "yes"
    assert participant.minority == "declined"
    assert participant.municipality == "Germersheim"
    status = ResidenceStatus.objects.get(participant=participant)
    assert (status.status_type.code, status.valid_from, status.valid_until) == (
        "duldung",
        dt.date(2024, 2, 5),
        dt.date(2024, 9, 30),
    )
    assert BenefitPeriod.objects.get(participant=participant).system == "asylblg_3"
    consent = Consent.unrestricted.get(participant=participant)
    assert consent.purposes == ["esf_monitoring"]
    assert consent.signed_on == dt.date(2024, 2, 5)
    case = Case.unrestricted.get(participant=participant)
    assert case.owner_organisation == profes
    assert (case.rural, case.homeless, case.isced_at_entry) == (True, False, 3)
    activities = list(case.activities.order_by("pk"))
    assert [a.duration_minutes for a in activities] == [1440, 360]
    assert {a.kind for a in activities} == {"counselling"}
    assert case.exit.reason == "placed" and case.exit.qualification_gained
    assert case.follow_up.done_on == dt.date(2025, 5, 29)
    assert case.follow_up.status == "employed" and case.follow_up.situation_improved
    actions = set(
        AuditEntry.objects.filter(
            action__in=[
                "participants.participant.registered",
                "participants.external_id.added",
                "participants.residence_status.added",
                "participants.benefit_period.added",
                "privacy.consent.recorded",
                "case.opened",
                "case.activity.added",
                "case.exit.recorded",
                "case.follow_up.recorded",
                "imports.run.imported",
            ]
        ).values_list("action", flat=True)
    )
    assert len(actions) == 10


def test_reimport_changes_nothing(import_sheet, profes):
    content = EXAMPLE.read_bytes()
    first = import_sheet(content)
    assert first.status == "done"
    after_first = footprint(profes)
    second = import_sheet(content)
    assert second.status == "done"
    assert second.summary["new_people"] == 0 and second.summary["new_entries"] == 0
    assert second.result == {"unchanged_entries": 7}
    assert footprint(profes) == after_first


def test_reentry_and_completing_an_entry_later(import_sheet, profes):
    first = import_sheet(make_csv([row()]))
    assert first.result == {"new_people": 1, "new_entries": 1}
    # Months later: the entry has its exit, and the person came back.
    later = make_csv(
        [
            row(exit_date="2024-08-30", status_upon_leaving="job_searching"),
            row(
                entry_date="2025-01-15",
                residence_status="25b",
                residence_valid_until="",
                benefits="sgb2",
            ),
        ]
    )
    second = import_sheet(later)
    assert second.status == "done", second.problems
    assert second.result == {"updated_entries": 1, "new_entries": 1}
    participant = imported(profes, "R-1")
    cases = Case.unrestricted.filter(participant=participant).order_by("esf_entry_date")
    assert [c.esf_entry_date for c in cases] == [dt.date(2024, 2, 5), dt.date(2025, 1, 15)]
    assert cases[0].exit.exit_date == dt.date(2024, 8, 30)
    assert Participant.unrestricted.filter(external_ids__value="R-1").count() == 1
    assert ResidenceStatus.objects.filter(participant=participant).count() == 2
    assert Consent.unrestricted.filter(participant=participant).count() == 1


def test_reentry_rules(check, import_sheet):
    no_exit = check(make_csv([row(), row(entry_date="2025-01-15", residence_valid_until="")]))
    assert codes(no_exit) == {(3, "entry_date"): "reentry_without_exit"}
    overlap = check(
        make_csv(
            [
                row(exit_date="2025-03-01", status_upon_leaving="employed"),
                row(entry_date="2025-01-15", residence_valid_until=""),
            ]
        )
    )
    assert codes(overlap) == {(3, "entry_date"): "overlapping_entries"}
    # Against what is recorded: an open entry in the register blocks a re-entry.
    import_sheet(make_csv([row()]))
    recorded = check(make_csv([row(entry_date="2025-01-15", residence_valid_until="")]))
    assert codes(recorded) == {(2, "entry_date"): "reentry_without_exit"}


def test_known_person_with_other_details_is_a_warning(import_sheet):
    import_sheet(make_csv([row()]))
    run = import_sheet(make_csv([row(given_names="Aminah")]))
    assert run.status == "done"
    assert [(p.code, p.level) for p in run.problem_list] == [("registered_differs", "warning")]


def _registered_elsewhere(slug, **names):
    """A person registered by another organisation, with their duplicate keys."""
    from inprocedere.core import derived
    from inprocedere.network.models import Organisation

    person = Participant.unrestricted.create(
        family_name=names.get("family_name", "Haddad"),
        given_names=names.get("given_names", "Amina"),
        birth_date="1994-03-12",
        registered_by=Organisation.objects.get(slug=slug),
        search_text="",
    )
    derived.refresh([person.pk])
    return person


def test_possible_duplicate_within_reach_is_a_warning_naming_the_record(import_sheet, profes):
    own = _registered_elsewhere("profes")
    run = import_sheet(make_csv([row()]))
    assert run.status == "done"
    problem = run.problem_list[0]
    assert (problem.row, problem.code, problem.level) == (2, "possible_duplicate", "warning")
    assert f"no. {own.pk}" in problem.message
    registered = AuditEntry.objects.filter(action="participants.participant.registered").last()
    assert registered.detail["duplicates_confirmed"] is True


def test_the_check_does_not_disclose_another_organisations_people(import_sheet, user_for):
    """Issue 16, item 1: the dry run must not tell the importer that a named person is
    known by another organisation (docs/access-policy.md, "Duplicate checks")."""
    elsewhere = _registered_elsewhere("kv-germersheim")
    run = import_sheet(make_csv([row()]))
    assert run.status == "done"
    assert [p.code for p in run.problem_list] == []
    shown = " ".join(p.message for p in run.problem_list) + str(run.problems)
    assert str(elsewhere.pk) not in shown and "Germersheim" not in shown
    # Not lost: the pair is in the register, for the coordinating office (pseudonymised).
    from inprocedere.duplicates.models import CandidatePair

    new = Participant.unrestricted.exclude(pk=elsewhere.pk).get(family_name="Haddad")
    low, high = sorted((new.pk, elsewhere.pk))
    assert CandidatePair.objects.filter(a_id=low, b_id=high).exists()


# --- the ESF figures of an imported sheet ---------------------------------------------------


def test_the_example_sheet_gives_the_expected_esf_figures(import_sheet, profes):
    from inprocedere.reporting.selectors import Scope

    from ..reporting.esf_reference import compute, esf_facts

    run = import_sheet(EXAMPLE.read_bytes())
    assert run.status == "done", run.problems
    ids = set(
        ExternalIdentifier.objects.filter(organisation=profes, kind="participant_ref").values_list(
            "participant_id", flat=True
        )
    )
    date_from, date_to = dt.date(2024, 1, 1), dt.date(2025, 12, 31)
    people, cases = esf_facts(Scope(organisation=profes), date_from, date_to)
    report = compute(
        {pid: person for pid, person in people.items() if pid in ids},
        [case for case in cases if case.participant_id in ids],
        date_from=date_from,
        date_to=date_to,
        min_hours=8,
    ).as_json()
    totals = {code: figure["total"] for code, figure in report["indicators"].items()}
    assert totals == {
        "EECO01": 4,
        "EECO02": 2,
        "EECO03": 1,
        "EECO04": 1,
        "EECO05": 1,
        "EECO06": 0,
        "EECO07": 3,
        "EECO08": 1,
        "EECO09": 1,
        "EECO10": 2,
        "EECO11": 1,
        "EECO12": 1,
        "EECO13": 4,
        "EECO14": 4,
        "EECO15": 0,
        "EECO16": 1,
        "EECO17": 1,
        "EECR01": 1,
        "EECR02": 1,
        "EECR03": 2,
        "EECR04": 0,
        "EECR05": 0,
        "EECR06": 1,
    }
    assert report["indicators"]["EECO01"] == {"total": 4, "woman": 2, "man": 2, "non_binary": 0}
    assert report["not_counted"] == {
        "no_esf_consent": 1,
        "incomplete_mandatory": 0,
        "below_threshold": 1,
    }
