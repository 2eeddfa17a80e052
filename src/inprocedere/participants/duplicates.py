"""Is this person perhaps registered already? One function, `find_possible_duplicates`.

A first, simple matcher (a scale-grade one comes later and replaces this module's
insides, not its interface):

1. *Blocking*: only participants who share a phonetic name key (see `search.py`; it
   absorbs transliteration variants such as Mohammed/Muhammad/Mohamad/Mohamed and
   Müller/Mueller/Muller) or whose birth year fits are loaded, never everybody.
2. *Scoring* with rapidfuzz: every spelling of the candidate (name and aliases) against
   the entered name, as given + family and swapped, on folded text and on the keys.
3. *Birth date*: must be compatible; a year-only or month-only date is compatible with
   every full date inside it. A missing date on either side is no evidence either way
   (allowed, but scored lower). Different birth years never match.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from inprocedere.core.partial_dates import PartialDate

from .search import PARTICLES, key_filter_value, name_key, name_parts

NAME_THRESHOLD = 80  # of 100: below this, names are not considered similar
DATE_WEIGHT = {"same": 1.0, "compatible": 0.95, "unknown": 0.85}


@dataclass
class Candidate:
    participant: object
    score: int  # 0–100
    reasons: list[str] = field(default_factory=list)


def _folded(given: str, family: str) -> str:
    return " ".join(name_parts(given, family))


def _keys(given: str, family: str) -> str:
    return " ".join(name_key(p) for p in name_parts(given, family) if p not in PARTICLES)


def _name_similarity(given: str, family: str, other_given: str, other_family: str):
    """(score, kind) of two names: kind is 'same', 'swapped', 'spelling' or 'similar'."""
    mine, theirs = _folded(given, family), _folded(other_given, other_family)
    if not mine or not theirs:
        return 0, ""
    if mine == theirs:
        return 100, "same"
    if _folded(family, given) == theirs:
        return 98, "swapped"
    # Same parts in another order or split differently ("Abdel Rahman" / "Abdelrahman").
    by_text = max(
        fuzz.token_sort_ratio(mine, theirs),
        fuzz.ratio(mine.replace(" ", ""), theirs.replace(" ", "")),
    )
    by_keys = fuzz.token_sort_ratio(_keys(given, family), _keys(other_given, other_family))
    if by_keys == 100:
        return max(95, by_text), "spelling"
    return max(by_text, by_keys * 0.9), "similar"


def _spellings(participant):
    yield participant.given_names, participant.family_name, None
    for alias in participant.aliases.all():
        yield alias.given_names, alias.family_name, alias


def _date_compatibility(entered: PartialDate | None, known: PartialDate | None) -> str | None:
    if entered is None or known is None:
        return "unknown"
    if entered.earliest() > known.latest() or known.earliest() > entered.latest():
        return None
    if entered == known:
        return "same"
    return "compatible"


def _date_reason(kind: str, known: PartialDate | None) -> str:
    if kind == "same":
        return _("Same date of birth (%(date)s).") % {"date": known.display()}
    if kind == "compatible":
        return _("Compatible date of birth (%(date)s); one of the dates is incomplete.") % {
            "date": known.display()
        }
    return _("Date of birth unknown on one side.")


def _name_reason(kind: str, alias, given: str, family: str) -> str:
    name = f"{given} {family}".strip()
    reasons = {
        "same": _("Same name: %(name)s."),
        "swapped": _("Same name with given and family names swapped: %(name)s."),
        "spelling": _("Another spelling of the name: %(name)s."),
        "similar": _("Similar name: %(name)s."),
    }
    text = reasons[kind] % {"name": name}
    if alias is not None:
        text += " " + _("(an alias, used by/on: %(source)s)") % {"source": alias.source or "–"}
    return text


def _blocked(queryset, given_names: str, family_name: str, birth_date: PartialDate | None):
    keys = {name_key(p) for p in name_parts(given_names, family_name) if p not in PARTICLES}
    block = Q()
    for key in keys:
        block |= Q(search_text__contains=key_filter_value(key))
    if birth_date is not None:
        block |= Q(birth_date__startswith=f"{birth_date.year:04d}")
    if not block:
        return queryset.none()
    return queryset.filter(block).prefetch_related("aliases").select_related("registered_by")


def find_possible_duplicates(
    family_name: str,
    given_names: str,
    birth_date: PartialDate | None,
    *,
    limit: int = 10,
    among=None,
) -> list[Candidate]:
    """Participants who may be the person entered, best match first.

    `among` narrows the search to a queryset (the participants the officer may see);
    by default every participant is considered.
    """
    if among is None:
        from .models import Participant

        among = Participant.unrestricted.all()
    candidates = []
    for participant in _blocked(among, given_names, family_name, birth_date):
        date_kind = _date_compatibility(birth_date, participant.birth_date)
        if date_kind is None:
            continue
        best = None
        for given, family, alias in _spellings(participant):
            score, kind = _name_similarity(given_names, family_name, given, family)
            if best is None or score > best[0]:
                best = (score, kind, alias, given, family)
        score, kind, alias, given, family = best
        if score < NAME_THRESHOLD:
            continue
        reasons = [_name_reason(kind, alias, given, family)]
        reasons.append(_date_reason(date_kind, participant.birth_date))
        candidates.append(Candidate(participant, round(score * DATE_WEIGHT[date_kind]), reasons))
    candidates.sort(key=lambda c: (-c.score, c.participant.family_name, c.participant.pk))
    return candidates[:limit]
