"""What a demo seeding leaves behind, and how production gets rid of it.

A database seeded with `inprocedere demo` holds accounts with the published demo
password and ~60 fictional participants. Served in production, the accounts would let
anyone in and the fictional people would mix with real ones in reports and duplicate
checks. `check --deploy` reports both (accounts/checks.py); `inprocedere demo --remove`
removes them. The network directory (organisations, positions, people of the
directory) stays: it is the network of the slides and is edited, not thrown away.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import router, transaction
from django.db.models import Q
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

from inprocedere.participants.models import ExternalIdentifier, Participant

REMOVE_COMMAND = "inprocedere remove-demo"


def demo_usernames() -> list[str]:
    from inprocedere.network.demo_data import DEMO_ACCOUNTS

    return [username for username, _label, _position in DEMO_ACCOUNTS]


def demo_accounts():
    """Active accounts that still open with the demo password (a few hashes, not all users)."""
    users = get_user_model().objects.filter(username__in=demo_usernames(), is_active=True)
    return [user for user in users if user.check_password(settings.DEMO_PASSWORD)]


def demo_participants():
    """The fictional people: each carries an identifier with the demo seeders' mark."""
    from inprocedere.demo_cases import REF_PREFIX
    from inprocedere.duplicates.demo import MARK

    ids = ExternalIdentifier.objects.filter(
        Q(value__startswith=REF_PREFIX) | Q(value__startswith=MARK)
    ).values("participant_id")
    return Participant.unrestricted.filter(pk__in=ids)


def _delete_with_dependants(objects, depth=0) -> int:
    """Delete `objects` and, first, whatever protects them (cases, referrals, consents…).

    Each record is deleted through Django's collector (signals, cascades); what a PROTECT
    or RESTRICT key holds back is removed before, recursively. The audit and access logs
    keep their rows: they point at people by bare id, not by key.
    """
    if depth > 20:
        raise RuntimeError("demo removal: the protecting records do not end")
    by_model = defaultdict(list)
    for obj in objects:
        by_model[type(obj)].append(obj)
    deleted = 0
    for model, group in by_model.items():
        for _round in range(100):  # each round clears one kind of protecting record
            collector = Collector(using=router.db_for_write(model))
            try:
                collector.collect(group)
            except (ProtectedError, RestrictedError) as error:
                blockers = getattr(error, "protected_objects", None) or error.restricted_objects
                deleted += _delete_with_dependants(set(blockers), depth + 1)
                continue
            deleted += collector.delete()[0]
            break
    return deleted


def remove_demo_leftovers() -> dict:
    """Deactivate the demo accounts and delete the fictional participants; idempotent."""
    with transaction.atomic():
        accounts = demo_accounts()
        for user in accounts:
            # Deactivated, not deleted: the audit log names them as actors.
            user.set_unusable_password()
            user.is_active = False
            user.save(update_fields=["password", "is_active"])
            user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        participants = list(demo_participants())
        rows = _delete_with_dependants(participants)
    return {"accounts": len(accounts), "participants": len(participants), "rows": rows}
