"""Small shapes shared by several endpoints."""

from ninja import Field, Schema


class PhoneOut(Schema):
    e164: str = Field(description="International format for dialling and links, e.g. +4972745312.")
    national: str = Field(description="German national format for display, e.g. 07274 53312.")


def phone_out(number) -> PhoneOut | None:
    """A PhoneNumber (or an empty field) as both formats."""
    if not number:
        return None
    return PhoneOut(e164=number.as_e164, national=number.as_national)


class Choice(Schema):
    value: str
    label: str = Field(description="In the language of the request.")


def choice(model_instance, field: str) -> Choice:
    value = getattr(model_instance, field)
    label = getattr(model_instance, f"get_{field}_display")()
    return Choice(value=value, label=str(label))


class Detail(Schema):
    """The body of every error response."""

    detail: str | list[dict] = Field(
        description="A message in the language of the request, or a list of field errors "
        "({loc, msg, type}) for 422."
    )
