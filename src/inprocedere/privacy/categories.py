"""The data categories every personal field belongs to (POLICY.md).

Each model that holds personal data declares `DATA_CATEGORIES = {field: Category}`, so
templates, API schemas and exports can show or redact a field by its category.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    IDENTITY = "identity", _("Identity")
    CONTACT = "contact", _("Contact")
    RESIDENCE = "residence", _("Residence and legal status")
    BENEFITS = "benefits", _("Benefits")
    EDUCATION_WORK = "education_work", _("Education and work")
    COUNSELLING = "counselling", _("Counselling notes")
    SPECIAL = "special", _("Special category (health, disability)")


ALL_CATEGORIES = frozenset(Category.values)


def categories_of(model) -> dict[str, str]:
    """{field name: category} for a model (empty for models without personal data)."""
    return dict(getattr(model, "DATA_CATEGORIES", {}))


def fields_in(model, categories) -> set[str]:
    allowed = set(categories)
    return {field for field, cat in categories_of(model).items() if cat in allowed}
