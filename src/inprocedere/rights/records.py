"""Every record of a person, found by following the foreign keys that point to them.

Nothing here names the models of case work: starting from the participant, every
model with a foreign key (or one-to-one key) to a model already reached is reached in
turn (participant → cases → activities, conferences → action items, …). A model added
later is part of the subject-access export and of the erasure without being listed
anywhere. Many-to-many tables (a case's team, a consent's recipients) are read through
their owners.
"""

from __future__ import annotations

from collections import OrderedDict

from django.apps import apps
from django.db import models

ROOT = "participants.participant"
# Tables that point to a person's records but are not about the person: the access log
# and the audit log are exported and redacted on their own (they use bare ids).
SKIP = {"privacy.accesslogentry", "core.auditentry", "rights.erasure"}


def reverse_links(model) -> list[tuple[type[models.Model], str]]:
    """(model, field name) of every concrete foreign key that points to `model`."""
    links = []
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue
        related = relation.related_model
        if related._meta.auto_created:  # a many-to-many table
            continue
        if relation.field.remote_field.parent_link:  # multi-table inheritance
            continue
        if related._meta.label_lower in SKIP:
            continue
        links.append((related, relation.field.name))
    return links


def collect(participant_id: int) -> OrderedDict[type[models.Model], list[int]]:
    """{model: sorted ids} of every record of the person, the participant first.

    Breadth first until nothing new turns up (a case handed over to another case of
    the same person is reached twice and counted once).
    """
    root = apps.get_model(ROOT)
    found: OrderedDict[type[models.Model], set[int]] = OrderedDict({root: {int(participant_id)}})
    queue = [root]
    while queue:
        model = queue.pop(0)
        ids = found[model]
        for related, field_name in reverse_links(model):
            new = set(
                related._base_manager.filter(**{f"{field_name}__in": sorted(ids)}).values_list(
                    "pk", flat=True
                )
            )
            known = found.setdefault(related, set())
            if new - known:
                known |= new
                if related not in queue:
                    queue.append(related)
    return OrderedDict((model, sorted(ids)) for model, ids in found.items() if ids)


def queryset(model, ids):
    return model._base_manager.filter(pk__in=ids).order_by("pk")
