"""How much of an uploaded sheet is read at most (issue 16, item 7; docs/import.md).

A sheet can be small on disk and huge when read: a ZIP member that unpacks to hundreds
of megabytes, a declared dimension of a million rows by 16,384 columns, a single cell of
300 MB. Every reading pass therefore carries a Limits; crossing one ends the pass with a
FileProblem whose message names the limit, and nothing is written.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from . import conf


class FileProblem(Exception):
    """The file as a whole cannot be read: `code` names the message (see problems.py)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Limits:
    max_unpacked_bytes: int
    max_rows: int
    max_columns: int
    max_cell_chars: int
    max_seconds: float | None  # None: no deadline (the write pass of a checked sheet)

    @classmethod
    def from_settings(cls, *, deadline: bool = True) -> Limits:
        return cls(
            max_unpacked_bytes=conf.max_unpacked_bytes(),
            max_rows=conf.max_rows(),
            max_columns=conf.max_columns(),
            max_cell_chars=conf.max_cell_chars(),
            max_seconds=conf.max_seconds() if deadline else None,
        )

    def clock(self) -> float:
        return time.monotonic()

    def unpacked_problem(self) -> FileProblem:
        return FileProblem(
            "file_unpacked_too_large", limit=f"{self.max_unpacked_bytes / conf.MB:.0f}"
        )

    def check_row(self, count: int, number: int, started: float) -> None:
        """`count` rows read so far (the header included), the current one is `number`."""
        if count - 1 > self.max_rows:
            raise FileProblem("file_too_many_rows", limit=self.max_rows)
        if (
            self.max_seconds is not None
            and count % 256 == 0
            and time.monotonic() - started > self.max_seconds
        ):
            raise FileProblem("file_too_slow", seconds=int(self.max_seconds), row=number)

    def check_width(self, width: int, number: int) -> None:
        if width > self.max_columns:
            raise FileProblem("file_too_many_columns", row=number, limit=self.max_columns)

    def check_cell(self, text: str, number: int, column: int) -> None:
        if len(text) > self.max_cell_chars:
            raise FileProblem(
                "file_cell_too_long", row=number, column=column, limit=self.max_cell_chars
            )
