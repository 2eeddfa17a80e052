"""Reading records as system code: both passes look up what an organisation recorded."""


def unrestricted(model):
    """The manager system code reads through (fail-closed models have `unrestricted`)."""
    return getattr(model, "unrestricted", None) or model._default_manager
