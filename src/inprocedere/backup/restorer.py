"""`restore(directory)`: an export back into an empty, migrated database, exactly.

Order of work, so that a bad export changes nothing:

1. read the manifest (format and version known?), verify every file's SHA-256;
2. compare the applied migrations with the export's (the schema must be the same);
3. check the database is empty (apart from the rows the migrations themselves add,
   which are replaced) and that no uploaded file would be overwritten;
4. in one transaction: insert every row with its primary key, table by table, in
   batches (foreign keys are checked at commit; Django creates them deferrable on
   both SQLite and PostgreSQL), then reset PostgreSQL's sequences;
5. copy the uploaded files.

Rows are inserted as they are (`raw`): `auto_now` fields keep their exported value,
and no `save()` runs, so the append-only audit and access logs can be restored (the
PostgreSQL triggers refuse UPDATE and DELETE, and an INSERT is neither).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connections, transaction

from inprocedere.core import derived

from .exporter import BLOCK, applied_migrations
from .rows import FORMAT, SEEDED_BY_MIGRATIONS, VERSION, columns, decode, exported_models, label

REBUILT_AFTER_RESTORE = ["participants.search_index"]


class RestoreError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as reader:
        while block := reader.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(directory: Path) -> dict:
    path = directory / "manifest.json"
    if not path.is_file():
        raise RestoreError(f"{path} is missing: this is not an InProcedere export.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise RestoreError(f"{path} cannot be read: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RestoreError(f"{path} is not an InProcedere export manifest.")
    if not isinstance(manifest.get("version"), int) or manifest["version"] > VERSION:
        raise RestoreError(
            f"The export has format version {manifest.get('version')}; this version of "
            f"InProcedere reads up to {VERSION}. Restore with the version that exported it."
        )
    return manifest


def _safe(directory: Path, relative: str) -> Path:
    path = (directory / relative).resolve()
    if directory.resolve() not in path.parents:
        raise RestoreError(f"The manifest names a file outside the export: {relative}")
    return path


def verify(directory: Path, manifest: dict) -> None:
    """Every listed file is there and has its checksum."""
    bad = []
    for entry in manifest.get("tables", []):
        path = _safe(directory, entry["file"])
        if not path.is_file() or _sha256(path) != entry["sha256"]:
            bad.append(entry["file"])
    for entry in manifest.get("media", []):
        path = _safe(directory, "media/" + entry["path"])
        if not path.is_file() or _sha256(path) != entry["sha256"]:
            bad.append("media/" + entry["path"])
    if bad:
        raise RestoreError(
            "These files are missing or do not match their checksum: " + ", ".join(bad[:20])
        )


def _check_schema(manifest: dict, using: str) -> None:
    here = set(applied_migrations(using))
    there = set(manifest.get("migrations", []))
    if here != there:
        missing, extra = sorted(there - here), sorted(here - there)
        raise RestoreError(
            "The database's schema is not the export's. Migrate to the same version first "
            "(inprocedere migrate with the same release). "
            + (f"Not applied here: {', '.join(missing[:10])}. " if missing else "")
            + (f"Applied here but not in the export: {', '.join(extra[:10])}." if extra else "")
        )
    known = {label(model) for model in exported_models()}
    unknown = [e["model"] for e in manifest.get("tables", []) if e["model"] not in known]
    if unknown:
        raise RestoreError(f"The export has tables this installation lacks: {', '.join(unknown)}")


def check_empty(using: str = "default") -> None:
    filled = [
        label(model)
        for model in exported_models()
        if label(model) not in SEEDED_BY_MIGRATIONS and model._base_manager.using(using).exists()
    ]
    if filled:
        raise RestoreError(
            "The database is not empty (rows in "
            + ", ".join(filled[:10])
            + (" …" if len(filled) > 10 else "")
            + "). Restore only into a new database: create it, run inprocedere migrate, "
            "then restore."
        )


def _check_media(directory: Path, manifest: dict) -> None:
    root = Path(settings.MEDIA_ROOT)
    clashes = []
    for entry in manifest.get("media", []):
        target = root / entry["path"]
        if target.exists() and _sha256(target) != entry["sha256"]:
            clashes.append(entry["path"])
    if clashes:
        raise RestoreError(
            f"Files in {root} would be overwritten: {', '.join(clashes[:10])}. Restore into "
            "an empty upload folder (INPROCEDERE_VAR_DIR)."
        )


def _rows(path: Path, model_label: str):
    with path.open("r", encoding="utf-8") as reader:
        header = json.loads(reader.readline() or "null")
        if not isinstance(header, dict) or header.get("model") != model_label:
            raise RestoreError(f"{path.name}: the first line is not the header of {model_label}.")
        for number, line in enumerate(reader, start=2):
            try:
                yield json.loads(line)
            except ValueError:
                raise RestoreError(f"{path.name}, line {number}: not JSON.") from None


def _load_table(directory: Path, entry: dict, using: str) -> int:
    model = apps.get_model(entry["model"])
    fields = columns(model)
    connection = connections[using]
    manager = model._base_manager.using(using)
    batch, loaded = [], 0
    size = max(1, min(500, connection.ops.bulk_batch_size(fields, [None] * 500)))

    def flush():
        # `raw`: the values as exported (auto_now fields included), no save() hooks.
        manager._insert(batch, fields=fields, raw=True, using=using)
        batch.clear()

    for row in _rows(_safe(directory, entry["file"]), entry["model"]):
        batch.append(decode(model, row, fields))
        loaded += 1
        if len(batch) >= size:
            flush()
    if batch:
        flush()
    if loaded != entry["rows"]:
        raise RestoreError(f"{entry['file']}: {loaded} rows, the manifest says {entry['rows']}.")
    return loaded


def restore(directory, *, using: str = "default", progress=None) -> dict:
    """Restore the export in `directory`; returns {table: rows}."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    verify(directory, manifest)
    _check_schema(manifest, using)
    check_empty(using)
    _check_media(directory, manifest)
    connection = connections[using]
    loaded = {}
    with transaction.atomic(using=using):
        for model_label in sorted(SEEDED_BY_MIGRATIONS):
            apps.get_model(model_label)._base_manager.using(using).all()._raw_delete(using)
        for entry in manifest["tables"]:
            loaded[entry["model"]] = _load_table(directory, entry, using)
            if progress:
                progress(entry["model"], loaded[entry["model"]])
        # Indexes that live outside the models (SQLite's search table) are rebuilt.
        derived.refresh(None, only=REBUILT_AFTER_RESTORE)
        statements = connection.ops.sequence_reset_sql(no_style(), exported_models())
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
    root = Path(settings.MEDIA_ROOT)
    for entry in manifest.get("media", []):
        target = root / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(_safe(directory, "media/" + entry["path"]), target)
    return loaded
