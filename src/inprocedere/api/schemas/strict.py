"""Request shapes that take JSON types as JSON has them (issue 16, item 10).

Pydantic's lax mode turns `0` into `false`, `"no"` into `false`, `0` into 1 January 1970
and `true` into the number 1. A client that sends those has a bug; taking them silently
writes something it did not mean (a consent valid since 1970). Every request body and
query of the API derives from `In` (bodies) or `QueryIn` (query strings), which refuse
them with a field error (422) before pydantic's conversion runs.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([Zz]|[+-]\d{2}:?\d{2})?$"
)
QUERY_BOOLEANS = {"true": True, "false": False}


def _kind(annotation) -> str | None:
    """bool, datetime, date or int for a field's type (also inside `X | None`)."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        kinds = {_kind(arg) for arg in args if arg is not type(None)}
        return kinds.pop() if len(kinds) == 1 else None
    if annotation is bool:
        return "bool"
    if annotation is dt.datetime:
        return "datetime"
    if annotation is dt.date:
        return "date"
    if annotation is int:
        return "int"
    return None


def _refuse(kind: str):
    messages = {
        "bool": _("Please send true or false."),
        "date": _("Please send a date as YYYY-MM-DD."),
        "datetime": _("Please send a date and time as YYYY-MM-DDTHH:MM[:SS][±HH:MM]."),
        "int": _("Please send a whole number."),
    }
    return PydanticCustomError(f"strict_{kind}", messages[kind])


def strict(cls, value, name: str, *, query: bool):
    field = cls.model_fields.get(name)
    kind = _kind(field.annotation) if field is not None else None
    if kind is None or value is None:
        return value
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if query and isinstance(value, str) and value in QUERY_BOOLEANS:
            return QUERY_BOOLEANS[value]
        raise _refuse(kind)
    if kind in ("date", "datetime"):
        pattern = DATE if kind == "date" else DATETIME
        if isinstance(value, dt.date) or (isinstance(value, str) and pattern.match(value)):
            return value
        raise _refuse(kind)
    if isinstance(value, bool) or (not query and isinstance(value, str)):
        raise _refuse(kind)  # int: JSON's true is no number, nor is "5" in a body
    return value


class In(Schema):
    """A request body."""

    @field_validator("*", mode="before")
    @classmethod
    def _strict_json_types(cls, value, info: ValidationInfo):
        return strict(cls, value, info.field_name, query=False)


class QueryIn(Schema):
    """A query string: booleans are `true` or `false`, dates YYYY-MM-DD."""

    @field_validator("*", mode="before")
    @classmethod
    def _strict_query_types(cls, value, info: ValidationInfo):
        return strict(cls, value, info.field_name, query=True)
