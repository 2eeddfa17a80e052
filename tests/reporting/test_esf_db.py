"""The ESF report over real records: loading, scopes, query count, the command line, exports."""

import csv
import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from inprocedere.cases.models import Enrollment, Measure
from inprocedere.reporting.esf import CODES, REASONS, build_report
from inprocedere.reporting.selectors import ScopeError, resolve_scope

from .conftest import ENTRY, add_case

pytestmark = pytest.mark.django_db
FROM, TO = dt.date(2010, 1, 1), dt.date(2010, 12, 31)


def esf(carrier, **kwargs):
    scope = resolve_scope(organisation=carrier.slug, **kwargs)
    return build_report(date_from=FROM, date_to=TO, scope=scope)


def test_counts_from_the_database(carrier, make_participant):
    woman = make_participant(birth_date="1993", isced_at_entry=2, homeless=True)
    man = make_participant(
        gender="man", employment_status_at_entry="long_term_unemployed", citizenships=("DE", "SY")
    )
    no_consent = make_participant(consent=False)
    incomplete = make_participant(gender="not_stated")
    too_short = make_participant(hours=7)
    report = esf(carrier)
    assert report.ids_for("EECO01") == sorted([woman.pk, man.pk])
    assert report.ids_for("EECO06") == [woman.pk]  # 1.1.1993 → 17 on 15.3.2010
    assert report.ids_for("EECO07") == [man.pk]
    assert report.ids_for("EECO03", "man") == [man.pk]
    assert report.ids_for("EECO13") == [woman.pk]
    assert report.ids_for("EECO16") == [woman.pk]
    assert report.ids_for("no_esf_consent") == [no_consent.pk]
    assert report.ids_for("incomplete_mandatory") == [incomplete.pk]
    assert report.ids_for("below_threshold") == [too_short.pk]


def test_partial_birth_dates_come_back_from_the_database(carrier, make_participant):
    seventeen = make_participant(birth_date="1992-04")  # 1.4.1992 → 17 on 15.3.2010
    eighteen = make_participant(birth_date="1992-03")  # 1.3.1992 → 18
    report = esf(carrier)
    assert report.ids_for("EECO06") == [seventeen.pk]
    assert report.ids_for("EECO07") == [eighteen.pk]


def test_stateless_and_declined_from_the_database(carrier, make_participant):
    stateless = make_participant(citizenships=())
    stateless.stateless = True
    stateless.disability = "declined"
    stateless.minority = "yes"
    stateless.save()
    report = esf(carrier)
    assert report.ids_for("EECO13") == [stateless.pk]
    assert report.ids_for("EECO12") == []
    assert report.ids_for("EECO15") == [stateless.pk]


def test_re_entry_and_results_from_the_database(carrier, make_participant):
    exit_day = dt.date(2010, 6, 30)
    person = make_participant(exit=(dt.date(2010, 4, 30), "job_searching"))
    add_case(
        person,
        carrier,
        entry=dt.date(2010, 5, 10),
        hours=0,
        employment_status_at_entry="employed",
        exit=(exit_day, "job_searching"),
        placement=("employment", exit_day + dt.timedelta(days=28)),
        follow_up=("employed", True),
    )
    late = make_participant(
        exit=(exit_day, "job_searching"),
        placement=("employment", exit_day + dt.timedelta(days=29)),
    )
    report = esf(carrier)
    assert report.ids_for("EECO01") == sorted([person.pk, late.pk])
    assert report.ids_for("EECO05") == []  # the first entry's status: unemployed
    assert report.ids_for("EECR04") == [person.pk]
    assert report.ids_for("EECR01") == [late.pk]
    assert report.ids_for("EECR05") == [person.pk]
    assert report.ids_for("EECR06") == [person.pk]


def test_a_completed_enrolment_with_qualification_counts(carrier, make_participant):
    person = make_participant(exit=(dt.date(2010, 9, 1), "job_searching"))
    measure = Measure.objects.create(
        title="Kurs",
        provider=carrier,
        type="qualification",
        funding_source="esf",
        starts_on=dt.date(2010, 4, 1),
        ends_on=dt.date(2010, 8, 1),
    )
    Enrollment.objects.create(
        case=person.cases.get(),
        measure=measure,
        state="completed",
        ended_on=dt.date(2010, 8, 1),
        qualification_gained=True,
    )
    assert esf(carrier).ids_for("EECR03") == [person.pk]


def test_scopes(carrier, make_participant):
    in_subproject = make_participant()
    without_subproject = make_participant(subproject=False)
    by_region = build_report(
        date_from=FROM, date_to=TO, scope=resolve_scope(region=carrier.test_region.slug)
    )
    assert by_region.ids_for("EECO01") == [in_subproject.pk]
    by_subproject = build_report(
        date_from=FROM, date_to=TO, scope=resolve_scope(subproject=carrier.test_subproject.pk)
    )
    assert by_subproject.ids_for("EECO01") == [in_subproject.pk]
    assert esf(carrier).ids_for("EECO01") == sorted([in_subproject.pk, without_subproject.pk])
    network = build_report(date_from=FROM, date_to=TO, scope=resolve_scope())
    assert set(network.ids_for("EECO01")) >= {in_subproject.pk, without_subproject.pk}
    assert network.scope == "network"
    assert esf(carrier).scope == "organisation:esf-test-carrier"


@pytest.mark.parametrize(
    "kwargs", [{"organisation": "nowhere"}, {"region": "nowhere"}, {"subproject": "x"}]
)
def test_unknown_scopes_raise_a_clear_error(kwargs):
    with pytest.raises(ScopeError, match=r"nowhere|x"):
        resolve_scope(**kwargs)


def _statements(captured):
    """The queries, without PostgreSQL's savepoint and `SET LOCAL jit = off` around them."""
    control = ("SAVEPOINT", "RELEASE SAVEPOINT", "SET LOCAL")
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(control)]


def test_loading_costs_the_same_queries_for_one_or_many(carrier, make_participant):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_participant()
    scope = resolve_scope(organisation=carrier.slug)
    # One statement counts everything (issue 12: set-based); five before it.
    with CaptureQueriesContext(connection) as captured:
        build_report(date_from=FROM, date_to=TO, scope=scope)
    assert len(_statements(captured)) == 1
    for _ in range(5):
        make_participant(exit=(dt.date(2010, 5, 1), "employed"), placement=("school", ENTRY))
    with CaptureQueriesContext(connection) as captured:
        report = build_report(date_from=FROM, date_to=TO, scope=scope)
    assert len(_statements(captured)) == 1
    assert report.indicators["EECO01"].total == 6
    # The people behind a figure: one more statement, a page at a time.
    with CaptureQueriesContext(connection) as captured:
        page = report.ids_for("EECO01", limit=4, offset=4)
    assert len(_statements(captured)) == 1
    assert page == report.ids_for("EECO01")[4:]
    assert len(page) == 2


# --- the command line -------------------------------------------------------------------


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("report", "esf", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_cli_json_has_every_code(carrier, make_participant):
    make_participant()
    make_participant(gender="man", consent=False)
    out, _err = run("--from", "2010-01-01", "--to", "2010-12-31", "--organisation", carrier.slug)
    data = json.loads(out)
    assert data["from"] == "2010-01-01"
    assert data["to"] == "2010-12-31"
    assert data["scope"] == "organisation:esf-test-carrier"
    assert list(data["indicators"]) == list(CODES)
    assert data["indicators"]["EECO01"] == {"total": 1, "woman": 1, "man": 0, "non_binary": 0}
    assert data["indicators"]["EECR06"] == {"total": 0, "woman": 0, "man": 0, "non_binary": 0}
    assert data["not_counted"] == {
        "no_esf_consent": 1,
        "incomplete_mandatory": 0,
        "below_threshold": 0,
    }


def test_cli_aggregate_suppresses(carrier, make_participant):
    make_participant()
    out, _err = run(
        "--from",
        "2010-01-01",
        "--to",
        "2010-12-31",
        "--organisation",
        carrier.slug,
        "--aggregate",
    )
    assert json.loads(out)["indicators"]["EECO01"]["total"] == "<5"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2010-12-31", "--to", "2010-01-01"], "--to lies before --from"),
        (["--from", "2010-13-01", "--to", "2010-12-31"], "not a date"),
        (
            ["--from", "2010-01-01", "--to", "2010-12-31", "--organisation", "nowhere"],
            "no organisation",
        ),
        (["--from", "2010-01-01", "--to", "2010-12-31", "--region", "nowhere"], "no region"),
        (["--from", "2010-01-01", "--to", "2010-12-31", "--format", "doc"], "Unknown format"),
        (["--from", "2010-01-01", "--to", "2010-12-31", "--format", "pdf"], "--output"),
    ],
)
def test_cli_bad_input_is_a_command_error(args, message):
    from django.utils import translation

    with translation.override("en"), pytest.raises(CommandError, match=message):
        run(*args)


def test_cli_errors_exit_non_zero_without_a_traceback(capsys):
    from inprocedere.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["report", "esf", "--from", "2010-12-31", "--to", "2010-01-01"])
    assert exit_info.value.code != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "CommandError" in err or "--from" in err


@pytest.fixture
def exported(carrier, make_participant, tmp_path):
    make_participant()
    make_participant(gender="man")
    make_participant(consent=False)

    def export(fmt, *extra):
        path = tmp_path / f"esf.{fmt}"
        run(
            "--from",
            "2010-01-01",
            "--to",
            "2010-12-31",
            "--organisation",
            carrier.slug,
            "--format",
            fmt,
            "--output",
            str(path),
            *extra,
        )
        return path.read_bytes()

    return export


def test_csv_export_opens_back(exported):
    rows = list(csv.reader(io.StringIO(exported("csv").decode("utf-8-sig")), delimiter=";"))
    assert len(rows[0]) == 6
    assert len(rows) == 1 + len(CODES) + len(REASONS)
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["EECO01"][2:] == ["2", "1", "1", "0"]
    assert by_code["no_esf_consent"][2] == "1"


def test_xlsx_export_opens_back(exported):
    sheet = openpyxl.load_workbook(io.BytesIO(exported("xlsx"))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["EECO01"][2:] == ["2", "1", "1", "0"]
    assert set(CODES) <= set(by_code)


def test_pdf_export_opens_back(exported):
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(exported("pdf"))).pages)
    for code in ("EECO01", "EECO17", "EECR06"):
        assert code in text


def test_aggregate_csv_shows_suppressed_cells(exported):
    rows = list(
        csv.reader(io.StringIO(exported("csv", "--aggregate").decode("utf-8-sig")), delimiter=";")
    )
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["EECO01"][2] == "<5"
