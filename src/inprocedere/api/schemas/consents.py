"""Consents as JSON: who may receive which data categories for which purposes, until when.

The scan is not part of the API (upload and download on the pages only); `has_scan`
says whether one is stored."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from .common import Choice, choice
from .directory import OrganisationRef
from .strict import In

SLUG = r"^[a-z0-9-]{1,100}$"
CODE = r"^[a-z_]{1,40}$"


class ConsentIn(In):
    recipients: list[str] = Field(
        default_factory=list,
        max_length=100,
        description="Slugs of the recipient organisations; may be empty only for a consent "
        "whose sole purpose is esf_monitoring.",
    )
    categories: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="Data categories: identity, contact, residence, benefits, education_work, "
        "counselling, special (special only with form written or electronic).",
    )
    purposes: list[str] = Field(
        ...,
        max_length=20,
        description="referral, case_conference, placement, counselling, esf_monitoring.",
    )
    form: str = Field("written", max_length=20, description="written, electronic or oral.")
    form_version: str = Field("", max_length=20, pattern=r"^[^\x00]*$")
    language: str = Field("de", max_length=5, description="Language of the form (ISO 639-1).")
    signed_on: dt.date
    valid_until: dt.date | None = None


class ConsentWithdrawIn(In):
    withdrawn_on: dt.date = Field(description="The day the person withdrew the consent.")


class ConsentOut(Schema):
    id: int
    participant_id: int
    recipients: list[OrganisationRef]
    categories: list[str]
    purposes: list[str]
    form: Choice
    form_version: str
    language: str
    signed_on: dt.date
    valid_until: dt.date | None
    withdrawn_on: dt.date | None
    valid_today: bool = Field(description="Signed, not expired and not withdrawn today.")
    has_scan: bool
    recording_organisation: OrganisationRef
    created_at: dt.datetime

    @staticmethod
    def resolve_recipients(obj):
        return list(obj.recipients.all())

    @staticmethod
    def resolve_form(obj):
        return choice(obj, "form")

    @staticmethod
    def resolve_valid_today(obj):
        return obj.is_valid_on()

    @staticmethod
    def resolve_has_scan(obj):
        return bool(obj.scan)
