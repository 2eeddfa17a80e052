"""The ESF+ indicators' codes, labels and fixed sets (Reg. (EU) 2021/1057 Annex I, LAW.md §4).

Declarative data shared by the SQL that counts (`esf_sql`), the report (`esf`), the
forms, exports and disclosure control.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

GENDERS = ("woman", "man", "non_binary")
OUTPUT_CODES = tuple(f"EECO{number:02d}" for number in range(1, 18))
RESULT_CODES = tuple(f"EECR{number:02d}" for number in range(1, 7))
CODES = OUTPUT_CODES + RESULT_CODES
REASONS = ("no_esf_consent", "incomplete_mandatory", "below_threshold")
UPON_LEAVING_DAYS = 28

LABELS = {
    "EECO01": _("Total participants"),
    "EECO02": _("Unemployed, including long-term unemployed"),
    "EECO03": _("Long-term unemployed"),
    "EECO04": _("Inactive"),
    "EECO05": _("Employed, including self-employed"),
    "EECO06": _("Under 18 years of age"),
    "EECO07": _("18 to 29 years of age"),
    "EECO08": _("55 years of age and over"),
    "EECO09": _("Lower secondary education or less (ISCED 0–2)"),
    "EECO10": _("Upper secondary or post-secondary education (ISCED 3–4)"),
    "EECO11": _("Tertiary education (ISCED 5–8)"),
    "EECO12": _("Participants with disabilities"),
    "EECO13": _("Third-country nationals"),
    "EECO14": _("Participants with a foreign background"),
    "EECO15": _("Minorities"),
    "EECO16": _("Homeless or affected by housing exclusion"),
    "EECO17": _("Participants from rural areas"),
    "EECR01": _("Job searching upon leaving"),
    "EECR02": _("In education or training upon leaving"),
    "EECR03": _("Gained a qualification upon leaving"),
    "EECR04": _("In employment, including self-employment, upon leaving"),
    "EECR05": _("In employment, including self-employment, six months after leaving"),
    "EECR06": _("Labour-market situation improved six months after leaving"),
}
REASON_LABELS = {
    "no_esf_consent": _("Not counted: no ESF monitoring consent"),
    "incomplete_mandatory": _("Not counted: mandatory entry data incomplete"),
    "below_threshold": _("Not counted: counselling hours below the threshold"),
}
GENDER_LABELS = {"woman": _("Women"), "man": _("Men"), "non_binary": _("Non-binary")}

# EU member states (ISO 3166-1 alpha-2). Anyone without one of these is a third-country
# national for EECO13, including stateless people.
EU_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)

UNEMPLOYED = {"unemployed", "long_term_unemployed"}
EMPLOYED = {"employed", "self_employed"}
# What a placement starting within 28 days after the exit means for the status upon leaving.
PLACEMENT_STATUS = {
    "employment": "employed",
    "marginal": "employed",
    "self_employment": "self_employed",
    "vocational_training": "education_training",
    "school": "education_training",
}
