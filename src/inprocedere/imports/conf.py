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


def storage_dir() -> Path:
    """Where uploaded sheets wait between the check and the import (deleted afterwards)."""
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path
