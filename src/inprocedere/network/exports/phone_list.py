"""The network's phone list: one export, four formats (PDF, CSV, XLSX, vCard)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .pdf import render_pdf
from .tables import Table, render_csv, render_xlsx
from .vcards import Contact, render_vcard


def national(phone) -> str:
    """A phone number as dialled inside Germany ('06131 2404112'); '' when there is none."""
    return phone.as_national if phone else ""


def e164(phone) -> str:
    return phone.as_e164 if phone else ""


def _names(people) -> str:
    return ", ".join(person.full_name for person in people)


def deputy_label(position) -> str:
    """'Sachgebietsleitung (Markus Fischer)': the deputy position and who holds it today."""
    deputy = position.deputy
    if deputy is None:
        return ""
    label = deputy.title
    if deputy.organisation_id != position.organisation_id:
        label = f"{label}, {deputy.organisation.display_short}"
    holders = _names(deputy.holders)
    return f"{label} ({holders})" if holders else label


def vacancy_label(position) -> str:
    deputy = deputy_label(position)
    if not deputy:
        return _("vacant")
    return _("vacant – deputy: %(deputy)s") % {"deputy": deputy}


def breakable_email(address: str) -> str:
    """The address as HTML that wraps after '@' and before dots, not in the middle of words."""
    if "@" not in address:
        return escape(address)
    local, domain = address.split("@", 1)
    return format_html(
        "{}@<wbr>{}",
        local,
        format_html_join(mark_safe("<wbr>."), "{}", ([part] for part in domain.split("."))),
    )


@dataclass
class HolderLine:
    """A holder as the printed list shows them: name, personal direct dial and e-mail."""

    name: str
    phone: str
    email: str


@dataclass
class PhoneListEntry:
    position: object
    holders: list
    phone: str
    vacancy: str
    topics: str
    regions: str

    @property
    def email_html(self) -> str:
        return breakable_email(self.position.email)

    @property
    def holder_lines(self) -> list[HolderLine]:
        return [
            HolderLine(person.full_name, national(person.phone), breakable_email(person.email))
            for person in self.holders
        ]


@dataclass
class OrganisationGroup:
    organisation: object
    entries: list[PhoneListEntry]


class PhoneList:
    """The network's phone list: every active position the reader may see, by organisation."""

    identifier = "phone_list"
    permission = "directory.read"

    def __init__(self, positions: Iterable, *, on: dt.date | None = None):
        self.positions = list(positions)
        self.on = on or timezone.localdate()

    def __len__(self):
        return len(self.positions)

    @property
    def title(self) -> str:
        return _("Phone list of the network")

    def filename(self, extension: str) -> str:
        stem = pgettext("file name, lower case without spaces", "phone-list")
        return f"{stem}-{self.on.isoformat()}.{extension}"

    def entries(self) -> list[PhoneListEntry]:
        return [
            PhoneListEntry(
                position=position,
                holders=position.holders,
                phone=national(position.phone),
                vacancy=vacancy_label(position) if position.is_vacant else "",
                topics=", ".join(topic.name for topic in position.topics.all()),
                regions=", ".join(region.name for region in position.regions.all()),
            )
            for position in self.positions
        ]

    def groups(self) -> list[OrganisationGroup]:
        groups: dict[int, OrganisationGroup] = {}
        for entry in self.entries():
            organisation = entry.position.organisation
            groups.setdefault(organisation.pk, OrganisationGroup(organisation, [])).entries.append(
                entry
            )
        return list(groups.values())

    def table(self) -> Table:
        header = [
            _("Organisation"),
            _("Position"),
            _("Holders"),
            _("Direct dial"),
            _("E-mail"),
            _("Deputy"),
            _("Topics"),
            _("Regions"),
        ]
        rows = [
            [
                entry.position.organisation.name,
                entry.position.title,
                _names(entry.holders) or _("vacant"),
                entry.phone,
                entry.position.email,
                deputy_label(entry.position),
                entry.topics,
                entry.regions,
            ]
            for entry in self.entries()
        ]
        return Table(title=self.title, header=header, rows=rows)

    def csv(self) -> bytes:
        return render_csv(self.table())

    def xlsx(self) -> bytes:
        return render_xlsx(self.table())

    def pdf(self) -> bytes:
        html = render_to_string(
            "network/phone_list_pdf.html",
            {"title": self.title, "today": self.on, "groups": self.groups()},
        )
        return render_pdf(html)

    def vcards(self, uid_for=None) -> str:
        return "".join(
            render_vcard(position_contact(position, uid=uid_for(position) if uid_for else ""))
            for position in self.positions
        )


def position_contact(position, *, uid: str = "") -> Contact:
    """A position as an organisation's contact: its dial and mailbox outlive its holders."""
    organisation = position.organisation
    holders = _names(position.holders)
    note = _("Held by: %(names)s") % {"names": holders} if holders else vacancy_label(position)
    return Contact(
        formatted_name=f"{position.title} ({organisation.name})",
        organisation=organisation.name,
        title=position.title,
        phones=[e164(position.phone)] if position.phone else [],
        emails=[position.email] if position.email else [],
        address=(organisation.street, organisation.postcode, organisation.city),
        note=note,
        uid=uid,
    )


def person_contact(person, *, uid: str = "") -> Contact:
    """A member of staff, with the organisation and title of the position they hold today."""
    tenures = getattr(person, "current_tenures", [])
    position = tenures[0].position if tenures else None
    return Contact(
        formatted_name=person.full_name,
        family_name=person.family_name,
        given_name=person.given_name,
        prefix=person.title,
        organisation=position.organisation.name if position else "",
        title=position.title if position else "",
        phones=[e164(person.phone)] if person.phone else [],
        emails=[person.email] if person.email else [],
        uid=uid,
    )
