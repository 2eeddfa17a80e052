"""Changes to a person's data in the access log: the writer `core.audit` calls for every
audited change that belongs to a participant (registered in `PrivacyConfig.ready`)."""

from . import policy
from .categories import categories_of


def log_write(actor, participant_id, obj, action: str) -> None:
    """Who changed which categories (those `obj`'s model declares) of whose data."""
    categories = set(categories_of(type(obj)).values())
    policy.written(actor, participant_id, categories=categories, purpose=action[:40])
