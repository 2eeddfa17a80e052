"""The permission vocabulary: every action the policy answers for, and the roles it needs.

Asking about a name that is not registered is a programming error and raises, instead of
quietly answering "no". Apps register their own permissions (cooperation, reporting).
"""

from __future__ import annotations

from dataclasses import dataclass

from .roles import Role

SIGNED_IN = "signed_in"  # pseudo-role: any authenticated account


class UnknownPermission(LookupError):
    pass


@dataclass(frozen=True)
class Permission:
    name: str
    roles: frozenset[str]
    description: str = ""


_REGISTRY: dict[str, Permission] = {}


def register(name: str, roles, description: str = "") -> Permission:
    permission = Permission(name, frozenset(roles), description)
    _REGISTRY[name] = permission
    return permission


def permission(name: str) -> Permission:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownPermission(name) from None


def registered() -> dict[str, Permission]:
    return dict(_REGISTRY)


register("directory.read", {SIGNED_IN}, "Read the network directory")
register("directory.edit", {Role.COORDINATOR, Role.ADMINISTRATOR}, "Edit the network directory")
register("account.tokens", {SIGNED_IN}, "Manage one's own API tokens")
register("audit.read", {Role.ADMINISTRATOR, Role.DPO}, "Read the audit log")

CASE_ROLES = {Role.CASE_WORKER, Role.TEAM_LEAD, Role.AUTHORITY_OFFICER, Role.JOBCENTRE_OFFICER}
# Every action of case work needs one of the case roles; the record's reach (reach.py)
# decides the rest. One row per action: name, description.
for _name, _description in (
    ("participant.register", "Register a participant"),
    ("participant.read", "Read a participant the actor works with"),
    ("participant.edit", "Edit a participant the actor works with"),
    ("referral.read", "Read referrals one's organisation sent or received"),
    ("referral.create", "Refer a participant to another organisation"),
    ("referral.respond", "Accept or decline a referral to one's organisation"),
    ("referral.withdraw", "Withdraw a referral one's organisation sent"),
    ("case.read", "Read a case of one's organisation or case team"),
    ("case.write", "Record case work in a case of one's organisation or team"),
    (
        "case.manage",
        "Manage a case of one's own organisation: details, status, team, handover, exit",
    ),
    ("case.notes.read", "Read confidential notes of a case of one's organisation"),
    ("measure.read", "Read the measures catalogue"),
    ("measure.manage", "Maintain the measures catalogue of one's organisation"),
    ("consent.read", "Read the consents of a participant the actor works with"),
    ("consent.record", "Record a consent of a participant the actor works with"),
    ("consent.withdraw", "Record the withdrawal of a consent"),
    (
        "report.esf.participants",
        "Open an ESF figure to the participants behind it whose case one's organisation owns",
    ),
):
    register(_name, CASE_ROLES, _description)
register(
    "case.overview",
    {Role.COORDINATOR},
    "See the network's cases pseudonymised: stage and organisation, never the person",
)
register(
    "report.esf",
    {Role.COORDINATOR, Role.MINISTRY_READER, Role.TEAM_LEAD},
    "Read the ESF+ indicator report (the ministry: small counts suppressed)",
)
