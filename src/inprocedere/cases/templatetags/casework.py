"""Template helpers of case work."""

from django import template

from inprocedere.privacy import policy

register = template.Library()


@register.filter
def may(user, permission: str) -> bool:
    """`{% if user|may:"case.read" %}`: the policy's answer, without a record."""
    return bool(user and user.is_authenticated and policy.can(user, permission))
