"""Demo: the reminders the demo's case work calls for today, so `make run` shows a full
inbox at once (the consumer would otherwise file them at its next hourly run). Not
e-mailed: the demo's people are fictional."""

from .reminders import compute_all
from .services import without_mail


def seed_demo_inbox() -> int:
    with without_mail():
        filed = compute_all()
    return sum(filed.values())
