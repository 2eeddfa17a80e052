"""Contact cards (vCard 3.0, with vobject)."""

from __future__ import annotations

from dataclasses import dataclass, field

import vobject


@dataclass
class Contact:
    """What a vCard 3.0 says; a contact with no family or given name is an organisation."""

    formatted_name: str
    family_name: str = ""
    given_name: str = ""
    prefix: str = ""
    organisation: str = ""
    title: str = ""
    phones: list[str] = field(default_factory=list)  # E.164
    emails: list[str] = field(default_factory=list)
    address: tuple[str, str, str] | None = None  # street, postcode, city
    url: str = ""
    note: str = ""
    uid: str = ""


def render_vcard(contact: Contact) -> str:
    card = vobject.vCard()
    card.add("prodid").value = "-//InProcedere//Directory//EN"
    if contact.uid:
        card.add("uid").value = contact.uid
    card.add("n").value = vobject.vcard.Name(
        family=contact.family_name, given=contact.given_name, prefix=contact.prefix
    )
    card.add("fn").value = contact.formatted_name
    if not (contact.family_name or contact.given_name):
        card.add("x-abshowas").value = "COMPANY"  # shown as a company, not a person
    if contact.organisation:
        card.add("org").value = [contact.organisation]
    if contact.title:
        card.add("title").value = contact.title
    for number in contact.phones:
        tel = card.add("tel")
        tel.value, tel.type_param = number, ["WORK", "VOICE"]
    for address in contact.emails:
        email = card.add("email")
        email.value, email.type_param = address, ["INTERNET", "WORK"]
    if contact.address and any(contact.address):
        street, postcode, city = contact.address
        adr = card.add("adr")
        adr.value = vobject.vcard.Address(street=street, code=postcode, city=city)
        adr.type_param = "WORK"
    if contact.url:
        card.add("url").value = contact.url
    if contact.note:
        card.add("note").value = contact.note
    return card.serialize()
