"""Inbox items as JSON."""

import datetime as dt

from ninja import Field, Schema

from .cases import ParticipantRef, PositionRef


class InboxItemOut(Schema):
    id: int
    kind: str = Field(description="What kind of item: referral_overdue, residence_expiring, …")
    kind_label: str = Field(description="The kind in words (empty for kinds of other apps).")
    title: str
    url: str = Field(description="The page to act on, relative to the site.")
    due_on: dt.date | None
    position: PositionRef | None = Field(description="The position the item belongs to.")
    as_deputy: bool = Field(description="The caller sees it as deputy of a vacant position.")
    personal: bool = Field(description="A personal item of the caller.")
    participant: ParticipantRef | None = Field(
        description="Named only as far as the caller may see; otherwise a pseudonym."
    )
    created_at: dt.datetime
    done_at: dt.datetime | None

    @staticmethod
    def resolve_as_deputy(obj, context):
        from inprocedere.privacy import policy

        request = context["request"]
        return (
            bool(obj.position_id)
            and obj.position_id not in policy.actor_for(request.user).position_ids
        )

    @staticmethod
    def resolve_personal(obj):
        return obj.user_id is not None
