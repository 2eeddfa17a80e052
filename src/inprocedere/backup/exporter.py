"""`export_all(directory)`: every table as JSON Lines, the uploaded files, a manifest.

Layout of the directory::

    manifest.json                      format, version, migrations, row counts, checksums
    tables/<app>.<model>.jsonl         line 1: a header; then one row per line, by pk
    media/<path>                       the uploaded files (MEDIA_ROOT)

Streams: rows are read with a server-side cursor (PostgreSQL) or in chunks (SQLite)
and written line by line; files are copied in blocks; nothing holds a whole table.
The tables are read in one transaction (REPEATABLE READ on PostgreSQL), so the export
is one consistent moment even while people keep working.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.conf import settings
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .rows import FORMAT, VERSION, columns, encode, exported_models, file_name, label

CHUNK = 2000
BLOCK = 1024 * 1024


class ExportError(Exception):
    pass


class _HashingWriter:
    def __init__(self, path: Path):
        self.file = path.open("wb")
        self.sha256 = hashlib.sha256()
        self.bytes = 0

    def write_line(self, data) -> None:
        # Sorted keys: PostgreSQL (jsonb) and SQLite keep the keys of JSON values in
        # different orders; sorted, the same data give the same bytes on both.
        line = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        line = (line + "\n").encode()
        self.file.write(line)
        self.sha256.update(line)
        self.bytes += len(line)

    def close(self):
        self.file.close()


@dataclass
class Manifest:
    tables: list = field(default_factory=list)
    media: list = field(default_factory=list)


def applied_migrations(using="default") -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _prepare(directory: Path) -> None:
    if directory.exists() and any(directory.iterdir()):
        raise ExportError(f"{directory} is not empty; export into a new or empty directory.")
    (directory / "tables").mkdir(parents=True, exist_ok=True)


def _export_table(model, directory: Path, using: str) -> dict:
    fields = columns(model)
    name = file_name(model)
    writer = _HashingWriter(directory / "tables" / name)
    rows = 0
    try:
        writer.write_line(
            {
                "format": FORMAT,
                "version": VERSION,
                "model": label(model),
                "fields": [f.attname for f in fields],
            }
        )
        queryset = model._base_manager.using(using).order_by("pk")
        for obj in queryset.iterator(chunk_size=CHUNK):
            writer.write_line(encode(obj, fields))
            rows += 1
    finally:
        writer.close()
    return {
        "model": label(model),
        "file": f"tables/{name}",
        "rows": rows,
        "sha256": writer.sha256.hexdigest(),
    }


def _copy_media(directory: Path) -> list[dict]:
    root = Path(settings.MEDIA_ROOT)
    copied = []
    if not root.is_dir():
        return copied
    for dirpath, _dirnames, filenames in sorted(os.walk(root)):
        for filename in sorted(filenames):
            source = Path(dirpath) / filename
            relative = source.relative_to(root).as_posix()
            target = directory / "media" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with source.open("rb") as reader, target.open("wb") as writer:
                while block := reader.read(BLOCK):
                    digest.update(block)
                    writer.write(block)
            shutil.copystat(source, target)
            copied.append(
                {"path": relative, "bytes": target.stat().st_size, "sha256": digest.hexdigest()}
            )
    return copied


@contextmanager
def _snapshot(connection, using):
    """One consistent view of every table for the whole export.

    PostgreSQL: a REPEATABLE READ, READ ONLY transaction. SQLite: a plain (deferred) read
    transaction, which in WAL mode keeps its snapshot while others keep writing; Django's
    own transactions are IMMEDIATE here and would make every save wait for the export.
    Inside an outer transaction (tests) that transaction is the snapshot."""
    if connection.in_atomic_block:
        with transaction.atomic(using=using):
            yield
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
    else:
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield


def export_all(directory, *, using="default", progress=None) -> dict:
    """Write the export into `directory` (new or empty); returns the manifest."""
    directory = Path(directory)
    _prepare(directory)
    connection = connections[using]
    tables = []
    with _snapshot(connection, using):
        migrations = applied_migrations(using)
        for model in exported_models():
            tables.append(_export_table(model, directory, using))
            if progress:
                progress(tables[-1])
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "django": django.get_version(),
        "migrations": migrations,
        "tables": tables,
        "media": _copy_media(directory),
    }
    (directory / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest
