"""Writes of consents. Each checks the policy, validates everything before it writes, and
writes in one transaction together with its audit entry; pages and the API call these.

A refused input writes nothing: no row, no audit entry, no file.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inprocedere.core import audit, uploads

from . import policy
from .categories import Category
from .models import Consent, Purpose

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
FORM_VERSION_MAX = 20

# What a scan may be (extension -> kind and first bytes) and how it is checked: the
# shared upload check of core/uploads.py, worded for scans.
SCAN_TYPES = uploads.PDF_AND_IMAGES
SCAN_CONTENT_TYPES = {kind: uploads.CONTENT_TYPES[kind] for kind in ("pdf", "jpeg", "png")}
SCAN_MESSAGES = uploads.UploadMessages(
    wrong_type=gettext_lazy("The scan must be a PDF, JPEG or PNG file (.pdf, .jpg, .jpeg, .png)."),
    too_large=gettext_lazy("The scan is too large (%(size)s MB); at most %(limit)s MB."),
    empty=gettext_lazy("The scan is empty."),
    mismatch=gettext_lazy(
        "The file is not what its name says: %(name)s does not contain a "
        "%(kind)s. Upload the scan as PDF, JPEG or PNG with the matching extension."
    ),
)
upload_max_bytes = uploads.upload_max_bytes


def scan_kind(upload) -> str:
    """'pdf', 'jpeg' or 'png' for an acceptable scan, else a ValidationError on `scan`.

    The extension and the content must agree: a renamed file is refused, whatever the
    browser claims its content type to be.
    """
    return uploads.checked_kind(upload, field="scan", types=SCAN_TYPES, messages=SCAN_MESSAGES)


def _unique(values) -> list[str]:
    return list(dict.fromkeys(str(value) for value in values or ()))


def _check(
    *,
    participant,
    recipients,
    categories,
    purposes,
    form,
    form_version,
    language,
    signed_on,
    valid_until,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    _check_scope(add, recipients=recipients, categories=categories, purposes=purposes, form=form)
    _check_form(add, form_version=form_version, language=language)
    _check_dates(add, signed_on=signed_on, valid_until=valid_until)
    return errors


def _check_scope(add, *, recipients, categories, purposes, form) -> None:
    """What the consent covers: purposes, recipients, categories, and the form they need."""
    unknown = [purpose for purpose in purposes if purpose not in Purpose.values]
    if unknown:
        add("purposes", _("Unknown purposes: %(values)s") % {"values": ", ".join(unknown)})
    elif not purposes:
        add("purposes", _("Choose at least one purpose."))
    esf_only = purposes == [Purpose.ESF_MONITORING]
    if not recipients and not esf_only:
        add(
            "recipients",
            _(
                "Choose at least one recipient organisation: a consent names who may receive "
                "the data (only the ESF monitoring consent on its own names none)."
            ),
        )
    unknown = [category for category in categories if category not in Category.values]
    if unknown:
        add("categories", _("Unknown data categories: %(values)s") % {"values": ", ".join(unknown)})
    elif not categories and not esf_only:
        add("categories", _("Choose at least one data category: a consent is never a blanket one."))
    if form not in Consent.Form.values:
        add("form", _("Unknown form of consent: %(value)s") % {"value": form})
    elif Category.SPECIAL in categories and form == Consent.Form.ORAL:
        add(
            "form",
            _(
                "Health and disability data need a consent in writing or electronically; an "
                "oral consent cannot cover the special category."
            ),
        )


def _check_form(add, *, form_version, language) -> None:
    if len(form_version) > FORM_VERSION_MAX:
        add(
            "form_version",
            _("At most %(count)d characters.") % {"count": FORM_VERSION_MAX},
        )
    if not LANGUAGE_CODE.match(language):
        add(
            "language",
            _("Not a language code (ISO 639-1, e.g. de, ar, fa): %(code)s") % {"code": language},
        )


def _check_dates(add, *, signed_on, valid_until) -> None:
    today = timezone.localdate()
    if signed_on is None:
        add("signed_on", _("Enter the date the consent was signed."))
    elif signed_on > today:
        add("signed_on", _("The date of signing lies in the future."))
    if signed_on is not None and valid_until is not None and valid_until < signed_on:
        add("valid_until", _("The consent cannot end before the day it was signed."))


def recording_organisation_for(actor, participant):
    """The actor's organisation that has the participant within reach (the first one, by
    id, if several do); a ValidationError if none does."""
    organisations = policy.reaching_organisations(actor, participant)
    if not organisations:
        raise ValidationError(_("None of your organisations works with this participant."))
    return organisations[0]


@transaction.atomic
def consent_record(
    *,
    actor,
    participant,
    recipients,
    categories,
    purposes,
    form,
    form_version,
    language,
    signed_on,
    valid_until,
    scan=None,
) -> Consent:
    """Record a signed consent (and its scan). Refuses, writing nothing, a consent without
    purpose, recipients or categories (except a lone ESF monitoring consent), with dates
    out of order or in the future, an oral consent to the special category, or a scan that
    is too large or not what its extension says."""
    policy.require(actor, "consent.record", participant)
    data = {
        "recipients": list(dict.fromkeys(recipients or ())),
        "categories": _unique(categories),
        "purposes": _unique(purposes),
        "form": str(form or ""),
        "form_version": str(form_version or "").strip(),
        "language": str(language or "").strip().lower(),
        "signed_on": signed_on,
        "valid_until": valid_until,
    }
    errors = _check(participant=participant, **data)
    kind = None
    if scan is not None:
        try:
            kind = scan_kind(scan)
        except ValidationError as error:
            errors.setdefault("scan", []).extend(error.message_dict["scan"])
    if errors:
        raise ValidationError(errors)
    recipients = data.pop("recipients")  # catalogue order below, for stable display
    data["categories"] = [c for c in Category.values if c in data["categories"]]
    data["purposes"] = [p for p in Purpose.values if p in data["purposes"]]
    consent = Consent.unrestricted.create(
        participant=participant,
        recorded_by=actor,
        recording_organisation=recording_organisation_for(actor, participant),
        **data,
    )
    consent.recipients.set(recipients)
    detail = {
        "participant": participant.pk,
        "recipients": sorted(organisation.pk for organisation in recipients),
        **data,
        "signed_on": signed_on.isoformat(),
        "valid_until": valid_until.isoformat() if valid_until else None,
        "scan": kind,
    }
    audit.record("privacy.consent.recorded", actor=actor, obj=consent, detail=detail)
    if kind is not None:  # the file last: a refused write leaves none
        _store_scan(consent, scan, kind)
    return consent


def _store_scan(consent, upload, kind) -> None:
    """Save the scan under a name without personal data, as the last step of the write.

    If saving the row fails, the file is removed again. (A failure of the commit itself
    would leave an orphaned file without a row pointing to it: harmless, never served.)
    """
    extension = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png"}[kind]
    field = consent.scan
    field.save(f"consent-{consent.pk}{extension}", upload, save=False)
    try:
        consent.save(update_fields=["scan"])
    except BaseException:
        field.storage.delete(field.name)
        raise


@transaction.atomic
def consent_withdraw(*, actor, consent, withdrawn_on) -> Consent:
    """Record that the person withdrew the consent on `withdrawn_on` (effective from that
    day). Refused if it was withdrawn already, or if the date lies before the signing or
    in the future."""
    policy.require(actor, "consent.withdraw", consent)
    locked = Consent.unrestricted.select_for_update().get(pk=consent.pk)
    if locked.withdrawn_on is not None:
        raise ValidationError(
            {
                "withdrawn_on": _(
                    "This consent was already withdrawn on %(date)s; a withdrawal is "
                    "recorded only once."
                )
                % {"date": locked.withdrawn_on.strftime("%d.%m.%Y")}
            }
        )
    if withdrawn_on is None:
        raise ValidationError({"withdrawn_on": _("Enter the date of the withdrawal.")})
    if withdrawn_on > timezone.localdate():
        raise ValidationError({"withdrawn_on": _("The date of the withdrawal lies in the future.")})
    if withdrawn_on < locked.signed_on:
        raise ValidationError(
            {
                "withdrawn_on": _(
                    "The withdrawal cannot come before the consent was signed (%(date)s)."
                )
                % {"date": locked.signed_on.strftime("%d.%m.%Y")}
            }
        )
    locked.withdrawn_on = withdrawn_on
    locked.withdrawn_recorded_by = actor
    locked.save(update_fields=["withdrawn_on", "withdrawn_recorded_by"])
    audit.record(
        "privacy.consent.withdrawn",
        actor=actor,
        obj=locked,
        detail={"participant": locked.participant_id, "withdrawn_on": withdrawn_on.isoformat()},
    )
    consent.withdrawn_on = locked.withdrawn_on
    consent.withdrawn_recorded_by = actor
    return consent
