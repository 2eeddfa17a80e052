"""Reads of duplicate review, narrowed by the access policy.

A pair is shown only to someone who may see *both* people (`participant.read` through
`policy.visible`); a merge only to someone who may see the surviving person. Anything
else answers 404, like a record that does not exist.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404

from inprocedere.participants.models import Participant
from inprocedere.privacy import policy

from .models import CandidatePair, Decision, MergeRecord

DEFAULT_MIN_SCORE = 0.7


def _reach(user):
    return policy.visible(user, Participant.objects.all(), "participant.read").values("pk")


def pairs_for(user, *, min_score: float = DEFAULT_MIN_SCORE):
    """The candidate pairs whose two people both lie within the user's reach."""
    if not policy.can(user, "duplicates.review"):
        return CandidatePair.objects.none()
    reach = _reach(user)
    return (
        CandidatePair.objects.filter(score__gte=min_score, a__in=reach, b__in=reach)
        .select_related("a__registered_by", "b__registered_by")
        .order_by("-score", "a_id", "b_id")
    )


def pair_for(user, pk) -> CandidatePair:
    try:
        return pairs_for(user, min_score=0).get(pk=pk)
    except (CandidatePair.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def merges_for(user):
    if not policy.can(user, "duplicates.review"):
        return MergeRecord.objects.none()
    return MergeRecord.objects.filter(survivor__in=_reach(user)).select_related(
        "survivor", "merged", "merged_by", "undone_by"
    )


def merge_for(user, pk) -> MergeRecord:
    try:
        return merges_for(user).get(pk=pk)
    except (MergeRecord.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def records_of(participant) -> list[tuple[str, int]]:
    """(verbose name, count) of the records that would move with a merge."""
    from .services import participant_relations

    counts = []
    for model, name in participant_relations():
        count = model._base_manager.filter(**{name: participant}).count()
        if count:
            counts.append((str(model._meta.verbose_name_plural), count))
    return counts


def overview() -> dict:
    """Figures without names (coordinator, data-protection officer)."""
    bands = CandidatePair.objects.aggregate(
        high=Count("pk", filter=Q(score__gte=0.9)),
        medium=Count("pk", filter=Q(score__gte=0.7, score__lt=0.9)),
        low=Count("pk", filter=Q(score__lt=0.7)),
    )
    return {
        **bands,
        "different": Decision.objects.count(),
        "merged": MergeRecord.objects.filter(undone_at__isnull=True).count(),
        "undone": MergeRecord.objects.filter(undone_at__isnull=False).count(),
    }
