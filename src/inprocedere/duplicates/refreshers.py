"""The refresher registered with `core.derived` (name `duplicates.keys`): these
participants one chunk at a time (`candidates.refresh`), or, for None, everybody in one
batch run (`engine.rebuild`)."""

from __future__ import annotations

from .candidates import refresh
from .engine import rebuild


def refresh_derived(participant_ids: list[int] | None):
    return rebuild() if participant_ids is None else refresh(participant_ids)
