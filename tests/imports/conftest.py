import csv
import io
from pathlib import Path

import pytest

from inprocedere.network.models import Organisation
from tests.api.conftest import token_for  # noqa: F401 - the API tests share the fixture

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "participants.csv"
HEADER = [
    "participant_ref",
    "family_name",
    "given_names",
    "birth_date",
    "gender",
    "citizenship",
    "foreign_background",
    "postcode",
    "municipality",
    "rural",
    "homeless",
    "residence_status",
    "residence_valid_until",
    "benefits",
    "employment_status_at_entry",
    "isced",
    "disability",
    "minority",
    "esf_consent",
    "entry_date",
    "counselling_hours",
    "exit_date",
    "exit_reason",
    "status_upon_leaving",
    "qualification_gained",
    "status_6_months",
    "situation_improved_6_months",
]

BASE_ROW = {
    "participant_ref": "R-1",
    "family_name": "Haddad",
    "given_names": "Amina",
    "birth_date": "1994-03-12",
    "gender": "woman",
    "citizenship": "SY",
    "foreign_background": "yes",
    "postcode": "76726",
    "municipality": "Germersheim",
    "rural": "no",
    "homeless": "no",
    "residence_status": "duldung",
    "residence_valid_until": "2024-09-30",
    "benefits": "asylblg",
    "employment_status_at_entry": "unemployed",
    "isced": "3",
    "disability": "no",
    "minority": "no",
    "esf_consent": "yes",
    "entry_date": "2024-02-05",
    "counselling_hours": "24",
    "exit_date": "",
    "exit_reason": "",
    "status_upon_leaving": "",
    "qualification_gained": "",
    "status_6_months": "",
    "situation_improved_6_months": "",
}


def make_csv(rows, *, header=None, delimiter=",", bom=False) -> bytes:
    header = header or HEADER
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def row(**changes) -> dict:
    return {**BASE_ROW, **changes}


@pytest.fixture
def profes(db):
    return Organisation.objects.get(slug="profes")


@pytest.fixture
def write_file(tmp_path):
    def write(content: bytes, name="sheet.csv") -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return write


@pytest.fixture
def check(write_file, profes):
    """Validate a sheet (bytes) for ProfeS: {(row, column): code} of its problems."""
    from django.utils import translation

    from inprocedere.imports.services import validate_file

    def run(content: bytes, name="sheet.csv"):
        with translation.override("en"):
            validator, _fmt = validate_file(write_file(content, name), profes)
        return validator

    return run


def codes(validator) -> dict:
    return {(p.row, p.column): p.code for p in validator.problems}


@pytest.fixture
def import_sheet(write_file, profes, user_for):
    """Check and import a sheet as the ProfeS case worker; returns the run."""
    from django.utils import translation

    from inprocedere.imports.services import check_path, run_commit

    def run(content: bytes, name="sheet.csv", persona="case_worker"):
        actor = user_for(persona)
        with translation.override("en"):
            result = check_path(
                actor=actor, organisation=profes, path=write_file(content, name), source="command"
            )
            if result.status == "checked":
                result = run_commit(actor=actor, run=result, background=False)
        return result

    return run
