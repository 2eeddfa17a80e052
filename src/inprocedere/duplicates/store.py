"""The model in force and the name frequencies, as the one-pair-at-a-time path reads them.

The parameters are read once per process and again when a newer `LinkageModel` row
appears (one indexed query per refresh, not per pair). Name frequencies are looked up
for exactly the names of the records at hand, in one query.
"""

from __future__ import annotations

import copy
import threading

from django.conf import settings

from .model import Params
from .models import LinkageModel, NameFrequency

MIN_COUNT = 5  # names rarer than this are not stored (a count of one is identifying)
MIN_RECORDS = 1000  # below, how common a name is says nothing: no term frequencies

_lock = threading.Lock()
_cache: dict = {"pk": None, "params": None}


def threshold_override() -> float | None:
    value = getattr(settings, "INPROCEDERE_DUPLICATES_THRESHOLD", None)
    return float(value) if value not in (None, "") else None


DUPLICATE_SHARE = 0.05  # before training: about one record in twenty has a duplicate


def _register_size() -> int:
    """About how many people the register holds: PostgreSQL's estimate where the table
    has been analysed (no count of a million rows per request), else a count."""
    from django.db import connection

    from inprocedere.participants.models import Participant

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE relname = %s",
                [Participant._meta.db_table],
            )
            row = cursor.fetchone()
        if row and row[0] and row[0] > 0:
            return int(row[0])
    return Participant.unrestricted.count()


def default_prior(size: int) -> float:
    """λ before training: about `DUPLICATE_SHARE` of the records have a duplicate."""
    size = max(size, 10)
    return min(2 * DUPLICATE_SHARE / (size - 1), 0.5)


def current() -> Params:
    """The newest trained parameters, or the defaults of a new installation (whose prior
    follows the size of the register: λ = 2·share/(N−1) for `DUPLICATE_SHARE`)."""
    # The id only (an index lookup); the parameters are read again only when they change.
    pk = LinkageModel.objects.order_by("-trained_at", "-pk").values_list("pk", flat=True).first()
    with _lock:
        if _cache["params"] is None or _cache["pk"] != pk:
            stored = LinkageModel.objects.filter(pk=pk).values_list("params", flat=True).first()
            params = Params.from_json(stored) if stored else Params.default()
            _cache.update(pk=pk, params=params)
        params = copy.copy(_cache["params"])
        params.facts = dict(params.facts)
    if params.source == "default":
        params.prior = default_prior(int(params.facts.get("records") or 0) or _register_size())
    override = threshold_override()
    if override is not None:
        params.threshold = override
    return params


def save(params: Params) -> LinkageModel:
    return LinkageModel.objects.create(params=params.as_json())


class Frequencies:
    """share(kind, normal form) of the names of some records, loaded in one query.

    A name not in the table is rare (fewer than MIN_COUNT records), and counts as that
    rare; before the first batch run the table is empty and every name weighs the
    level's average (None)."""

    def __init__(self, values: dict[str, set[str]], params: Params):
        self.records = int(params.facts.get("records") or 0)
        if self.records < MIN_RECORDS:
            self.records = 0
        self.found: dict[tuple[str, str], int] = {}
        wanted = [(kind, value) for kind, names in values.items() for value in names if value]
        if self.records and wanted:
            rows = NameFrequency.objects.filter(
                kind__in=list(values), value__in=[value for _kind, value in wanted]
            ).values_list("kind", "value", "count")
            self.found = {(kind, value): count for kind, value, count in rows}

    def __call__(self, kind: str, value: str) -> float | None:
        if not self.records or not value:
            return None
        count = self.found.get((kind, value), MIN_COUNT - 1)
        return count / self.records


def frequencies_for(records, params: Params) -> Frequencies:
    values: dict[str, set[str]] = {"given": set(), "family": set()}
    for record in records:
        for spelling in record.spellings:
            values["given"].add(spelling.given.normal)
            values["family"].add(spelling.family.normal)
    return Frequencies(values, params)


def storing_floor() -> float:
    """Pairs are kept from this match probability (the review list can be widened to it);
    below, they are not worth a row."""
    value = getattr(settings, "INPROCEDERE_DUPLICATES_KEEP_FROM", None)
    return float(value) if value not in (None, "") else 0.5
