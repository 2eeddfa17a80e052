"""The search text of a participant: folded names, aliases and identifiers, plus phonetic
name keys.

`search_text` holds, lower case and without diacritics (network.text.fold, so "Müller"
is stored as "mueller"), every spelling of the name, then the identifiers agencies use
for the person (job-centre number, AZR number, ...), followed by one `~key` per name
part. `lookup` searches it through an index (trigram GIN on PostgreSQL, an FTS5 table
on SQLite). The keys (Match Rating codex, jellyfish) ignore vowels
and doubled letters, so Mohammed, Muhammad, Mohamad and Mohamed share `~mhmd`: the
duplicate warning uses them as a blocking key instead of loading everybody.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import jellyfish

from inprocedere.network.text import fold

KEY_MARK = "~"
# Name particles that say little about who someone is; they get no key of their own.
PARTICLES = frozenset(
    {"al", "el", "ul", "abu", "abd", "bin", "ben", "ibn", "bint", "von", "van", "de", "der", "la"}
)
_NON_LETTERS = re.compile(r"[^a-z]+")


def name_parts(*names: str) -> list[str]:
    """Folded name parts ('Al-Hassan' → ['al', 'hassan']); letters only."""
    parts = []
    for name in names:
        parts.extend(part for part in _NON_LETTERS.split(fold(name)) if part)
    return parts


def name_key(part: str) -> str:
    """The phonetic key of one folded name part ('mohammed' → 'mhmd')."""
    return jellyfish.match_rating_codex(part).lower()


def name_keys(*names: str) -> set[str]:
    return {name_key(part) for part in name_parts(*names) if part not in PARTICLES}


def build_search_text(
    given_names: str, family_name: str, aliases: Iterable = (), identifiers: Iterable[str] = ()
) -> str:
    spellings = [f"{given_names} {family_name}"]
    spellings += [f"{alias.given_names} {alias.family_name}" for alias in aliases]
    words = [" ".join(fold(spelling).split()) for spelling in spellings]
    words += sorted({"".join(fold(value).split()) for value in identifiers if value.strip()})
    keys = " ".join(sorted(KEY_MARK + key for key in name_keys(*spellings)))
    return f" {' '.join(words)} {keys} "


def key_filter_value(key: str) -> str:
    """The text to look for with `search_text__contains` to find a key."""
    return f" {KEY_MARK}{key} "


def refresh_search_text(participants: Iterable) -> None:
    """Recompute and store the search text of `participants` (instances or a queryset).
    Writers call `core.derived.refresh(ids)`, which runs this and whatever other apps
    derive from a person's names (duplicate keys, ...)."""
    from .models import Alias, ExternalIdentifier

    participants = list(participants)
    ids = [p.pk for p in participants]
    by_participant: dict[int, list] = {}
    for alias in Alias.objects.filter(participant__in=ids):
        by_participant.setdefault(alias.participant_id, []).append(alias)
    identifiers: dict[int, list[str]] = {}
    for pk, value in ExternalIdentifier.objects.filter(participant__in=ids).values_list(
        "participant_id", "value"
    ):
        identifiers.setdefault(pk, []).append(value)
    changed = []
    for participant in participants:
        text = build_search_text(
            participant.given_names,
            participant.family_name,
            by_participant.get(participant.pk, []),
            identifiers.get(participant.pk, []),
        )
        if text != participant.search_text:
            participant.search_text = text
            changed.append((participant.pk, text))
    _store(changed)


def _store(changed: list[tuple[int, str]]) -> None:
    """One statement for the whole chunk (a bulk import or the scale generator refreshes
    thousands of people at once), not one UPDATE per person."""
    from django.db import connection

    from .models import Participant

    if not changed:
        return
    table = connection.ops.quote_name(Participant._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} AS p SET search_text = v.text "  # noqa: S608 - model table
                "FROM unnest(%s::bigint[], %s::text[]) AS v(id, text) WHERE p.id = v.id",
                [[pk for pk, _ in changed], [text for _, text in changed]],
            )
        else:
            cursor.executemany(
                f"UPDATE {table} SET search_text = %s WHERE id = %s",  # noqa: S608
                [(text, pk) for pk, text in changed],
            )


CHUNK = 2000


def refresh_search_text_of(participant_ids: list[int] | None) -> None:
    """The refresher registered with `core.derived`: these participants (None: all)."""
    from .models import Participant

    people = Participant.unrestricted.order_by("pk").only(
        "pk", "given_names", "family_name", "search_text"
    )
    if participant_ids is not None:
        people = people.filter(pk__in=participant_ids)
    last = 0
    while True:
        chunk = list(people.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return
        refresh_search_text(chunk)
        last = chunk[-1].pk
