"""Words for the codes the access log stores (issue 15): data categories, purposes,
bases and the changes written ("case.exit.recorded" → "Austritt: erfasst").

The log keeps the codes (stable, searchable, the same in every language); pages, CSV and
Excel downloads and the subject-access export show these labels. A code without a label
is shown as it is rather than hidden: the log must never lose what it says.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from .categories import Category
from .models import Purpose
from .roles import Role

_PURPOSES = {
    "data_protection": pgettext_lazy("access log purpose", "Data-protection officer's review"),
    "subject_access": pgettext_lazy("access log purpose", "Subject access request"),
    "erasure": pgettext_lazy("access log purpose", "Erasure"),
    "pseudonymisation": pgettext_lazy("access log purpose", "Pseudonymisation"),
    "duplicate_review": pgettext_lazy("access log purpose", "Review of possible duplicates"),
    "coordination": pgettext_lazy("access log purpose", "Coordination (pseudonymised)"),
    "inbox": pgettext_lazy("access log purpose", "Inbox"),
    "report.esf": pgettext_lazy("access log purpose", "ESF report"),
    "report.figures": pgettext_lazy("access log purpose", "Figures of the network"),
}

# Changes: "<app>.<thing>.<what happened>"; the app is left out of the label.
_THINGS = {
    "activity": pgettext_lazy("access log object", "Contact"),
    "assessment": pgettext_lazy("access log object", "Needs assessment"),
    "enrollment": pgettext_lazy("access log object", "Enrolment"),
    "exit": pgettext_lazy("access log object", "Exit"),
    "follow_up": pgettext_lazy("access log object", "Follow-up"),
    "goal": pgettext_lazy("access log object", "Goal"),
    "handover": pgettext_lazy("access log object", "Handover"),
    "placement": pgettext_lazy("access log object", "Placement"),
    "referral": pgettext_lazy("access log object", "Referral"),
    "team": pgettext_lazy("access log object", "Case team"),
    "notes": pgettext_lazy("access log object", "Confidential notes"),
    "action_item": pgettext_lazy("access log object", "Action item"),
    "consultation": pgettext_lazy("access log object", "Consultation"),
    "alias": pgettext_lazy("access log object", "Other spelling of the name"),
    "benefit_period": pgettext_lazy("access log object", "Benefit period"),
    "external_id": pgettext_lazy("access log object", "Identifier"),
    "participant": pgettext_lazy("access log object", "Personal record"),
    "residence_status": pgettext_lazy("access log object", "Residence status"),
    "work_permit_application": pgettext_lazy("access log object", "Work-permit application"),
    "consent": pgettext_lazy("access log object", "Consent"),
    "consent_form": pgettext_lazy("access log object", "Consent form"),
    "subject_access": pgettext_lazy("access log object", "Subject access"),
    "person": pgettext_lazy("access log object", "Person"),
    "run": pgettext_lazy("access log object", "Import"),
}
_HAPPENED = {
    "added": pgettext_lazy("access log change", "recorded"),
    "recorded": pgettext_lazy("access log change", "recorded"),
    "registered": pgettext_lazy("access log change", "registered"),
    "created": pgettext_lazy("access log change", "created"),
    "updated": pgettext_lazy("access log change", "changed"),
    "status_changed": pgettext_lazy("access log change", "status changed"),
    "transition": pgettext_lazy("access log change", "status changed"),
    "removed": pgettext_lazy("access log change", "removed"),
    "sent": pgettext_lazy("access log change", "sent"),
    "accepted": pgettext_lazy("access log change", "accepted"),
    "declined": pgettext_lazy("access log change", "declined"),
    "withdrawn": pgettext_lazy("access log change", "withdrawn"),
    "intake_done": pgettext_lazy("access log change", "intake completed"),
    "asked": pgettext_lazy("access log change", "asked"),
    "answered": pgettext_lazy("access log change", "answered"),
    "closed": pgettext_lazy("access log change", "closed"),
    "followed_up": pgettext_lazy("access log change", "followed up"),
    "done": pgettext_lazy("access log change", "done"),
    "viewed": pgettext_lazy("access log change", "viewed"),
    "read": pgettext_lazy("access log change", "read"),
    "exported": pgettext_lazy("access log change", "exported"),
    "generated": pgettext_lazy("access log change", "generated"),
    "scan_downloaded": pgettext_lazy("access log change", "scan downloaded"),
    "imported": pgettext_lazy("access log change", "imported"),
}


def category_label(code: str) -> str:
    try:
        return str(Category(code).label)
    except ValueError:
        return code


def categories_label(codes) -> str:
    return ", ".join(category_label(code) for code in codes or [])


def purpose_label(code: str) -> str:
    if not code:
        return ""
    if code in _PURPOSES:
        return str(_PURPOSES[code])
    try:
        return str(Purpose(code).label)
    except ValueError:
        pass
    parts = code.split(".")
    if len(parts) == 3 and parts[1] in _THINGS and parts[2] in _HAPPENED:
        return f"{_THINGS[parts[1]]}: {_HAPPENED[parts[2]]}"
    return code


def basis_label(basis: str) -> str:
    """'own_case' → words; 'consent:3,7' → the consent numbers; 'role:dpo' → the role."""
    if not basis:
        return ""
    if basis == "own_case":
        return _("Own case work (registered, referred or in a case team)")
    if basis == "system":
        return _("System")
    kind, _sep, rest = basis.partition(":")
    if kind == "consent" and rest:
        return _("Consent no. %(numbers)s") % {"numbers": rest.replace(",", ", ")}
    if kind == "role":
        try:
            return _("Role: %(role)s") % {"role": Role(rest).label}
        except ValueError:
            pass
    return basis
