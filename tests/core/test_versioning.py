import pytest
from django.utils import translation

from inprocedere.core.versioning import StaleEdit
from inprocedere.network import services
from inprocedere.network.models import Organisation, Position

pytestmark = pytest.mark.django_db


def test_a_stale_save_is_refused_naming_who_changed_what(user_for):
    coordinator, admin = user_for("coordinator"), user_for("administrator")
    position = Position.objects.filter(organisation__slug="profes").first()
    loaded_version = position.version
    services.position_update(
        actor=admin, position=position, version=loaded_version, title="Beratung (neu)"
    )
    stale = Position.objects.get(pk=position.pk)
    with translation.override("en"), pytest.raises(StaleEdit) as caught:
        services.position_update(
            actor=coordinator, position=stale, version=loaded_version, email="neu@profes.example"
        )
    message = caught.value.messages[0]
    assert f"{admin.display_name} changed this record" in message
    assert admin.display_name != admin.get_username()  # the name, not the sign-in
    assert "title" in message
    position.refresh_from_db()
    assert position.title == "Beratung (neu)"
    assert position.email != "neu@profes.example"
    assert position.version == loaded_version + 1


def test_each_save_bumps_the_version_and_remembers_the_editor(user_for):
    coordinator = user_for("coordinator")
    organisation = Organisation.objects.get(slug="dw")
    version = organisation.version
    services.organisation_update(
        actor=coordinator, organisation=organisation, version=version, city="Bad Kreuznach-Mitte"
    )
    organisation.refresh_from_db()
    assert organisation.version == version + 1
    assert organisation.updated_by == coordinator
