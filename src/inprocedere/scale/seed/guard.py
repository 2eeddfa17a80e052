"""What the generator (and the benchmark) check before touching a database: that it
holds no real people, and that the disk can take what is asked for."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from inprocedere.participants.models import ExternalIdentifier, Participant

from ..models import SeedRun

# The identifiers the demo gives its people (demo_cases.py, duplicates/demo.py).
DEMO_PREFIXES = ("DEMO-", "DUP-DEMO-")
# Measured sizes of a generated person with their ~10 activities, cases, referrals,
# consents and indexes (docs/performance.md), with a margin.
BYTES_PER_PARTICIPANT = {"postgresql": 16_000, "sqlite": 9_000}
CONFIRM_FLAG = "--i-know-this-is-not-production"


class Refused(Exception):
    """The run must not go ahead; the message says why and what to do."""


def unknown_participants() -> int:
    """People in the register that neither the demo nor the generator put there."""
    total = Participant.unrestricted.count()
    generated = SeedRun.objects.aggregate(n=Sum("generated"))["n"] or 0
    if total <= generated:
        return 0
    demo_ids = Q()
    for prefix in DEMO_PREFIXES:
        demo_ids |= Q(value__startswith=prefix)
    demo = ExternalIdentifier.objects.filter(demo_ids).values("participant_id").distinct().count()
    return max(total - generated - demo, 0)


def refuse_real_data(*, confirmed: bool) -> None:
    """Refuse a database that may hold real people, unless the operator confirmed."""
    if confirmed:
        return
    if not settings.DEMO:
        raise Refused(
            _(
                "This installation is not in demo mode (INPROCEDERE_DEMO): it may hold real "
                "people. Scale data and benchmarks belong in a database of their own; if this "
                "is one, repeat with %(flag)s."
            )
            % {"flag": CONFIRM_FLAG}
        )
    unknown = unknown_participants()
    if unknown:
        raise Refused(
            _(
                "This database holds %(count)s participants that neither the demo nor the "
                "scale generator created: it may hold real people. If it does not, repeat "
                "with %(flag)s."
            )
            % {"count": unknown, "flag": CONFIRM_FLAG}
        )


def _data_directory() -> Path | None:
    if connection.vendor == "sqlite":
        return Path(connection.settings_dict["NAME"]).resolve().parent
    if connection.vendor == "postgresql":
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('data_directory')")
                path = Path(cursor.fetchone()[0])
        except DatabaseError:  # not allowed to read it: no check possible
            return None
        return path if path.exists() else None
    return None


def check_disk(new_participants: int) -> str | None:
    """Refuse when the new people would not fit on the database's disk; returns a note
    when the disk cannot be checked (a database on another machine)."""
    directory = _data_directory()
    if directory is None:
        return _("The free disk space of the database server could not be checked.")
    per_person = BYTES_PER_PARTICIPANT.get(connection.vendor, 16_000)
    needed = new_participants * per_person
    free = shutil.disk_usage(directory).free
    if needed > free * 0.9:
        raise Refused(
            _(
                "%(count)s more participants need about %(needed)s GB, but the disk of the "
                "database has %(free)s GB free. Ask for fewer, or make room."
            )
            % {
                "count": f"{new_participants:,}",
                "needed": f"{needed / 1e9:.1f}",
                "free": f"{free / 1e9:.1f}",
            }
        )
    return None
