"""`{% navigation as groups %}`: the signed-in user's groups (accounts.navigation)."""

from django import template

from inprocedere.accounts.navigation import navigation as build

register = template.Library()


@register.simple_tag(takes_context=True)
def navigation(context):
    request = context.get("request")
    if request is None or not hasattr(request, "user"):
        return []
    match = getattr(request, "resolver_match", None)
    return build(request.user, match.view_name if match else "")
