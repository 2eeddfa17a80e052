"""Subject access (Art. 15 GDPR): everything held about one person, as a ZIP of JSON
files and a readable PDF.

The records are those `records.collect` finds by following foreign keys (so a model
added later is included without being named here), plus the access log and the audit
entries about them. The PDF is rendered in German, or in the person's language where
the site has a translation (today: English); docs/data-subject-rights.md lists the gaps.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from inprocedere.core.models import AuditEntry
from inprocedere.core.names import language_name
from inprocedere.privacy.log_labels import categories_label, purpose_label
from inprocedere.privacy.models import AccessLogEntry

from . import records
from .models import Erasure

PDF_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def language_for(participant, requested: str = "") -> str:
    """The requested language if the site has it; else the first of the person's
    languages it has; else German."""
    if requested in PDF_LANGUAGES:
        return requested
    for code in participant.languages or []:
        if code in PDF_LANGUAGES:
            return code
    return "de"


@dataclass
class Section:
    """One kind of record for the PDF: a heading and one table of (label, value) per record."""

    key: str
    title: str
    items: list[list[tuple[str, str]]] = field(default_factory=list)


def _words(model_field, value) -> str | None:
    """Codes a person cannot read, in words: a consent's data categories and purposes, the
    language of a form (issue 15: "identity, contact", "case_conference", "de")."""
    if model_field.model._meta.label_lower != "privacy.consent" or value in (None, "", []):
        return None
    if model_field.name == "categories":
        return categories_label(value)
    if model_field.name == "purposes":
        return ", ".join(purpose_label(code) for code in value)
    if model_field.name == "language":
        return language_name(value)
    return None


def _display(obj, model_field) -> str:
    if not model_field.many_to_many:
        words = _words(model_field, getattr(obj, model_field.name))
        if words is not None:
            return words
    if model_field.many_to_many:
        return ", ".join(str(item) for item in getattr(obj, model_field.name).all()) or "–"
    value = getattr(obj, model_field.name)
    if isinstance(value, list | tuple) and value and hasattr(value[0], "name"):
        return ", ".join(str(item.name) for item in value)  # countries
    if model_field.choices and value not in (None, "") and not isinstance(value, list | tuple):
        try:
            return str(getattr(obj, f"get_{model_field.name}_display")())
        except (AttributeError, TypeError):
            return str(value)
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(model_field, models.FileField):
        return _("a file is stored (included in this export)") if value else "–"
    if isinstance(value, list) and all(isinstance(item, str | int) for item in value):
        return ", ".join(str(item) for item in value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _fields(model):
    return [
        f
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if not f.primary_key
        and f.name not in ("search_text", "version")
        and not getattr(getattr(f, "remote_field", None), "parent_link", False)
    ]


@dataclass
class SubjectAccess:
    participant: object
    found: dict
    access_log: list
    audit: list
    erasures: list
    generated_at: dt.datetime
    language: str

    def counts(self) -> dict[str, int]:
        counts = {model._meta.label_lower: len(ids) for model, ids in self.found.items()}
        counts["privacy.accesslogentry"] = len(self.access_log)
        counts["core.auditentry"] = len(self.audit)
        return counts


def gather(participant, *, language: str = "") -> SubjectAccess:
    found = records.collect(participant.pk)
    objects = {model._meta.label_lower: [str(pk) for pk in ids] for model, ids in found.items()}
    about = models.Q()
    for label, ids in objects.items():
        about |= models.Q(object_type=label, object_id__in=ids)
    return SubjectAccess(
        participant=participant,
        found=found,
        access_log=list(
            AccessLogEntry.objects.for_participant(participant.pk)
            .select_related("organisation")
            .order_by("at", "pk")
        ),
        audit=list(AuditEntry.objects.filter(about).order_by("created_at", "pk")),
        erasures=list(Erasure.objects.filter(participant_id=participant.pk)),
        generated_at=timezone.now(),
        language=language_for(participant, language),
    )


def _json(data) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode() + b"\n"


def _serialised(model, ids) -> list[dict]:
    rows = json.loads(serializers.serialize("json", records.queryset(model, ids)))
    for row in rows:
        row["fields"].pop("search_text", None)
    return rows


def access_log_rows(entries) -> list[dict]:
    return [
        {
            "at": entry.at.isoformat(),
            "user": entry.user_label,
            "organisation": entry.organisation.name if entry.organisation else "",
            "action": entry.action,
            "channel": entry.channel,
            "categories": entry.categories,
            "purpose": entry.purpose,
            "basis": entry.basis,
            "address": entry.path,
        }
        for entry in entries
    ]


def audit_rows(entries) -> list[dict]:
    return [
        {
            "at": entry.created_at.isoformat(),
            "actor": entry.actor_label,
            "action": entry.action,
            "object": f"{entry.object_type}:{entry.object_id}",
            "label": entry.object_label,
            "detail": entry.detail,
            "redacted": entry.redacted,
        }
        for entry in entries
    ]


def sections(export: SubjectAccess) -> list[Section]:
    result = []
    for model, ids in export.found.items():
        meta = model._meta
        section = Section(meta.label_lower, capfirst(str(meta.verbose_name_plural)))
        model_fields = _fields(model)
        for obj in records.queryset(model, ids):
            section.items.append(
                [(capfirst(str(f.verbose_name)), _display(obj, f)) for f in model_fields]
            )
        result.append(section)
    return result


def readme(export: SubjectAccess) -> str:
    lines = [
        _("Information under Art. 15 GDPR"),
        "",
        _("Generated on %(when)s for participant no. %(id)s.")
        % {
            "when": timezone.localtime(export.generated_at).strftime("%d.%m.%Y %H:%M"),
            "id": export.participant.pk,
        },
        "",
        _("subject-access.pdf: everything below, readable."),
        _("records/*.json: every record, one file per kind (Django's JSON format)."),
        _("access-log.json: every access to the data: who, when, what, why."),
        _("audit-log.json: every change to the records."),
        _("files/: uploaded documents (signed consent scans)."),
    ]
    return "\n".join(lines) + "\n"


def render_pdf(export: SubjectAccess) -> bytes:
    from inprocedere.network.exports import render_pdf as html_to_pdf

    with translation.override(export.language):
        html = render_to_string(
            "rights/subject_access_pdf.html",
            {
                "export": export,
                "participant": export.participant,
                "sections": sections(export),
                "access_log": export.access_log,
                "audit": export.audit,
                "generated_at": timezone.localtime(export.generated_at),
                "language": export.language,
            },
        )
    return html_to_pdf(html)


def build_zip(export: SubjectAccess) -> bytes:
    """The ZIP: README, PDF, one JSON per kind of record, the logs, the uploaded files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with translation.override(export.language):
            archive.writestr("README.txt", readme(export))
        archive.writestr("subject-access.pdf", render_pdf(export))
        index = {
            "participant_id": export.participant.pk,
            "generated_at": export.generated_at.isoformat(),
            "language": export.language,
            "records": export.counts(),
        }
        archive.writestr("index.json", _json(index))
        for model, ids in export.found.items():
            archive.writestr(
                f"records/{model._meta.label_lower}.json", _json(_serialised(model, ids))
            )
        archive.writestr("access-log.json", _json(access_log_rows(export.access_log)))
        archive.writestr("audit-log.json", _json(audit_rows(export.audit)))
        archive.writestr(
            "erasures.json",
            _json(
                [
                    {"kind": e.kind, "categories": e.categories, "at": e.performed_at.isoformat()}
                    for e in export.erasures
                ]
            ),
        )
        for model, ids in export.found.items():
            file_fields = [
                f for f in model._meta.concrete_fields if isinstance(f, models.FileField)
            ]
            for obj in records.queryset(model, ids) if file_fields else ():
                for file_field in file_fields:
                    stored = getattr(obj, file_field.name)
                    if not stored:
                        continue
                    try:
                        with stored.open("rb") as handle:
                            content = handle.read()
                    except OSError:
                        continue  # a missing file is named in the PDF, not fatal here
                    name = stored.name.rsplit("/", 1)[-1]
                    archive.writestr(f"files/{model._meta.model_name}-{obj.pk}-{name}", content)
    return buffer.getvalue()
