"""People the network works for: identity, residence history, labour-market access, benefits.

Every personal field declares its data category (`DATA_CATEGORIES`), so the access
policy can show or redact it by category.

One module per part; every model is imported here, so Django finds them under the
app's label and `from inprocedere.<app>.models import X` keeps working."""

from .benefits import BenefitPeriod, WorkPermitApplication
from .people import Alias, ExternalIdentifier, Gender, Participant, YesNoDeclined
from .residence import ResidenceStatus, ResidenceStatusType, ValidityQuerySet, WorkEndorsement

__all__ = [
    "Alias",
    "BenefitPeriod",
    "ExternalIdentifier",
    "Gender",
    "Participant",
    "ResidenceStatus",
    "ResidenceStatusType",
    "ValidityQuerySet",
    "WorkEndorsement",
    "WorkPermitApplication",
    "YesNoDeclined",
]
