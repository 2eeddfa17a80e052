"""Clusters: records linked, directly or through others, by pairs at or above the review
threshold. Three records of one person are reviewed and merged as one group, not as three
unrelated pairs. A cluster is named by its lowest participant id (`CandidatePair.cluster`)."""

from __future__ import annotations

from django.db.models import Q

from . import store
from .models import CandidatePair

MAX_ROUNDS = 50  # a chain longer than this is cut into clusters of what was reached


def members_of(ids) -> set[int]:
    """Every participant in the clusters the given participants belong to."""
    ids = list(ids)
    if not ids:
        return set()
    names = CandidatePair.objects.filter(Q(a_id__in=ids) | Q(b_id__in=ids), cluster__isnull=False)
    pairs = CandidatePair.objects.filter(cluster__in=names.values("cluster")).values_list(
        "a_id", "b_id"
    )
    return {pk for pair in pairs for pk in pair}


def _component(start: set[int], threshold: float) -> tuple[set[int], list[tuple[int, int, int]]]:
    """The records reachable from `start` over pairs at or above the threshold."""
    reached, frontier, edges = set(start), set(start), {}
    for _round in range(MAX_ROUNDS):
        if not frontier:
            break
        rows = CandidatePair.objects.filter(
            Q(a_id__in=frontier) | Q(b_id__in=frontier), score__gte=threshold
        ).values_list("pk", "a_id", "b_id")
        frontier = set()
        for pk, a, b in rows:
            edges[pk] = (pk, a, b)
            for node in (a, b):
                if node not in reached:
                    reached.add(node)
                    frontier.add(node)
    return reached, list(edges.values())


def recluster(ids) -> None:
    """Recompute the clusters around these participants (after their pairs changed)."""
    ids = set(ids)
    if not ids:
        return
    threshold = store.current().threshold
    CandidatePair.objects.filter(Q(a_id__in=ids) | Q(b_id__in=ids)).update(cluster=None)
    reached, edges = _component(ids, threshold)
    parent = {node: node for node in reached}

    def root(node):
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for _pk, a, b in edges:
        low, high = sorted((root(a), root(b)))
        parent[high] = low
    by_cluster: dict[int, list[int]] = {}
    for pk, a, _b in edges:
        by_cluster.setdefault(root(a), []).append(pk)
    for name, pks in by_cluster.items():
        CandidatePair.objects.filter(pk__in=pks).update(cluster=name)


def clusters_of(edges) -> dict[int, int]:
    """{participant id: cluster name} of the connected components of `edges` (batch)."""
    parent: dict[int, int] = {}

    def root(node):
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in edges:
        low, high = sorted((root(a), root(b)))
        parent[high] = low
    return {node: root(node) for node in list(parent)}
