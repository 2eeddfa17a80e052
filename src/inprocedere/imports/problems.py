"""What can be wrong with a sheet: one message per code, rendered in the reader's language.

A run stores its problems as (row, column, code, params), not as text, so the same report
reads in German on the page and in English for an API client that asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

ERROR = "error"
WARNING = "warning"

MESSAGES = {
    # the file as a whole
    "file_empty": _("The file is empty."),
    "file_too_large": _(
        "The file is %(size)s MB large; at most %(limit)s MB can be imported at once. "
        "Please split it."
    ),
    "file_old_excel": _(
        "This is an old Excel file (.xls). Please save it as Excel workbook (.xlsx) or as "
        "CSV UTF-8 and upload that."
    ),
    "file_not_table": _("This is neither a CSV file nor an Excel workbook (.xlsx)."),
    "file_not_xlsx": _("The file is a ZIP archive but not a readable Excel workbook (.xlsx)."),
    "file_encoding": _(
        "The file is not encoded as UTF-8. In Excel choose “Save as” → “CSV UTF-8 "
        "(comma delimited)”."
    ),
    "file_encoding_at": _(
        "The file is not encoded as UTF-8 (first noticed in row %(row)s). In Excel choose "
        "“Save as” → “CSV UTF-8 (comma delimited)”."
    ),
    "file_csv_broken": _(
        "The CSV file cannot be read from row %(row)s on (a quote is not closed)."
    ),
    "file_unpacked_too_large": _(
        "The workbook unpacks to more than %(limit)s MB; that many cannot be imported at "
        "once. Please split it or save it as CSV UTF-8."
    ),
    "file_too_many_rows": _(
        "The sheet has more than %(limit)s rows; that many cannot be imported at once. "
        "Please split it."
    ),
    "file_too_many_columns": _(
        "Row %(row)s has cells beyond column %(limit)s; a participant sheet has far fewer "
        "columns. Please delete the columns that do not belong to it."
    ),
    "file_cell_too_long": _(
        "Row %(row)s holds a cell of more than %(limit)s characters; no column of the sheet "
        "takes that much."
    ),
    "file_too_slow": _(
        "Reading the sheet took longer than %(seconds)s seconds (it stopped at row "
        "%(row)s). Please split it into smaller sheets."
    ),
    "no_rows": _("The file has a header row but no participant rows."),
    "missing_column": _("The required column “%(column)s” is missing."),
    "unknown_column": _("Unknown column “%(header)s”: ignored."),
    "repeated_column": _("The column “%(column)s” appears twice (“%(header)s”)."),
    "too_many_problems": _(
        "%(count)s further problems are not listed. Please correct the ones above and try again."
    ),
    # one cell
    "required": _("This cell must not be empty."),
    "formula": _(
        "The cell begins with “%(char)s”, as a spreadsheet formula does; formulas are not "
        "imported. Please enter the value itself."
    ),
    "too_long": _("At most %(limit)s characters, please."),
    "control_characters": _("The cell contains control characters."),
    "bad_choice": _("“%(value)s” is not a known value; use one of: %(choices)s."),
    "bad_date": _("“%(value)s” is not a date (YYYY-MM-DD or DD.MM.YYYY)."),
    "impossible_date": _("“%(value)s” does not exist in the calendar."),
    "partial_not_allowed": _("“%(value)s” lacks the day; this date must be complete."),
    "bad_partial_date": _("“%(value)s” is not a date (YYYY-MM-DD, YYYY-MM, YYYY or DD.MM.YYYY)."),
    "future_date": _("%(value)s lies in the future."),
    "too_old_date": _("%(value)s lies before 1900."),
    "bad_country": _("“%(value)s” is not an ISO 3166 country code (e.g. SY, AF, ER)."),
    "stateless_and_country": _("A stateless person has no citizenship; remove one or the other."),
    "bad_isced": _("“%(value)s” is not an ISCED level (0 to 8)."),
    "bad_hours": _("“%(value)s” is not a number of hours (e.g. 12 or 12,5)."),
    "hours_out_of_range": _("Enter between 0 and %(max)s hours."),
    "unknown_status": _("“%(value)s” is not a residence status code of the reference data."),
    "status_not_in_force": _(
        "The residence status “%(value)s” was not in force on the entry date %(date)s."
    ),
    "status_too_long": _(
        "“%(value)s” is granted for %(months)s months at most (until %(date)s from the entry)."
    ),
    "status_fixed_end": _("“%(value)s” ends on %(date)s at the latest."),
    "before_entry": _("%(value)s lies before the entry date %(date)s."),
    "needs_exit": _("This needs an exit date."),
    "required_status": _("A validity date needs the residence status it belongs to."),
    "needs_status_6_months": _(
        "Whether the situation improved needs the status six months after leaving."
    ),
    "needs_status_upon_leaving": _("An exit needs the status upon leaving."),
    "follow_up_not_due": _(
        "Six months after the exit (%(date)s) have not passed yet; leave this empty for now."
    ),
    "duplicate_row": _("This row repeats row %(row)s exactly."),
    "same_entry_twice": _(
        "Participant %(ref)s enters on %(date)s in row %(row)s already (one row per entry)."
    ),
    "other_person": _(
        "Participant %(ref)s has another %(field)s in row %(row)s (“%(value)s”). "
        "One participant_ref, one person."
    ),
    "reentry_without_exit": _(
        "Participant %(ref)s re-enters on %(date)s, but the earlier entry of %(earlier)s "
        "has no exit before that date."
    ),
    "overlapping_entries": _(
        "Participant %(ref)s re-enters on %(date)s, before the exit (%(exit)s) of the earlier "
        "entry of %(earlier)s."
    ),
    "registered_differs": _(
        "Participant %(ref)s is registered with another %(field)s; the register is not "
        "changed by the import (correct it on the participant's page if need be)."
    ),
    "entry_differs": _(
        "The entry of %(date)s is recorded already with another %(field)s (“%(value)s”); "
        "it is left as recorded."
    ),
    "possible_duplicate": _(
        "May be registered already: %(candidates)s. The import registers a new person; "
        "please review the duplicate candidates afterwards."
    ),
    "duplicate_check_skipped": _(
        "%(count)s new people: too many to compare with the register at import; review the "
        "duplicate candidates afterwards."
    ),
    "service": _("%(text)s"),
}


@dataclass
class Problem:
    row: int | None
    column: str
    code: str
    params: dict = field(default_factory=dict)
    level: str = ERROR

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code]) % self.params if self.params else str(MESSAGES[self.code])

    def as_stored(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "params": self.params,
            "level": self.level,
        }

    @classmethod
    def from_stored(cls, data: dict) -> Problem:
        return cls(
            data.get("row"),
            data.get("column", ""),
            data.get("code", "service"),
            data.get("params") or {},
            data.get("level", ERROR),
        )

    def as_json(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "level": self.level,
            "code": self.code,
            "message": self.message,
        }
