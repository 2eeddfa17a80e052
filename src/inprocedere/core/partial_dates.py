"""Dates known only to the year or the month, as is common for refugees' birth dates.

A `PartialDate` keeps its precision; calculations either give the range of possible
answers (`age_range_on`) or follow an explicit convention (`earliest`: missing month =
January, missing day = 1st, the ESF monitoring rule).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_GERMAN = re.compile(r"^(?:(\d{1,2})\.)?(\d{1,2})\.(\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{4})$")


class PartialDateError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self):
        if not 1 <= self.year <= 9999:
            raise PartialDateError("year out of range")
        if self.month is None and self.day is not None:
            raise PartialDateError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise PartialDateError("month out of range")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise PartialDateError("day out of range")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """'1990', '1990-05', '1990-05-17', '17.05.1990', '05.1990', '05/1990'."""
        text = (text or "").strip()
        if match := _ISO.match(text):
            year, month, day = match.groups()
        elif match := _GERMAN.match(text):
            day, month, year = match.groups()
        elif match := _MONTH_YEAR.match(text):
            month, year = match.groups()
            day = None
        else:
            raise PartialDateError(f"not a date: {text!r}")
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def isoformat(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def display(self) -> str:
        """German-style display: 17.05.1990, 05/1990, 1990."""
        if self.day:
            return f"{self.day:02d}.{self.month:02d}.{self.year:04d}"
        if self.month:
            return f"{self.month:02d}/{self.year:04d}"
        return f"{self.year:04d}"

    def __str__(self):
        return self.display()

    def age_range_on(self, on: dt.date) -> tuple[int, int]:
        """The youngest and oldest age the person can be on `on`."""
        return age_on(self.latest(), on), age_on(self.earliest(), on)

    def esf_age_on(self, on: dt.date) -> int:
        """Age under the ESF convention: missing month January, missing day the 1st."""
        return age_on(self.earliest(), on)

    def is_in_future(self, today: dt.date) -> bool:
        return self.earliest() > today


def age_on(born: dt.date, on: dt.date) -> int:
    """Completed years; someone born on 29 February turns a year older on 1 March."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
