"""Reading import runs: a run is its uploader's (it holds a preview of personal data)."""

from django.core.exceptions import ValidationError
from django.http import Http404

from inprocedere.privacy import policy

from .models import ImportRun


def runs_for(user):
    if not policy.can(user, "import.participants"):
        return ImportRun.objects.none()
    return ImportRun.objects.filter(created_by=user).select_related("organisation")


def run_for(user, pk) -> ImportRun:
    """The user's run, or 404 (also for someone else's run and for a malformed id)."""
    try:
        return runs_for(user).get(pk=pk)
    except (ImportRun.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None
