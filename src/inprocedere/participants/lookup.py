"""Finding people by name or identifier in a register of a million, through an index.

`search_text` (see `search`) holds the folded names, aliases and identifiers. A search
asks for every needle (`network.text.needles`) as a substring, which an index answers:
- PostgreSQL: a trigram GIN index (`pg_trgm`, `gin_trgm_ops`) serves `LIKE '%…%'`;
- SQLite: an FTS5 table with the trigram tokenizer (`participants_search`), kept by its
  own refresher in `core.derived` (after the search text's), answers
  `MATCH '"needle" AND …'` with the matching rowids.
Both need needles of three characters or more, which `needles` guarantees (two letters
become " li", the start of a word). Exact words rank first, then word starts, then
other substrings; within a rank, the register's order.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import Case, IntegerField, Value, When
from django.db.models.expressions import RawSQL

from inprocedere.network.text import needles

FTS_TABLE = "participants_search"


def matching(participants, query: str):
    """`participants` narrowed to those whose search text contains every needle of
    `query`, best matches first; unchanged when `query` has no needle."""
    wanted = needles(query)
    if not wanted:
        return participants
    if connections[participants.db].vendor == "sqlite":
        # The FTS table narrows; the column decides. A writer that changed the text
        # without the refresher (an erasure blanking it) can then cause a miss, never a
        # match on words the record no longer holds.
        participants = participants.filter(pk__in=_fts_rowids(wanted))
    for needle in wanted:
        participants = participants.filter(search_text__contains=needle)
    return participants.annotate(search_rank=_rank(wanted)).order_by(
        "search_rank", "family_name", "given_names", "pk"
    )


def _fts_rowids(wanted: list[str]) -> RawSQL:
    # Each needle as an FTS5 string (a quote doubled): a phrase of consecutive trigrams,
    # i.e. the substring itself.
    expression = " AND ".join('"{}"'.format(needle.replace('"', '""')) for needle in wanted)
    return RawSQL(  # noqa: S611 - constant SQL, the expression is a parameter
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608 - constant
        [expression],
    )


def _rank(wanted: list[str]):
    """0 when the leading term is a whole word (or a whole identifier), 1 when a word
    starts with it, 2 otherwise."""
    word = wanted[0].strip()
    return Case(
        When(search_text__contains=f" {word} ", then=Value(0)),
        When(search_text__contains=f" {word}", then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


CHUNK = 500


def refresh_search_index(participant_ids: list[int] | None) -> None:
    """The refresher registered with `core.derived` after the search text (order 11):
    copy these participants' search text (None: everyone's) into the SQLite FTS table.
    Nothing to do on PostgreSQL, whose trigram index follows the column by itself."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        if participant_ids is None:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608 - constant
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, search_text) "  # noqa: S608 - constant
                "SELECT id, search_text FROM participants_participant"
            )
            return
        for start in range(0, len(participant_ids), CHUNK):
            chunk = participant_ids[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)  # noqa: S608
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, search_text) "  # noqa: S608 - constant
                f"SELECT id, search_text FROM participants_participant WHERE id IN ({marks})",
                chunk,
            )
