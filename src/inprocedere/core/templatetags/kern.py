"""Render Django form fields with KERN UX classes, keeping Django's own accessibility attributes."""

from django import template

register = template.Library()

_CLASSES = {
    "select": "kern-form-input__select",
    "selectmultiple": "kern-form-input__select",
    "checkbox": "kern-form-check__checkbox",
    "checkboxselectmultiple": "kern-form-check__checkbox",
    "radioselect": "kern-form-check__radio",
}


@register.filter
def kern(field):
    """`{{ field|kern }}`: the widget with the KERN class for its kind (and its error state)."""
    base = _CLASSES.get(field.widget_type, "kern-form-input__input")
    classes = [base]
    if field.errors:
        classes.append(f"{base}--error")
    existing = field.field.widget.attrs.get("class", "")
    if existing:
        classes.append(existing)
    return field.as_widget(attrs={"class": " ".join(classes)})
