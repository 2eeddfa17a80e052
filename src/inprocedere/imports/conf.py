"""The import's settings, read from Django settings or the environment (docs/import.md)."""

import os
from pathlib import Path

from django.conf import settings

MB = 1024 * 1024


def _setting(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, "")
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def max_bytes() -> int:
    """Largest sheet accepted (default 50 MB)."""
    return _setting("INPROCEDERE_IMPORT_MAX_BYTES", 50 * MB)


def max_problems() -> int:
    """Problems listed in a report; the rest are counted (default 1000)."""
    return _setting("INPROCEDERE_IMPORT_MAX_PROBLEMS", 1000)


def background_rows() -> int:
    """Sheets with more rows than this are written in the background (default 500)."""
    return _setting("INPROCEDERE_IMPORT_BACKGROUND_ROWS", 500)


def duplicate_check_max() -> int:
    """Up to this many new people are compared with the register at import (default 2000)."""
    return _setting("INPROCEDERE_IMPORT_DUPLICATE_CHECK_MAX", 2000)


def max_unpacked_bytes() -> int:
    """What a workbook may unpack to, all its ZIP members together (default 256 MB)."""
    return _setting("INPROCEDERE_IMPORT_MAX_UNPACKED_BYTES", 256 * MB)


def max_rows() -> int:
    """Rows of a sheet, the header not counted (default 200,000)."""
    return _setting("INPROCEDERE_IMPORT_MAX_ROWS", 200_000)


def max_columns() -> int:
    """Columns of a sheet, counted to its last filled cell (default 100)."""
    return _setting("INPROCEDERE_IMPORT_MAX_COLUMNS", 100)


def max_cell_chars() -> int:
    """Characters of one cell (default 2,000; the longest column takes 150)."""
    return _setting("INPROCEDERE_IMPORT_MAX_CELL_CHARS", 2000)


def max_seconds() -> int:
    """Wall time of the check of one sheet, in seconds (default 600)."""
    return _setting("INPROCEDERE_IMPORT_MAX_SECONDS", 600)


def background_bytes() -> int:
    """Uploads larger than this are checked in the background (default 1 MB)."""
    return _setting("INPROCEDERE_IMPORT_BACKGROUND_BYTES", MB)


def storage_dir() -> Path:
    """Where uploaded sheets wait between the check and the import (deleted afterwards)."""
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path
