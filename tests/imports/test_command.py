"""`inprocedere import participants …`: exit codes, text and JSON, dry run."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from inprocedere.cases.models import Case
from inprocedere.participants.models import ExternalIdentifier

from .conftest import EXAMPLE, make_csv, row

pytestmark = pytest.mark.django_db


def run(capsys, *args):
    call_command("import", "participants", *map(str, args), "--language", "en")
    return capsys.readouterr().out


def test_example_imports_and_reimport_changes_nothing(capsys, profes):
    out = run(capsys, EXAMPLE, "--organisation", "profes", "--format", "json")
    data = json.loads(out)
    assert data["status"] == "done", data
    assert data["result"]["new_people"] == 6
    assert data["result"]["new_entries"] == 7
    refs = ExternalIdentifier.objects.filter(organisation=profes, kind="participant_ref")
    assert refs.count() == 6
    cases = Case.unrestricted.filter(owner_organisation=profes, participant__external_ids__in=refs)
    assert cases.count() == 7
    again = json.loads(run(capsys, EXAMPLE, "--organisation", "profes", "--format", "json"))
    assert again["status"] == "done"
    assert again["result"] == {"unchanged_entries": 7}
    assert cases.count() == 7


def test_dry_run_writes_nothing(capsys, profes, write_file):
    path = write_file(make_csv([row()]))
    out = run(capsys, path, "--organisation", "profes", "--dry-run")
    assert "Dry run: would register 1 new people" in out
    assert not ExternalIdentifier.objects.filter(organisation=profes, value="R-1").exists()


def test_invalid_file_exit_code_1_and_json(capsys, profes, write_file):
    path = write_file(make_csv([row(entry_date="31.02.2020")]))
    with pytest.raises(CommandError) as error:
        run(capsys, path, "--organisation", "profes", "--format", "json")
    assert error.value.returncode == 1
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "invalid"
    assert data["problems"][0]["row"] == 2
    assert data["problems"][0]["column"] == "entry_date"
    assert "does not exist in the calendar" in data["problems"][0]["message"]


def test_wrong_calls_exit_code_2(capsys, profes, write_file, tmp_path):
    path = write_file(make_csv([row()]))
    for args in (
        (path, "--organisation", "nowhere"),
        (tmp_path / "missing.csv", "--organisation", "profes"),
        (path, "--organisation", "profes", "--format", "yaml"),
        (path, "--organisation", "profes", "--user", "nobody"),
    ):
        with pytest.raises(CommandError) as error:
            run(capsys, *args)
        assert error.value.returncode == 2
