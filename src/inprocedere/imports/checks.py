"""The services' checks that the write pass calls for every row, with the answer for the
common case kept: a value that passes is let through here, anything else goes to the
service's own function, so every refusal is still the service's, with its message."""

from __future__ import annotations

import datetime as dt


class Checks:
    def __init__(self, today: dt.date):
        self.today = today  # the day the import started
        self._choices: dict = {}

    def known_choice(self, value, choices, field: str, *, blank=False) -> None:
        """`known_choice`, whose `choices.values` Django builds anew on every call: a
        value among them passes here (the set is kept once per import)."""
        from inprocedere.cases.services._common import known_choice

        known = self._choices.get(choices)
        if known is None:
            known = self._choices[choices] = frozenset(choices.values)
        if value not in known:
            known_choice(value, choices, field, blank=blank)

    def not_in_future(self, value, field: str) -> None:
        """`not_in_future`, which asks for the local date on every call: a date up to
        the day the import started passes here (today is no earlier)."""
        from inprocedere.cases.services._common import not_in_future

        if value is not None and value > self.today:
            not_in_future(value, field)
