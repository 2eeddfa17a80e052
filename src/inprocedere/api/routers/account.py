"""The caller's own account: lets a client check its token."""

from django.http import HttpRequest
from ninja import Router

from inprocedere.privacy import policy
from inprocedere.privacy.roles import Role

from ..schemas.account import MeOut
from ..schemas.common import Choice, Detail

router = Router(tags=["account"])


@router.get("/me", response={200: MeOut, 401: Detail})
def get_me(request: HttpRequest):
    """Who this token (or session) acts for: name, roles and positions held today."""
    user = request.user
    actor = policy.actor_for(user)
    labels = dict(Role.choices)
    token = getattr(request, "api_token", None)
    return {
        "username": user.get_username(),
        "display_name": user.display_name,
        "roles": [
            Choice(value=role, label=str(labels[role]))
            for role in sorted(actor.roles)
            if role in labels  # not the pseudo-role "signed_in"
        ],
        "positions": sorted(actor.positions, key=lambda p: (p.organisation.name, p.title)),
        "token": token,
    }
