"""The caller: who the token (or session) belongs to and what they may do."""

import datetime as dt

from ninja import Field, Schema

from .common import Choice
from .directory import PositionRef


class TokenOut(Schema):
    name: str
    prefix: str = Field(description="The first characters of the token, to tell tokens apart.")
    created_at: dt.datetime
    expires_at: dt.datetime


class MeOut(Schema):
    username: str
    display_name: str
    roles: list[Choice] = Field(description="Roles granted by the positions held today.")
    positions: list[PositionRef] = Field(description="Positions held today.")
    token: TokenOut | None = Field(description="The token of this request (none for a session).")
