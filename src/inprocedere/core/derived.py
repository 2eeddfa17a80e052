"""Data derived from a person's record, kept by the app that owns it, refreshed in one call.

Several apps keep something computed from a participant's record: the search text and
name keys (participants), the duplicate-detection keys and candidate pairs (duplicates),
whatever access structure the policy keeps (privacy). Each registers a refresher in its
`AppConfig.ready`; whoever changes people's records calls `refresh(ids)` in the same
transaction, so no writer needs to know who derives what (and `core`, which imports no
app, holds only the registry). Bulk writers (the import, the scale generator) call it
once per chunk of ids; `refresh(None)` recomputes everything, e.g. after an upgrade.

A refresher takes a list of participant ids, or None for "all", and must work on sets
(a constant number of queries per chunk), never one query per person.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

Refresher = Callable[[list[int] | None], object]


@dataclass(frozen=True)
class _Entry:
    name: str
    refresh: Refresher
    order: int


_REGISTRY: dict[str, _Entry] = {}


def register(name: str, refresher: Refresher, *, order: int = 100) -> None:
    """Register (or replace) the refresher called `name`; lower `order` runs first (a
    refresher that reads another's output registers after it)."""
    _REGISTRY[name] = _Entry(name, refresher, order)


def registered() -> list[str]:
    return [entry.name for entry in _entries()]


def refresh(participant_ids: Iterable[int] | None, *, only: Iterable[str] | None = None) -> None:
    """Bring every registered derived structure of these participants (None: of all) up to
    date. `only` names the refreshers to run (default: all, in their order)."""
    ids = None if participant_ids is None else sorted({int(pk) for pk in participant_ids if pk})
    if ids is not None and not ids:
        return
    wanted = None if only is None else set(only)
    unknown = (wanted or set()) - set(_REGISTRY)
    if unknown:
        raise LookupError(f"no derived data called {', '.join(sorted(unknown))}")
    for entry in _entries():
        if wanted is None or entry.name in wanted:
            entry.refresh(ids)


def _entries() -> list[_Entry]:
    return sorted(_REGISTRY.values(), key=lambda entry: (entry.order, entry.name))
