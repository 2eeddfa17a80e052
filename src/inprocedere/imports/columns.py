"""The participant sheet: its columns, their German aliases and their value vocabularies.

docs/import.md describes the format for people; this module is the same description for
the code. Header cells and vocabulary values are compared in a folded form (lower case,
umlauts spelled out, every run of other characters one underscore), so "Staats-
angehörigkeit", "staatsangehoerigkeit" and "STAATSANGEHÖRIGKEIT" are the same column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """'Staatsangehörigkeit ' -> 'staatsangehoerigkeit'; 'Keine Angabe' -> 'keine_angabe'."""
    text = unicodedata.normalize("NFC", str(text or "")).strip().lower().translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub("_", text).strip("_")


YES_NO = {
    "yes": ("ja", "j", "y", "1", "true", "wahr", "x"),
    "no": ("nein", "n", "0", "false", "falsch"),
}
YES_NO_DECLINED = {
    **YES_NO,
    "declined": (
        "keine_angabe",
        "k_a",
        "ka",
        "not_stated",
        "no_answer",
        "refused",
        "verweigert",
        "angabe_verweigert",
    ),
}
GENDER = {
    "woman": ("w", "f", "weiblich", "frau", "female"),
    "man": ("m", "maennlich", "mann", "male"),
    "non_binary": ("d", "divers", "nonbinary", "non_binary", "x", "nicht_binaer"),
    "not_stated": ("keine_angabe", "k_a", "ka", "declined", "unbekannt", "unknown"),
}
BENEFITS = {
    # AsylbLG without a paragraph is the basic benefit (§ 3); § 2 can be named.
    "asylblg_3": ("asylblg", "asylblg3", "asylblg_p3", "asylblg_3"),
    "asylblg_2": ("asylblg2", "asylblg_p2", "asylblg_analog"),
    "sgb2": ("sgb_ii", "sgbii", "sgb_2", "buergergeld", "alg_ii", "alg2", "alg_2"),
    "sgb3": ("sgb_iii", "sgbiii", "sgb_3", "alg_i", "alg1", "alg_1"),
    "sgb12": ("sgb_xii", "sgbxii", "sgb_12", "sozialhilfe"),
    "none": ("keine", "kein", "keine_leistungen", "ohne"),
}
EMPLOYMENT_STATUS = {
    "unemployed": ("arbeitslos",),
    "long_term_unemployed": ("langzeitarbeitslos", "long_term", "ltu"),
    "inactive": ("nicht_erwerbstaetig", "nichterwerbstaetig", "inaktiv"),
    "employed": ("erwerbstaetig", "beschaeftigt", "angestellt"),
    "self_employed": ("selbststaendig", "selbstaendig", "selbststaendig_erwerbstaetig"),
}
STATUS_ON_LEAVING = {
    "job_searching": ("arbeitsuchend", "arbeitssuchend", "job_suchend"),
    "education_training": ("in_ausbildung", "ausbildung", "bildung", "schule", "weiterbildung"),
    "employed": ("erwerbstaetig", "beschaeftigt", "angestellt"),
    "self_employed": ("selbststaendig", "selbstaendig"),
    "inactive": ("nicht_erwerbstaetig", "nichterwerbstaetig", "inaktiv"),
    "other": ("sonstiges", "sonstige", "andere"),
}
EXIT_REASON = {
    "placed": ("vermittelt", "vermittlung"),
    "goals_reached": ("ziele_erreicht", "ziel_erreicht"),
    "handed_over": ("uebergeben", "uebergabe"),
    "moved_away": ("verzogen", "umzug", "weggezogen"),
    "left_country": ("ausgereist", "ausreise", "abgeschoben"),
    "no_contact": ("kein_kontakt", "kontaktabbruch"),
    "other": ("sonstiges", "sonstige", "andere"),
}
STATELESS = ("stateless", "staatenlos")


@dataclass(frozen=True)
class Column:
    name: str
    label: object  # a lazy translation: what the column holds, for reports and docs
    aliases: tuple[str, ...] = ()
    required: bool = False
    kind: str = "text"  # text, date, partial_date, choice, citizenship, isced, hours, status
    vocabulary: dict = field(default_factory=dict)
    max_length: int = 0


COLUMNS = (
    Column(
        "participant_ref",
        _("Participant reference"),
        ("teilnehmernummer", "teilnehmer_nr", "tn_nr", "tn_nummer", "kennung", "referenz"),
        required=True,
        max_length=100,
    ),
    Column(
        "family_name",
        _("Family name"),
        ("nachname", "familienname", "name"),
        required=True,
        max_length=150,
    ),
    Column(
        "given_names",
        _("Given names"),
        ("vorname", "vornamen"),
        required=True,
        max_length=150,
    ),
    Column("birth_date", _("Date of birth"), ("geburtsdatum",), kind="partial_date"),
    Column("gender", _("Gender"), ("geschlecht",), kind="choice", vocabulary=GENDER),
    Column(
        "citizenship",
        _("Citizenship"),
        ("staatsangehoerigkeit", "staatsangehoerigkeiten", "nationalitaet"),
        kind="citizenship",
    ),
    Column(
        "foreign_background",
        _("Foreign background"),
        ("migrationshintergrund",),
        kind="choice",
        vocabulary=YES_NO_DECLINED,
    ),
    Column("postcode", _("Postcode"), ("plz", "postleitzahl"), max_length=10),
    Column("municipality", _("Municipality"), ("wohnort", "gemeinde", "ort"), max_length=150),
    Column(
        "rural",
        _("Rural area"),
        ("laendlicher_raum", "laendlich"),
        kind="choice",
        vocabulary=YES_NO,
    ),
    Column(
        "homeless",
        _("Homeless or affected by housing exclusion"),
        ("wohnungslos", "obdachlos"),
        kind="choice",
        vocabulary=YES_NO,
    ),
    Column("residence_status", _("Residence status"), ("aufenthaltsstatus",), kind="status"),
    Column(
        "residence_valid_until",
        _("Residence status valid until"),
        ("aufenthalt_gueltig_bis", "aufenthaltsstatus_gueltig_bis", "gueltig_bis"),
        kind="date",
    ),
    Column(
        "benefits",
        _("Benefits"),
        ("leistungsbezug", "leistungen"),
        kind="choice",
        vocabulary=BENEFITS,
    ),
    Column(
        "employment_status_at_entry",
        _("Employment status at entry"),
        ("erwerbsstatus_bei_eintritt", "erwerbsstatus"),
        kind="choice",
        vocabulary=EMPLOYMENT_STATUS,
    ),
    Column("isced", _("ISCED level"), ("isced_stufe", "bildungsstand"), kind="isced"),
    Column(
        "disability",
        _("Disability"),
        ("behinderung",),
        kind="choice",
        vocabulary=YES_NO_DECLINED,
    ),
    Column(
        "minority",
        _("Minority"),
        ("minderheit",),
        kind="choice",
        vocabulary=YES_NO_DECLINED,
    ),
    Column(
        "esf_consent",
        _("ESF monitoring consent"),
        ("esf_einwilligung", "einwilligung_esf"),
        kind="choice",
        vocabulary=YES_NO,
    ),
    Column(
        "entry_date",
        _("Entry date"),
        ("eintrittsdatum", "eintritt"),
        required=True,
        kind="date",
    ),
    Column(
        "counselling_hours",
        _("Counselling hours"),
        ("beratungsstunden", "stunden"),
        kind="hours",
    ),
    Column("exit_date", _("Exit date"), ("austrittsdatum", "austritt"), kind="date"),
    Column(
        "exit_reason",
        _("Exit reason"),
        ("austrittsgrund",),
        kind="choice",
        vocabulary=EXIT_REASON,
    ),
    Column(
        "status_upon_leaving",
        _("Status upon leaving"),
        ("status_bei_austritt", "verbleib_bei_austritt"),
        kind="choice",
        vocabulary=STATUS_ON_LEAVING,
    ),
    Column(
        "qualification_gained",
        _("Qualification gained"),
        ("qualifikation_erworben", "abschluss_erworben"),
        kind="choice",
        vocabulary=YES_NO,
    ),
    Column(
        "status_6_months",
        _("Status six months after leaving"),
        ("status_nach_6_monaten", "verbleib_nach_6_monaten"),
        kind="choice",
        vocabulary=STATUS_ON_LEAVING,
    ),
    Column(
        "situation_improved_6_months",
        _("Situation improved six months after leaving"),
        ("situation_verbessert_nach_6_monaten", "situation_verbessert"),
        kind="choice",
        vocabulary=YES_NO,
    ),
)
BY_NAME = {column.name: column for column in COLUMNS}
REQUIRED = tuple(column.name for column in COLUMNS if column.required)


def _header_index() -> dict[str, str]:
    index = {}
    for column in COLUMNS:
        index[fold(column.name)] = column.name
        for alias in column.aliases:
            index[fold(alias)] = column.name
    return index


_HEADERS = _header_index()


def column_for(header: str) -> str | None:
    """The column a header cell names (English name or German alias), or None."""
    return _HEADERS.get(fold(header))


def _value_index(vocabulary: dict) -> dict[str, str]:
    index = {}
    for code, aliases in vocabulary.items():
        index[fold(code)] = code
        for alias in aliases:
            index[fold(alias)] = code
    return index


_VALUES = {column.name: _value_index(column.vocabulary) for column in COLUMNS if column.vocabulary}


def choice_for(column: str, value: str) -> str | None:
    """The code a cell means ('weiblich' -> 'woman'), or None if it means nothing known."""
    return _VALUES[column].get(fold(value))


def codes(column: str) -> list[str]:
    return list(BY_NAME[column].vocabulary)
