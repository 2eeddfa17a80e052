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
register("participant.register", CASE_ROLES, "Register a participant")
register("participant.read", CASE_ROLES, "Read a participant the actor works with")
register("participant.edit", CASE_ROLES, "Edit a participant the actor works with")
register("referral.read", CASE_ROLES, "Read referrals one's organisation sent or received")
register("referral.create", CASE_ROLES, "Refer a participant to another organisation")
register("referral.respond", CASE_ROLES, "Accept or decline a referral to one's organisation")
register("referral.withdraw", CASE_ROLES, "Withdraw a referral one's organisation sent")
register("case.read", CASE_ROLES, "Read a case of one's organisation or case team")
register("case.write", CASE_ROLES, "Record case work in a case of one's organisation or team")
register(
    "case.manage",
    CASE_ROLES,
    "Manage a case of one's own organisation: details, status, team, handover, exit",
)
register("case.notes.read", CASE_ROLES, "Read confidential notes of a case of one's organisation")
register("measure.read", CASE_ROLES, "Read the measures catalogue")
register("measure.manage", CASE_ROLES, "Maintain the measures catalogue of one's organisation")
register("consent.read", CASE_ROLES, "Read the consents of a participant the actor works with")
register("consent.record", CASE_ROLES, "Record a consent of a participant the actor works with")
register("consent.withdraw", CASE_ROLES, "Record the withdrawal of a consent")
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
register(
    "report.esf.participants",
    CASE_ROLES,
    "Open an ESF figure to the participants behind it whose case one's organisation owns",
)
