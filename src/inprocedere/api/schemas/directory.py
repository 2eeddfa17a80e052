"""The network directory as JSON: regions, topics, funding periods, organisations,
positions and the people who hold them."""

import datetime as dt

from ninja import Field, Schema

from .common import Choice, PhoneOut, choice, phone_out

# --- reference data ------------------------------------------------------------------


class RegionOut(Schema):
    slug: str
    name: str


class TopicOut(Schema):
    slug: str
    name: str = Field(description="In the language of the request (German or English).")
    name_de: str
    name_en: str


class FundingPeriodRef(Schema):
    slug: str
    name: str


class FundingPeriodOut(FundingPeriodRef):
    programme: str
    starts_on: dt.date
    ends_on: dt.date


class OrganisationRef(Schema):
    slug: str
    name: str
    short_name: str


# --- organisations -------------------------------------------------------------------


class AddressOut(Schema):
    street: str
    postcode: str
    city: str


class MembershipOut(Schema):
    funding_period: FundingPeriodRef
    role: Choice

    @staticmethod
    def resolve_role(obj):
        return choice(obj, "role")


class SubProjectOut(Schema):
    id: int
    name: str
    side: Choice
    region: RegionOut
    funding_period: FundingPeriodRef

    @staticmethod
    def resolve_side(obj):
        return choice(obj, "side")


class MandateText(Schema):
    does: str = Field(description="What the organisation does.")
    cannot: str = Field(description="What it cannot do.")
    legal_basis: str


class MandateOut(MandateText):
    """The mandate in the language of the request, plus both translations."""

    de: MandateText
    en: MandateText


def _mandate(obj, lang: str) -> MandateText:
    return MandateText(
        does=getattr(obj, f"mandate_does_{lang}"),
        cannot=getattr(obj, f"mandate_cannot_{lang}"),
        legal_basis=getattr(obj, f"legal_basis_{lang}"),
    )


class OrganisationOut(OrganisationRef):
    kind: Choice
    regions: list[RegionOut]
    address: AddressOut
    phone: PhoneOut | None = Field(description="The switchboard.")
    email: str
    website: str
    memberships: list[MembershipOut] = Field(description="Roles in the network, per period.")

    @staticmethod
    def resolve_kind(obj):
        return choice(obj, "kind")

    @staticmethod
    def resolve_regions(obj):
        return obj.regions.all()

    @staticmethod
    def resolve_address(obj):
        return AddressOut(street=obj.street, postcode=obj.postcode, city=obj.city)

    @staticmethod
    def resolve_phone(obj):
        return phone_out(obj.phone)

    @staticmethod
    def resolve_memberships(obj):
        return obj.memberships.all()


class OrganisationDetailOut(OrganisationOut):
    version: int = Field(description="Send it back with a change (PATCH).")
    mandate: MandateOut
    subprojects: list[SubProjectOut]

    @staticmethod
    def resolve_mandate(obj):
        return MandateOut(
            does=obj.mandate_does,
            cannot=obj.mandate_cannot,
            legal_basis=obj.legal_basis,
            de=_mandate(obj, "de"),
            en=_mandate(obj, "en"),
        )

    @staticmethod
    def resolve_subprojects(obj):
        return obj.subprojects.all()


# --- positions and people ------------------------------------------------------------


class HolderOut(Schema):
    id: int
    name: str
    phone: PhoneOut | None = Field(description="The holder's personal direct dial.")
    email: str

    @staticmethod
    def resolve_name(obj):
        return obj.full_name

    @staticmethod
    def resolve_phone(obj):
        return phone_out(obj.phone)


class DeputyOut(Schema):
    id: int
    title: str
    organisation: OrganisationRef
    phone: PhoneOut | None
    email: str
    vacant: bool
    holders: list[HolderOut]

    @staticmethod
    def resolve_phone(obj):
        return phone_out(obj.phone)

    @staticmethod
    def resolve_vacant(obj):
        return obj.is_vacant


class PositionOut(Schema):
    id: int
    title: str
    organisation: OrganisationRef
    topics: list[TopicOut]
    regions: list[RegionOut] = Field(
        description="Regions served: the position's own, or its organisation's if it names none."
    )
    phone: PhoneOut | None = Field(description="The position's direct dial.")
    email: str = Field(description="The position's functional mailbox.")
    vacant: bool
    holders: list[HolderOut] = Field(description="The people holding the position today.")
    deputy: DeputyOut | None

    @staticmethod
    def resolve_topics(obj):
        return obj.topics.all()

    @staticmethod
    def resolve_regions(obj):
        return list(obj.regions.all()) or list(obj.organisation.regions.all())

    @staticmethod
    def resolve_phone(obj):
        return phone_out(obj.phone)

    @staticmethod
    def resolve_vacant(obj):
        return obj.is_vacant


class PositionRef(Schema):
    id: int
    title: str
    organisation: OrganisationRef


class PersonRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj):
        return obj.full_name


class TenureOut(Schema):
    id: int
    person: PersonRef
    starts_on: dt.date
    ends_on: dt.date | None
    end_reason: Choice | None

    @staticmethod
    def resolve_end_reason(obj):
        return choice(obj, "end_reason") if obj.end_reason else None


class PositionTitle(Schema):
    id: int
    title: str


class PositionDetailOut(PositionOut):
    version: int = Field(description="Send it back with a change (PATCH).")
    tenures: list[TenureOut] = Field(description="Who held the position when, newest first.")
    deputy_for: list[PositionTitle] = Field(description="Positions this one deputises for.")

    @staticmethod
    def resolve_tenures(obj):
        return obj.all_tenures

    @staticmethod
    def resolve_deputy_for(obj):
        return obj.deputised.all()


class PersonOut(Schema):
    id: int
    name: str
    title: str
    given_name: str
    family_name: str
    phone: PhoneOut | None = Field(description="Personal direct dial.")
    email: str
    positions: list[PositionRef] = Field(description="Positions held today.")

    @staticmethod
    def resolve_name(obj):
        return obj.full_name

    @staticmethod
    def resolve_phone(obj):
        return phone_out(obj.phone)

    @staticmethod
    def resolve_positions(obj):
        return [tenure.position for tenure in obj.current_tenures]


class PersonTenureOut(Schema):
    position: PositionRef
    starts_on: dt.date
    ends_on: dt.date | None
    end_reason: Choice | None

    @staticmethod
    def resolve_end_reason(obj):
        return choice(obj, "end_reason") if obj.end_reason else None


class PersonDetailOut(PersonOut):
    version: int = Field(description="Send it back with a change (PATCH).")
    tenures: list[PersonTenureOut] = Field(description="All positions held, newest first.")

    @staticmethod
    def resolve_tenures(obj):
        return obj.all_tenures
