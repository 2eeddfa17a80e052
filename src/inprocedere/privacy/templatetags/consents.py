from django import template

from inprocedere.privacy import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def consents_of(context, participant):
    """`{% consents_of participant as consents %}`: the person's consents the signed-in
    user may see, through the policy (never `participant.consents.all`)."""
    return list(selectors.consents_for(context["request"].user, participant))
