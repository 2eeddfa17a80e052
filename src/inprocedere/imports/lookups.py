"""Reading records as system code: both passes look up what an organisation recorded."""

from django.core.exceptions import ObjectDoesNotExist


def unrestricted(model):
    """The manager system code reads through (fail-closed models have `unrestricted`)."""
    return getattr(model, "unrestricted", None) or model._default_manager


def related(case, name: str):
    """The case's exit or follow-up, or None (a missing reverse one-to-one raises)."""
    try:
        return getattr(case, name)
    except ObjectDoesNotExist:
        return None
