"""Names reduced to a romanisation-neutral form, so spellings of one name compare equal.

Names from Arabic, Persian, Tigrinya (and German) reach the register in many Latin
spellings: an English-trained officer writes *Muhammad*, a German one *Mohammed*, a
French passport *Mouhamed*. The rules below undo the usual differences. They are data,
not code paths: each rule is a regular expression, a replacement, what it is for and
examples (tests/duplicates/test_romanisation.py checks every example, and
docs/duplicates.md prints this table).

The normal form is only ever compared with other normal forms and fed to the Kölner
Phonetik; it is never shown. Over-normalising is cheap (a false candidate is reviewed
and dismissed by a person), missing a real duplicate is not, so rules lean towards
merging spellings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cologne_phonetics
from anyascii import anyascii

from inprocedere.network.text import fold


@dataclass(frozen=True)
class Rule:
    pattern: str
    replacement: str
    purpose: str
    examples: tuple[tuple[str, str], ...]  # (spelling, another spelling of the same name)

    def compiled(self):
        return re.compile(self.pattern)


# Whole name parts that are abbreviations of a longer name.
ABBREVIATIONS = {"mhd": "muhammad", "mohd": "muhammad", "md": "muhammad", "muh": "muhammad"}

# The Arabic article as a part of its own ("Al-Hassan", "El Sayed"): dropped before the
# word it belongs to.
ARTICLES = frozenset({"al", "el", "ul", "ol", "ad", "ar", "as", "ash", "at", "az", "an", "ed"})

# "Abd" written as a part of its own ("Abd al-Rahman", "Abdul Rahman"): joined to the
# name it belongs to.
ABD_PREFIXES = frozenset(
    {"abd", "abdel", "abdul", "abdal", "abdol", "abdoul", "abdur", "abdar", "abdu", "abdulla"}
)

# Parts saying whose son or daughter someone is, or prepositions of German and Dutch
# names: kept in the text, but never a blocking key of their own (too common).
PARTICLES = frozenset(
    {"abu", "abou", "bin", "ben", "ibn", "bint", "von", "van", "de", "der", "den", "la", "zu"}
)

# Applied in this order to every name part (already folded: lower case, no diacritics,
# ä/ö/ü/ß as ae/oe/ue/ss, see network.text.fold).
RULES: tuple[Rule, ...] = (
    Rule(
        r"^abd(?:[aeiou]{1,2}(?:l|([rsdntz])(?=\1))?)?(?=[a-z]{3})",
        "abdal",
        "'Servant of': Abdel-, Abdul-, Abdi-, Abd ar- (assimilated article) are one prefix",
        (
            ("Abdelrahman", "Abd al-Rahman"),
            ("Abdulrahman", "Abdel Rahman"),
            ("Abdurrahman", "Abdelrahman"),
            ("Abdirahman", "Abdulrahman"),
            ("Abdullah", "Abdallah"),
            ("Abdelaziz", "Abdulaziz"),
        ),
    ),
    Rule(
        r"^(?:al|el)(?=[bcdfghjklmnpqrstvwxz][a-z]{3})",
        "",
        "The Arabic article written together with the name: Alhassan, Al-Hassan; Elsayed, "
        "El Sayed (before a consonant, so Alexander and Elias keep theirs)",
        (("Alhassan", "Al-Hassan"), ("Elsayed", "El Sayed"), ("Alkhatib", "Al Khatib")),
    ),
    Rule(
        r"ae",
        "a",
        "German umlaut written out (ä = ae) or left out: Jäger, Jaeger, Jager",
        (("Jäger", "Jager"), ("Jaeger", "Jäger")),
    ),
    Rule(
        r"oe",
        "o",
        "German umlaut written out (ö = oe) or left out: Özdemir, Oezdemir, Ozdemir",
        (("Özdemir", "Ozdemir"), ("Schröder", "Schroeder")),
    ),
    Rule(
        r"ue",
        "u",
        "German umlaut written out (ü = ue) or left out: Müller, Mueller, Muller",
        (("Müller", "Muller"), ("Mueller", "Müller")),
    ),
    Rule(
        r"dsch|dzh|dj",
        "j",
        "The sound of English j: German Dsch-, French Dj-, English J-",
        (("Dschamal", "Jamal"), ("Djamel", "Jamel"), ("Dschafar", "Jafar")),
    ),
    Rule(
        r"sch",
        "sh",
        "The sound of English sh: German sch, English sh",
        (("Schakir", "Shakir"), ("Aischa", "Aisha")),
    ),
    Rule(
        r"kh|ch",
        "h",
        "Arabic ḥ and kh: German ch (Achmed, Chalid), English kh or h (Khalid, Ahmed)",
        (("Achmed", "Ahmed"), ("Chalid", "Khalid"), ("Khaled", "Haled")),
    ),
    Rule(
        r"gh",
        "g",
        "Arabic and Tigrinya gh often written g: Ghebre, Gebre; Ghassan, Gassan",
        (("Ghebremedhin", "Gebremedhin"), ("Ghassan", "Gassan")),
    ),
    Rule(
        r"q|ck|c",
        "k",
        "Arabic qaf as q, k or c; German ck: Qasim, Kasim, Cassim; Tareq, Tarek",
        (("Qasim", "Kasim"), ("Cassim", "Kasim"), ("Tarek", "Tareq")),
    ),
    Rule(r"ph", "f", "ph for f: Mustapha, Mustafa", (("Mustapha", "Mustafa"),)),
    Rule(
        r"w",
        "v",
        "Persian and Tigrinya v and w: Vahid, Wahid; Navid, Nawid",
        (("Vahid", "Wahid"), ("Navid", "Nawid")),
    ),
    Rule(
        r"ou|oo",
        "u",
        "French and English u: Youssef, Yusuf; Mouhamed, Muhamed; Noor, Nur",
        (("Mouhamed", "Muhamed"), ("Noor", "Nur"), ("Youssouf", "Yusuf")),
    ),
    Rule(
        r"ei|ey|ai|ay",
        "ai",
        "Diphthongs: Hussein, Husain; Heidari, Haydari; Tesfay, Tesfai; Meier, Mayer",
        (("Hussein", "Husain"), ("Heidari", "Haydari"), ("Tesfay", "Tesfai"), ("Meier", "Mayer")),
    ),
    Rule(
        r"ee|ie",
        "i",
        "English and German long i: Kareem, Karim; Raheem, Rahim",
        (("Kareem", "Karim"), ("Raheem", "Rahim")),
    ),
    Rule(
        r"y",
        "i",
        "y as a vowel or glide: Yasmin, Iasmin (j and y of Jusuf and Yusuf meet in the "
        "phonetic key instead, since j is also English j)",
        (("Yasmin", "Iasmin"),),
    ),
    Rule(
        r"(?<=[aeiou])h$",
        "",
        "A final h after a vowel (ta marbuta, Persian -eh): Fatimah, Fatima; Zadeh, Zade",
        (("Fatimah", "Fatima"), ("Abdallah", "Abdalla"), ("Zadeh", "Zade")),
    ),
    Rule(
        r"e",
        "a",
        "Arabic has three short vowels; a is written a or e: Ahmad, Ahmed; Mahmed, Mahmad",
        (("Ahmed", "Ahmad"), ("Mohamed", "Mohamad")),
    ),
    Rule(
        r"o",
        "u",
        "Arabic has three short vowels; u is written u or o: Omar, Umar; Osman, Usman",
        (("Omar", "Umar"), ("Osman", "Usman"), ("Mohammed", "Muhammad")),
    ),
    Rule(
        r"([a-z])\1+",
        r"\1",
        "Doubled letters (shadda; ss from ß): Mohammed, Mohamed; Hussain, Husain; Strauß, Straus",
        (("Mohammed", "Mohamed"), ("Hussain", "Husain"), ("Strauß", "Straus")),
    ),
)

_COMPILED = tuple((rule.compiled(), rule.replacement) for rule in RULES)
_NON_LETTERS = re.compile(r"[^a-z]+")
# The Arabic article written in Arabic script ("الحسن"): dropped before transliteration,
# as the rules above drop "al-" of a Latin spelling.
_ARABIC_ARTICLE = re.compile(r"(?<![\u0600-\u06FF])\u0627\u0644(?=[\u0600-\u06FF]{2})")


def folded_parts(name: str) -> list[str]:
    """Folded name parts, letters only: 'Al-Hassan' → ['al', 'hassan'].

    Other scripts are transliterated to Latin letters first (anyascii): Cyrillic and
    Ge'ez with their vowels (Мухаммед → mukhammed, ተስፋይ → tesfay), Arabic script as it is
    written, without short vowels (محمد → mhmd), so it meets a Latin spelling only as a
    similar name."""
    text = fold(_ARABIC_ARTICLE.sub("", name or ""))
    if not text.isascii():
        text = anyascii(text).lower()
    return [part for part in _NON_LETTERS.split(text) if part]


def normal_part(part: str) -> str:
    """One folded name part in normal form: 'mohammed' → 'muhamad'."""
    part = ABBREVIATIONS.get(part, part)
    for pattern, replacement in _COMPILED:
        part = pattern.sub(replacement, part)
    return part


def joined_parts(parts: list[str]) -> list[str]:
    """Join the prefix 'Abd' (and its article) to the name it belongs to; drop a
    separate article before a name ('Abd al Rahman' → ['abdalrahman'],
    'Al Hassan' → ['hassan'])."""
    joined: list[str] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        if part in ABD_PREFIXES and index + 1 < len(parts):
            rest = parts[index + 1 :]
            if rest[0] in ARTICLES and len(rest) > 1:
                rest = rest[1:]
                index += 1
            joined.append("abd" + rest[0])
            index += 2
            continue
        if part in ARTICLES and index + 1 < len(parts):
            index += 1
            continue
        joined.append(part)
        index += 1
    return joined


def normal_parts(name: str) -> list[str]:
    """The normal form of a name, part by part: 'Abd al-Rahman' → ['abdalrahman']."""
    return [normal_part(part) for part in joined_parts(folded_parts(name))]


def keyed_parts(name: str) -> list[str]:
    """The parts that may serve as blocking keys (particles removed)."""
    return [normal_part(part) for part in joined_parts(folded_parts(name)) if part not in PARTICLES]


def phonetic(part: str) -> str:
    """Kölner Phonetik of a normal-form part ('mohamed' → '662'); '' if nothing is left."""
    if not part:
        return ""
    return "".join(code for _word, code in cologne_phonetics.encode(part))


def rules_table() -> list[tuple[str, str, str, str]]:
    """(pattern, replacement, purpose, examples) for the documentation."""
    return [
        (
            rule.pattern,
            rule.replacement,
            rule.purpose,
            "; ".join(f"{a} = {b}" for a, b in rule.examples),
        )
        for rule in RULES
    ]


__all__ = [
    "ABBREVIATIONS",
    "ARTICLES",
    "PARTICLES",
    "RULES",
    "folded_parts",
    "joined_parts",
    "keyed_parts",
    "normal_part",
    "normal_parts",
    "phonetic",
]
