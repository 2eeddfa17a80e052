from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .partial_dates import PartialDate, PartialDateError


class PartialDateFormField(forms.CharField):
    default_error_messages = {
        "invalid": _("Enter a date as DD.MM.YYYY, MM/YYYY or YYYY (or YYYY-MM-DD, YYYY-MM)."),
        "future": _("This date lies in the future."),
    }

    def __init__(self, *, allow_future=False, **kwargs):
        # The length limit belongs on the input, not on the cleaned PartialDate value.
        kwargs.pop("max_length", None)
        self.allow_future = allow_future
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": "10"}

    def prepare_value(self, value):
        return value.display() if isinstance(value, PartialDate) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            parsed = PartialDate.parse(value)
        except PartialDateError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not self.allow_future and parsed.is_in_future(timezone.localdate()):
            raise ValidationError(self.error_messages["future"], code="future")
        return parsed


class PartialDateField(models.CharField):
    """A `PartialDate`, stored as ISO text ('1990', '1990-05', '1990-05-17') so it sorts."""

    description = _("Date, possibly known only to the month or year")

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 10
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["max_length"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if not value:
            return None
        return PartialDate.parse(value)

    def to_python(self, value):
        if value is None or isinstance(value, PartialDate):
            return value
        if not value:
            return None
        try:
            return PartialDate.parse(str(value))
        except PartialDateError:
            raise ValidationError(
                PartialDateFormField.default_error_messages["invalid"], code="invalid"
            ) from None

    def get_prep_value(self, value):
        value = self.to_python(value)
        return value.isoformat() if value is not None else ("" if not self.null else None)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return value.isoformat() if value else ""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PartialDateFormField, **kwargs})
