"""Form fields shared by the apps."""

from django import forms

MAX_ID = 2**63 - 1


def plausible_id(value) -> bool:
    """An id the database can compare (SQLite overflows on larger integers, which would
    otherwise end as a server error instead of a form error)."""
    try:
        return 1 <= int(str(value)) <= MAX_ID
    except (TypeError, ValueError):
        return False


class SafeModelChoiceField(forms.ModelChoiceField):
    """A model choice that refuses ids no database row can have before asking for them."""

    def to_python(self, value):
        if (
            value not in self.empty_values
            and self.to_field_name in (None, "pk", "id")
            and not plausible_id(value)
        ):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """The same for several choices."""

    def _check_values(self, value):
        if self.to_field_name in (None, "pk", "id"):
            for pk in value:
                if not plausible_id(pk):
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)
