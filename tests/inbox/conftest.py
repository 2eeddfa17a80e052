import pytest

from inprocedere.network.models import Position, Tenure
from tests.api.conftest import token_for  # noqa: F401 - the API tests' token fixture


@pytest.fixture
def position_of(user_for):
    """The (first) position a persona holds today."""

    def get(persona):
        user = user_for(persona)
        return (
            Position.objects.filter(
                tenures__in=Tenure.objects.current(), tenures__person__user=user
            )
            .order_by("pk")
            .first()
        )

    return get
