"""Downloads of the directory: the phone list (PDF, CSV, XLSX, vCard) and single contact cards.

Thin: the selectors decide what the reader may see, `exports` renders it, and every
download leaves an audit entry.
"""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from inprocedere.core import audit
from inprocedere.privacy.decorators import requires

from . import selectors
from .exports import PhoneList, person_contact, position_contact, render_vcard
from .text import fold

PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VCARD = "text/vcard; charset=utf-8"


def _attachment(body, content_type: str, filename: str) -> HttpResponse:
    return HttpResponse(
        body,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


def _slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in fold(text)).split())


def _uid(request, url_name: str, pk: int) -> str:
    """A stable UID, so importing a newer card updates the contact instead of doubling it."""
    return request.build_absolute_uri(reverse(f"network:{url_name}", args=[pk]))


def _phone_list_download(request, fmt: str, content_type: str, extension: str, render):
    phone_list = PhoneList(selectors.phone_list_for(request.user))
    response = _attachment(render(phone_list), content_type, phone_list.filename(extension))
    audit.record(
        "network.phone_list.exported",
        actor=request.user,
        request=request,
        detail={"format": fmt, "rows": len(phone_list)},
    )
    return response


@require_safe
@requires("directory.read")
def phone_list_pdf(request):
    return _phone_list_download(request, "pdf", PDF, "pdf", PhoneList.pdf)


@require_safe
@requires("directory.read")
def phone_list_csv(request):
    return _phone_list_download(request, "csv", CSV, "csv", PhoneList.csv)


@require_safe
@requires("directory.read")
def phone_list_xlsx(request):
    return _phone_list_download(request, "xlsx", XLSX, "xlsx", PhoneList.xlsx)


@require_safe
@requires("directory.read")
def phone_list_vcard(request):
    def render(phone_list):
        return phone_list.vcards(lambda p: _uid(request, "position_detail", p.pk))

    return _phone_list_download(request, "vcard", VCARD, "vcf", render)


@require_safe
@requires("directory.read")
def position_vcard(request, pk):
    position = selectors.position_for(request.user, pk)
    contact = position_contact(position, uid=_uid(request, "position_detail", position.pk))
    response = _attachment(
        render_vcard(contact),
        VCARD,
        f"{_slug(position.title)}-{_slug(position.organisation.display_short)}.vcf",
    )
    audit.record(
        "network.position.exported",
        actor=request.user,
        request=request,
        obj=position,
        detail={"format": "vcard"},
    )
    return response


@require_safe
@requires("directory.read")
def person_vcard(request, pk):
    person = selectors.person_for(request.user, pk)
    contact = person_contact(person, uid=_uid(request, "person_detail", person.pk))
    response = _attachment(render_vcard(contact), VCARD, f"{_slug(person.full_name)}.vcf")
    audit.record(
        "network.person.exported",
        actor=request.user,
        request=request,
        obj=person,
        detail={"format": "vcard"},
    )
    return response
