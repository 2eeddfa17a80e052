"""`{{ code|language_name }}`, `{{ codes|language_names }}`: languages by name, not code."""

from django import template

from inprocedere.core.names import language_name

register = template.Library()


@register.filter(name="language_name")
def language_name_filter(code) -> str:
    return language_name(str(code or ""))


@register.filter
def language_names(codes) -> str:
    """A list of codes as names, joined: "Arabisch, Deutsch"."""
    return ", ".join(language_name(str(code)) for code in codes or () if code)
