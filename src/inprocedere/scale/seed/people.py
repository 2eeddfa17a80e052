"""A generated person: identity, identifiers, residence history, benefits, work permits.

Everything here is drawn from the person's own random stream, so person *i* of a seed
is the same whichever run (and whichever chunk) generates them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from inprocedere.network.text import fold

from .context import Chunk
from .names import Country, Name, draw_country
from .network import RegionDesks

MOBILE_PREFIXES = ("151", "152", "157", "160", "170", "176")  # valid with eight digits
GENDERS = (("man", 57), ("woman", 41), ("non_binary", 1), ("not_stated", 1))
_GENDER_CUM = tuple(sum(w for _, w in GENDERS[: i + 1]) for i in range(len(GENDERS)))


@dataclass(frozen=True)
class Identity:
    country: Country
    gender: str
    given: tuple[str, ...]  # spellings as written in this record
    family: str
    born: tuple[int, int | None, int | None]  # year, month, day (None: not known)

    @property
    def given_names(self) -> str:
        return " ".join(self.given)

    @property
    def birth_date(self) -> str:
        year, month, day = self.born
        if month is None:
            return f"{year:04d}"
        if day is None:
            return f"{year:04d}-{month:02d}"
        return f"{year:04d}-{month:02d}-{day:02d}"


def _spelling(name: Name, rng, variant_share: float) -> str:
    if len(name.spellings) > 1 and rng.random() < variant_share:
        return rng.choice(name.spellings[1:])
    return name.usual


def draw_identity(rng) -> tuple[Identity, tuple[Name, ...], Name]:
    """A person's identity, and the names behind it (for re-registrations)."""
    country = draw_country(rng)
    gender = rng.choices([g for g, _ in GENDERS], cum_weights=_GENDER_CUM)[0]
    pool = country.women if gender == "woman" else country.men
    if gender == "non_binary" and rng.random() < 0.5:
        pool = country.women
    given_names = (pool.draw(rng),)
    if rng.random() < 0.12:  # a second given name (a father's name, a middle name)
        given_names += (country.men.draw(rng),)
    family = country.families.draw(rng)
    year = rng.choices(YEARS, cum_weights=_YEAR_CUM)[0]
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    precision = rng.random()
    born = (
        (year, None, None) if precision < 0.1 else (year, month, None if precision < 0.17 else day)
    )
    identity = Identity(
        country,
        gender,
        tuple(_spelling(n, rng, 0.3) for n in given_names),
        _spelling(family, rng, 0.3),
        born,
    )
    return identity, given_names, family


def _year_weight(year: int) -> int:
    return 6 if 1985 <= year <= 2000 else 3 if 1975 <= year <= 2004 else 1


YEARS = tuple(range(1962, 2008))
_YEAR_CUM = tuple(sum(_year_weight(y) for y in YEARS[: i + 1]) for i in range(len(YEARS)))


def variant_of(identity: Identity, given: tuple[Name, ...], family: Name, rng):
    """The same person as another office writes them down: (identity, variation)."""
    kind = rng.choices(
        ["spelling", "swapped", "typo", "coarse_date", "middle_name"], [45, 10, 20, 15, 10]
    )[0]
    if kind == "spelling":
        spelled_given = tuple(_spelling(n, rng, 0.9) for n in given)
        spelled_family = _spelling(family, rng, 0.9)
        if (spelled_given, spelled_family) != (identity.given, identity.family):
            return replace(identity, given=spelled_given, family=spelled_family), kind
        kind = "typo"
    if kind == "swapped":
        return replace(identity, given=(identity.family,), family=identity.given[0]), kind
    if kind == "coarse_date" and identity.born[1] is not None:
        return replace(identity, born=(identity.born[0], None, None)), kind
    if kind == "middle_name":
        extra = identity.country.men.draw(rng).usual
        return replace(identity, given=(*identity.given, extra)), kind
    return replace(identity, family=_typo(identity.family, rng)), "typo"


def _typo(name: str, rng) -> str:
    if len(name) < 4:
        return name + name[-1]
    at = rng.randint(1, len(name) - 2)
    how = rng.randint(0, 2)
    if how == 0:  # two letters swapped
        return name[:at] + name[at + 1] + name[at] + name[at + 2 :]
    if how == 1:  # a letter doubled
        return name[:at] + name[at] + name[at:]
    return name[:at] + name[at + 1 :]  # a letter dropped


def add_participant(chunk: Chunk, rng, who: Identity, desks: RegionDesks, registered_by, day):
    """The participant row (search text and other derived data are refreshed after the
    chunk, by the same refreshers the services call)."""
    pk = chunk["participant"].id()
    languages = json.dumps([*who.country.languages[: rng.randint(1, 2)], "de"][:3])
    phone = f"+49{rng.choice(MOBILE_PREFIXES)}{rng.randint(10000000, 99999999)}"
    local = fold(f"{who.given[0]}.{who.family}").replace(" ", "-").replace("'", "")
    email = f"{local}{rng.randint(1, 999)}@example.org" if rng.random() < 0.3 else ""
    created = chunk.ts(day, rng.randint(7 * 60, 17 * 60))
    stateless = rng.random() < 0.03
    chunk["participant"].add(
        pk,
        who.family,
        who.given_names,
        who.birth_date,
        who.gender,
        "" if stateless else who.country.code,
        stateless,
        languages,
        phone if rng.random() < 0.6 else "",
        email,
        desks.postcode,
        desks.city,
        rng.choice((0, 0, 0, 1, 2, 3, 4)),
        "yes",
        rng.choice(("no", "no", "no", "yes", "declined", "")),
        rng.choice(("no", "no", "yes", "declined", "")),
        registered_by,
        created,
        created,
    )
    chunk.participant_ids.append(pk)
    return pk


def add_identifiers(chunk: Chunk, rng, pk: int, index: int, desks: RegionDesks, year: int):
    """The immigration office's file number, and the job centre's customer number for
    about a third: unique per organisation, searchable as ids are."""
    ids = chunk["external_id"]
    ids.add(ids.id(), pk, desks.authority.organisation_id, "file_number", f"AZ-{year}-{index:07d}")
    if desks.jobcentre is not None and rng.random() < 0.35:
        number = f"{300 + desks.region_id % 100:03d}D{index:07d}"
        ids.add(ids.id(), pk, desks.jobcentre.organisation_id, "jobcentre_customer", number)


def add_alias(chunk: Chunk, pk: int, who: Identity, given: tuple[Name, ...], family: Name):
    spellings = [s for s in family.spellings if s != who.family] or [_typo(who.family, _Fixed)]
    aliases = chunk["alias"]
    aliases.add(aliases.id(), pk, spellings[0], " ".join(n.usual for n in given), "Reisepass")


class _Fixed:
    """A stand-in random source for the one deterministic typo of an alias."""

    @staticmethod
    def randint(low, high):
        return low

    @staticmethod
    def choice(seq):
        return seq[0]
