"""The directory's search text: one folded string per position, kept current by the services."""

from django.db.models import Prefetch
from django.utils import timezone

from .models import Person, Position, Tenure
from .text import fold


def person_search_text(person: Person) -> str:
    return f" {fold(person.given_name)} {fold(person.family_name)} "


def refresh_person_search_text(people) -> None:
    """Recompute the folded names of `people` (instances)."""
    changed = []
    for person in people:
        text = person_search_text(person)
        if text != person.search_text:
            person.search_text = text
            changed.append(person)
    Person.objects.bulk_update(changed, ["search_text"], batch_size=500)


def position_search_text(position: Position) -> str:
    organisation = position.organisation
    parts = [
        position.title,
        organisation.name,
        organisation.short_name,
        organisation.city,
        organisation.get_kind_display(),
        position.email,
    ]
    for topic in position.topics.all():
        parts += [topic.name_de, topic.name_en, topic.keywords]
    regions = list(position.regions.all()) or list(organisation.regions.all())
    parts += [region.name for region in regions]
    for tenure in position.current_tenures:
        parts += [tenure.person.given_name, tenure.person.family_name]
    return fold(" ".join(part for part in parts if part))


def refresh_search_text(positions) -> None:
    """Recompute the search text of `positions` (a queryset or an iterable of ids)."""
    ids = (
        list(positions.values_list("pk", flat=True))
        if hasattr(positions, "values_list")
        else list(positions)
    )
    today = timezone.localdate()
    rows = (
        Position.objects.filter(pk__in=ids)
        .select_related("organisation")
        .prefetch_related(
            "topics",
            "regions",
            "organisation__regions",
            Prefetch(
                "tenures",
                queryset=Tenure.objects.current(today).select_related("person"),
                to_attr="current_tenures",
            ),
        )
    )
    changed = []
    for position in rows:
        text = position_search_text(position)
        if text != position.search_text:
            position.search_text = text
            changed.append(position)
    Position.objects.bulk_update(changed, ["search_text"], batch_size=500)
