"""The figure a page shows and the people behind it agree (`EsfReport.count_for`,
`ids_for`, `ids_query`), for every indicator, every gender and every not-counted reason.

Written against the surviving mutants of `reporting/esf.py` (docs/testing.md): the rules'
and database tests never called `count_for`, a page of `ids_for`, `as_json` or a reason
split across genders, so mutants there went unnoticed.
"""

import datetime as dt

import pytest

from inprocedere.reporting.esf import CODES, GENDERS, REASONS, Figure, build_report
from inprocedere.reporting.selectors import resolve_scope

pytestmark = pytest.mark.django_db
FROM, TO = dt.date(2010, 1, 1), dt.date(2010, 12, 31)


def test_every_count_is_the_number_of_people_behind_it(carrier, make_participant):
    woman = make_participant()
    man = make_participant(gender="man", employment_status_at_entry="long_term_unemployed")
    make_participant(gender="non_binary")
    no_consent = make_participant(consent=False)
    # Not counted for the same reason, another gender: the database returns one row per
    # gender and reason, and the report adds them up.
    no_consent_man = make_participant(gender="man", consent=False)
    make_participant(hours=7)
    scope = resolve_scope(organisation=carrier.slug)
    report = build_report(date_from=FROM, date_to=TO, scope=scope)

    assert report.count_for("EECO01") == 3
    assert [report.count_for("EECO01", gender) for gender in GENDERS] == [1, 1, 1]
    assert report.ids_for("EECO01", "woman") == [woman.pk]
    assert report.count_for("EECO03", "man") == 1 and report.count_for("EECO03", "woman") == 0
    assert report.ids_for("EECO03", "man") == [man.pk]
    for code in CODES:
        for gender in ("total", *GENDERS):
            assert report.count_for(code, gender) == len(report.ids_for(code, gender)), (
                code,
                gender,
            )

    assert report.count_for("no_esf_consent") == 2
    assert report.ids_for("no_esf_consent") == sorted([no_consent.pk, no_consent_man.pk])
    assert report.count_for("below_threshold") == 1
    for reason in REASONS:
        assert report.count_for(reason) == len(report.ids_for(reason)), reason
        # The not-counted reasons are not split by gender: nobody, not everybody.
        for gender in GENDERS:
            assert report.count_for(reason, gender) == 0
            assert report.ids_query(reason, gender) is None
            assert report.ids_for(reason, gender) == []

    # A page of the people behind a figure, and the default gender of the query.
    everyone = report.ids_for("EECO01")
    assert report.ids_for("EECO01", limit=2) == everyone[:2]
    assert report.ids_for("EECO01", limit=2, offset=1) == everyone[1:3]
    assert report.ids_query("EECO01") == report.ids_query("EECO01", "total")

    # The JSON the API and the command line give: period, scope, every code and reason.
    data = report.as_json()
    assert (data["from"], data["to"], data["scope"]) == ("2010-01-01", "2010-12-31", scope.key)
    assert scope.key
    assert list(data["indicators"]) == list(CODES)
    assert data["indicators"]["EECO01"] == {"total": 3, "woman": 1, "man": 1, "non_binary": 1}
    assert data["not_counted"] == {
        "no_esf_consent": 2,
        "incomplete_mandatory": 0,
        "below_threshold": 1,
    }


def test_a_figure_counts_by_gender_and_in_total():
    figure = Figure()
    assert figure.as_counts() == {"total": 0, "woman": 0, "man": 0, "non_binary": 0}
    figure.counts["woman"] += 2
    figure.counts["non_binary"] += 1
    assert figure.total == 3
    assert figure.count("woman") == 2 and figure.count("man") == 0
    assert figure.as_counts() == {"total": 3, "woman": 2, "man": 0, "non_binary": 1}
