"""Full export and restore: export from the test database, restore into a new database
of the same engine and of the other engine (SQLite ↔ PostgreSQL), export again and
compare every table row by row; and everything a restore must refuse."""

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from inprocedere.backup.exporter import ExportError, export_all
from inprocedere.backup.restorer import RestoreError, restore
from inprocedere.backup.rows import exported_models, label
from inprocedere.network.models import Organisation
from inprocedere.participants import services

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = os.environ.get(
    "INPROCEDERE_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(user_for, settings):
    """The demo network plus a merge, a consent with its scan (an upload, a many-to-many
    row) and the audit and access log entries the services write."""
    from inprocedere.duplicates import services as duplicates
    from inprocedere.privacy.models import Consent
    from tests.duplicates.conftest import carrier_case

    actor = user_for("case_worker")
    people = []
    for family, given in (("Al-Hassan", "Mohammed"), ("Al Hassan", "Muhammad")):
        participant = services.participant_register(
            actor=actor,
            family_name=family,
            given_names=given,
            birth_date="1988-03-14",
            citizenships=["SY"],
            phone="+4972745312",
        )
        carrier_case(participant)
        people.append(participant)
    consent = Consent.unrestricted.create(
        participant=people[0],
        categories=["identity", "residence"],
        purposes=["referral"],
        signed_on=dt.date(2024, 1, 1),
        recording_organisation=Organisation.objects.get(slug="profes"),
    )
    consent.recipients.add(Organisation.objects.get(slug="kv-germersheim"))
    consent.scan.save("scan.pdf", ContentFile(b"%PDF-1.4 backup test"))
    duplicates.merge(actor=actor, survivor=people[0], merged=people[1])
    return people


def _postgres_answers() -> bool:
    try:
        import psycopg

        with psycopg.connect(_dsn("postgres"), connect_timeout=3):
            return True
    except Exception:  # any failure means: no PostgreSQL here
        return False


def _dsn(database):
    base = POSTGRES.rsplit("/", 1)[0]
    return f"{base}/{database}"


def _run(env, *args):
    Path(env["INPROCEDERE_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-m", "inprocedere.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-4000:])
    return result


def _target(engine, tmp_path):
    """(DATABASE_URL, cleanup) of a new, empty database of `engine`."""
    if engine == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None
    if not _postgres_answers():
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL does not answer; CI must test the restore into it.")
        pytest.skip("PostgreSQL does not answer at " + POSTGRES)
    import psycopg

    name = f"inprocedere_h4_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_dsn("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(_dsn("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return _dsn(name), drop


def _rows(path):
    with path.open(encoding="utf-8") as reader:
        return [json.loads(line) for line in reader]


def _compare(first: Path, second: Path):
    one = json.loads((first / "manifest.json").read_text())
    other = json.loads((second / "manifest.json").read_text())
    assert [t["model"] for t in one["tables"]] == [t["model"] for t in other["tables"]]
    for table, again in zip(one["tables"], other["tables"], strict=True):
        rows, rows_again = _rows(first / table["file"]), _rows(second / again["file"])
        assert rows[0] == rows_again[0], table["model"]  # the header
        assert len(rows) == len(rows_again), (table["model"], len(rows), len(rows_again))
        for row, row_again in zip(rows[1:], rows_again[1:], strict=True):
            assert row == row_again, table["model"]
        assert table["sha256"] == again["sha256"], table["model"]
    assert one["media"] == other["media"]


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_export_restore_export_is_identical(world, tmp_path, engine):
    exported = tmp_path / "export"
    manifest = export_all(exported)
    tables = {t["model"]: t["rows"] for t in manifest["tables"]}
    assert tables["participants.participant"] >= 2
    assert tables["duplicates.mergerecord"] == 1
    assert tables["privacy.consent_recipients"] >= 1  # many-to-many rows
    # The world's writes are audited and, as changes to people's data, access-logged.
    assert tables["core.auditentry"] > 0 and tables["privacy.accesslogentry"] > 0
    assert "sessions.session" not in tables
    assert [m["path"] for m in manifest["media"]] and manifest["database"] == connection.vendor

    url, cleanup = _target(engine, tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "INPROCEDERE_DEMO": "1",
        "INPROCEDERE_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "inprocedere.config.settings",
    }
    try:
        _run(env, "migrate", "-v0")
        result = _run(env, "restore", str(exported))
        assert "Restored" in result.stderr or "wiederhergestellt" in result.stderr
        again = tmp_path / "again"
        _run(
            env,
            "shell",
            "-c",
            f"from inprocedere.backup.exporter import export_all; export_all({str(again)!r})",
        )
        _compare(exported, again)
        # The sequences continue after the restored keys: a new row gets a new id.
        new_id = _run(
            env,
            "shell",
            "-c",
            "from inprocedere.core.models import AuditEntry; "
            "print(AuditEntry.objects.create(action='test').pk)",
        )
        assert int(new_id.stdout.split()[-1]) > max(
            r["id"] for r in _rows(exported / "tables/core.auditentry.jsonl")[1:]
        )
        # A second restore into the now filled database is refused.
        refused = subprocess.run(
            [sys.executable, "-m", "inprocedere.cli", "restore", str(exported)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert refused.returncode != 0 and "not empty" in refused.stderr
    finally:
        cleanup()


def test_every_table_is_exported_but_sessions():
    labels = {label(model) for model in exported_models()}
    assert {
        "accounts.user",
        "core.auditentry",
        "privacy.accesslogentry",
        "cases.case_team",
    } <= labels
    assert "sessions.session" not in labels


def test_restore_refuses_a_database_with_data(world, tmp_path):
    export_all(tmp_path / "export")
    with pytest.raises(RestoreError, match="not empty"):
        restore(tmp_path / "export")


def test_a_damaged_export_is_refused_before_anything_is_written(world, tmp_path):
    directory = tmp_path / "export"
    export_all(directory)
    table = directory / "tables" / "participants.participant.jsonl"
    table.write_text(table.read_text().replace("Al-Hassan", "Al-Hasan"))
    with pytest.raises(RestoreError, match="checksum"):
        restore(directory)
    (directory / "manifest.json").write_text('{"format": "inprocedere-export", "version": 99}')
    with pytest.raises(RestoreError, match="version"):
        restore(directory)
    (directory / "manifest.json").unlink()
    with pytest.raises(RestoreError, match="manifest"):
        restore(directory)


def test_the_commands_answer_clearly(world, tmp_path):
    directory = tmp_path / "export"
    call_command("export-all", str(directory))
    assert (directory / "manifest.json").is_file()
    with pytest.raises(CommandError, match="not empty"):
        call_command("export-all", str(directory))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(directory))
    with pytest.raises(CommandError, match="manifest"):
        call_command("restore", str(tmp_path / "nowhere"))


def test_export_into_a_non_empty_directory_is_refused(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "file").write_text("")
    with pytest.raises(ExportError):
        export_all(tmp_path / "x")


def test_a_freshly_migrated_database_counts_as_empty(tmp_path):
    """If a new migration seeds a table, add it to rows.SEEDED_BY_MIGRATIONS. The database
    checked is a new SQLite file whatever the suite's engine, so only the SQLite pass runs
    it; a fresh PostgreSQL database is checked by the restore into it above."""
    if connection.vendor != "sqlite":
        pytest.skip("checks a new SQLite file whatever the engine: run in the SQLite pass")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "INPROCEDERE_DEMO": "1",
        "INPROCEDERE_VAR_DIR": str(tmp_path / "var"),
    }
    _run(env, "migrate", "-v0")
    _run(env, "shell", "-c", "from inprocedere.backup.restorer import check_empty; check_empty()")
    shutil.rmtree(tmp_path / "var", ignore_errors=True)
