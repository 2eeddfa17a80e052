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

from . import store
from .models import CandidatePair, Decision, MergeRecord


def default_min_score() -> float:
    """The model's threshold: pairs from here on are proposed for review."""
    return store.current().threshold


def _reach(user):
    return policy.visible(user, Participant.objects.all(), "participant.read").values("pk")


def pairs_for(user, *, min_score: float | None = None, organisation=None, region=None):
    """The candidate pairs whose two people both lie within the user's reach, heaviest
    first; narrowed to pairs with a record registered by `organisation`, or by an
    organisation serving `region`."""
    if not policy.can(user, "duplicates.review"):
        return CandidatePair.objects.none()
    reach = _reach(user)
    min_score = default_min_score() if min_score is None else min_score
    pairs = CandidatePair.objects.filter(score__gte=min_score, a__in=reach, b__in=reach)
    if organisation is not None:
        pairs = pairs.filter(Q(a__registered_by=organisation) | Q(b__registered_by=organisation))
    if region is not None:
        from inprocedere.network.models import Organisation

        serving = Organisation.objects.filter(regions=region).values("pk")
        pairs = pairs.filter(Q(a__registered_by__in=serving) | Q(b__registered_by__in=serving))
    return pairs.select_related("a__registered_by", "b__registered_by").order_by(
        "-weight", "a_id", "b_id"
    )


def pair_for(user, pk) -> CandidatePair:
    try:
        return pairs_for(user, min_score=0).get(pk=pk)
    except (CandidatePair.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def cluster_of(user, pair: CandidatePair) -> list:
    """The records of the pair's cluster (three or more records linked by pairs at or
    above the threshold), if all of them lie within the user's reach; else []."""
    if pair.cluster is None:
        return []
    ids = set()
    for a, b in CandidatePair.objects.filter(cluster=pair.cluster).values_list("a_id", "b_id"):
        ids.update((a, b))
    if len(ids) < 3:
        return []
    members = list(
        policy.visible(user, Participant.objects.all(), "participant.read")
        .filter(pk__in=ids)
        .select_related("registered_by")
        .order_by("pk")
    )
    return members if len(members) == len(ids) else []


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
            meta = model._meta  # "1 Fall", "2 Fälle"
            counts.append(
                (str(meta.verbose_name if count == 1 else meta.verbose_name_plural), count)
            )
    return counts


def overview() -> dict:
    """Figures without names (coordinator, data-protection officer)."""
    threshold = default_min_score()
    bands = CandidatePair.objects.aggregate(
        high=Count("pk", filter=Q(score__gte=threshold)),
        low=Count("pk", filter=Q(score__lt=threshold)),
        clusters=Count("cluster", distinct=True),
    )
    bands["threshold"] = threshold
    return {
        **bands,
        "different": Decision.objects.count(),
        "merged": MergeRecord.objects.filter(undone_at__isnull=True).count(),
        "undone": MergeRecord.objects.filter(undone_at__isnull=False).count(),
    }
