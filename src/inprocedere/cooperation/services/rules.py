"""What each kind of appointment does differently, said once per kind: its `Rules`,
registered by `conferences.py` and `meetings.py` and looked up by the appointment core
(`appointments.py`) for the appointment at hand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse


@dataclass(frozen=True)
class Rules:
    """How one kind of appointment differs from the others."""

    model: type  # the proxy: CaseConference or Meeting
    group: str  # permissions `<group>.read|manage|approve`, inbox kinds `<group>_invited`, …
    max_invitees: int
    titles: dict  # inbox titles for "invited", "updated", "cancelled"
    # {organisation id: consent} for inviting `positions` to an appointment about `case`.
    consents: Callable = field(default=lambda case, positions: {})
    # The kind's own fields of a change: {name: cleaned value}.
    clean_own: Callable = field(default=lambda appointment, data: {})

    def url(self, appointment) -> str:
        return reverse(f"cooperation:{self.group}_detail", kwargs={"pk": appointment.pk})


RULES: dict[str, Rules] = {}


def register(kinds, rules: Rules) -> None:
    for kind in kinds:
        RULES[str(kind)] = rules


def rules_for(appointment) -> Rules:
    return RULES[appointment.kind]
