"""Consultations, case conferences (with invitations, minutes and action items), network
meetings and trainings. The same selectors and services as the pages, so the same policy
and rules: 404 for what is missing or out of reach (and for a write by someone who is not
its addressee or organiser), 422 for bad input, a missing consent or a transition the
state does not allow, 409 for a stale version.

Conferences and meetings share their handlers (`appointments.py`: change, cancel,
invitations, minutes and their approval); each kind's module adds its own."""

from . import conferences, consultations, meetings  # noqa: F401 - registers the routes
from ._common import router

__all__ = ["router"]
