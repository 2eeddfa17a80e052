"""The Django admin shows the administrator no case data (issue 16, item 5)."""

import pytest
from django.contrib import admin
from django.db.models import ForeignKey, ManyToManyField, OneToOneField

from inprocedere.core.guarded import GuardedQuerySet

pytestmark = pytest.mark.django_db


def _holds_personal_data(model) -> bool:
    """Guarded models (participants, cases, referrals, consents) hold personal data."""
    return isinstance(model._default_manager.get_queryset(), GuardedQuerySet)


def _points_at_personal_data(model) -> list[str]:
    return [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, ForeignKey | OneToOneField | ManyToManyField)
        and field.concrete
        and _holds_personal_data(field.related_model)
    ]


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_no_admin_page_shows_or_links_case_data(model):
    assert not _holds_personal_data(model)
    assert _points_at_personal_data(model) == []


def test_the_administrator_finds_no_referrals_in_the_admin(client_for):
    client = client_for("administrator")
    index = client.get("/admin/")
    assert index.status_code == 200
    assert "/admin/cases/referral/" not in index.content.decode()
    assert client.get("/admin/cases/referral/").status_code == 404
    assert client.get("/admin/participants/participant/").status_code == 404
