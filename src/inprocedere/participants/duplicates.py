"""Is this person perhaps registered already? One function, `find_possible_duplicates`.

The registration warning (form and API) and the sheet import ask here. The matching
itself lives in `inprocedere.duplicates` (the likelihood model, blocking keys, the
explanation of every comparison; see docs/duplicates.md): only participants sharing a
blocking key with the entered person are loaded, never everybody, and only among the
people the asker may read (docs/access-policy.md, "Duplicate checks do not disclose").
This module keeps the registration's view of it: the match probability in per cent and
the explanation as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from inprocedere.duplicates.candidates import candidates_for
from inprocedere.duplicates.reasons import render_all


@dataclass
class Candidate:
    participant: object
    score: int  # 0–100
    reasons: list[str] = field(default_factory=list)
    weight: float = 0.0  # the match weight (bits): orders candidates the rounded score ties


def find_possible_duplicates(
    family_name: str,
    given_names: str,
    birth_date,
    *,
    citizenships=(),
    gender: str = "",
    birth_place: str = "",
    limit: int = 10,
    among=None,
) -> list[Candidate]:
    """Participants who may be the person entered, best match first.

    `among` narrows the search to a queryset (the participants the officer may see);
    by default every participant is considered (system code such as the import).
    """
    found = candidates_for(
        family_name,
        given_names,
        birth_date,
        citizenships,
        gender=gender,
        birth_place=birth_place,
        among=among,
        limit=limit,
    )
    return [
        Candidate(
            candidate.participant,
            round(candidate.score * 100),
            render_all(candidate.reasons),
            candidate.weight,
        )
        for candidate in found
    ]
