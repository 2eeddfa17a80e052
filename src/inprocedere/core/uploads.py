"""Checking uploaded files before anything is written: extension, size and content.

The extension and the first bytes of the content must agree, so a renamed file is
refused whatever the browser claims its content type to be; and a PDF or an image must
parse as one (pypdf reads the document's structure, Pillow decodes the image), so
"%PDF-" followed by garbage is refused too. Used for consent scans (privacy) and
meeting materials (cooperation).
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PdfReader

ZIP = b"PK\x03\x04"  # Office Open XML and OpenDocument files are ZIP containers

# extension -> (kind, the bytes its content starts with)
PDF_AND_IMAGES = {
    ".pdf": ("pdf", b"%PDF-"),
    ".jpg": ("jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("jpeg", b"\xff\xd8\xff"),
    ".png": ("png", b"\x89PNG\r\n\x1a\n"),
}
DOCUMENTS = {
    **PDF_AND_IMAGES,
    ".docx": ("docx", ZIP),
    ".xlsx": ("xlsx", ZIP),
    ".pptx": ("pptx", ZIP),
    ".odt": ("odt", ZIP),
    ".ods": ("ods", ZIP),
    ".odp": ("odp", ZIP),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}


@dataclass(frozen=True)
class UploadMessages:
    """The wording of the refusals, so each kind of upload can name itself.

    `too_large` takes %(size)s and %(limit)s, `mismatch` %(name)s and %(kind)s.
    """

    wrong_type: str = _(
        "The file must be a PDF, an image (JPEG, PNG) or an office document "
        "(.docx, .xlsx, .pptx, .odt, .ods, .odp)."
    )
    too_large: str = _("The file is too large (%(size)s MB); at most %(limit)s MB.")
    empty: str = _("The file is empty.")
    mismatch: str = _(
        "The file is not what its name says: %(name)s does not contain a %(kind)s. "
        "Upload it with the extension that matches its content."
    )
    unreadable: str = _(
        "%(name)s cannot be read as a %(kind)s: the file is damaged or only looks like one. "
        "Save or scan it again and upload the new file."
    )


def upload_max_bytes() -> int:
    return settings.INPROCEDERE_UPLOAD_MAX_BYTES


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def checked_kind(upload, *, field: str, types=DOCUMENTS, messages=UploadMessages()) -> str:
    """The kind ('pdf', 'docx', …) of an acceptable upload, else a ValidationError on `field`."""
    name = os.path.basename(getattr(upload, "name", "") or "")
    extension = os.path.splitext(name)[1].lower()
    if extension not in types:
        raise ValidationError({field: str(messages.wrong_type)})
    size = getattr(upload, "size", None) or 0
    limit = upload_max_bytes()
    if size > limit:
        raise ValidationError(
            {field: str(messages.too_large) % {"size": megabytes(size), "limit": megabytes(limit)}}
        )
    if size == 0:
        raise ValidationError({field: str(messages.empty)})
    kind, magic = types[extension]
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic:
        raise ValidationError(
            {field: str(messages.mismatch) % {"name": name, "kind": kind.upper()}}
        )
    if not _parses_as(upload, kind):
        raise ValidationError(
            {field: str(messages.unreadable) % {"name": name, "kind": kind.upper()}}
        )
    return kind


IMAGE_FORMATS = {"jpeg": "JPEG", "png": "PNG"}


def _parses_as(upload, kind: str) -> bool:
    """Whether the content is a readable `kind`: the whole structure, not only its header.

    Office documents keep the header check only (their ZIP is opened where they are read).
    """
    upload.seek(0)
    try:
        if kind == "pdf":
            return _readable_pdf(upload)
        if kind in IMAGE_FORMATS:
            return _readable_image(upload, IMAGE_FORMATS[kind])
        return True
    except Exception:
        return False
    finally:
        upload.seek(0)


def _readable_pdf(upload) -> bool:
    # strict: a cross-reference table and trailer that do not hold are an error, not a
    # guess; every page object must resolve.
    reader = PdfReader(upload, strict=True)
    return len(reader.pages) > 0 and all(page.mediabox is not None for page in reader.pages)


def _readable_image(upload, expected_format: str) -> bool:
    with warnings.catch_warnings():
        # Pillow warns of a decompression bomb below its hard limit; refuse it as well.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(upload) as image:
            if image.format != expected_format:
                return False
            image.load()  # decodes every pixel: a truncated or corrupt image raises
    return True
