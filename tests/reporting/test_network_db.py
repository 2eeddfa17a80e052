"""Network figures and the cooperation monitor over real records: loading, pages, who sees
what, downloads opened back, formula neutralisation, the access log, bad input."""

import csv
import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from inprocedere.cases.models import Enrollment, Measure, Placement, Referral, ReferralTransition
from inprocedere.cooperation.models import (
    ActionItem,
    CaseConference,
    Consultation,
    Invitation,
    Meeting,
    MeetingAttendance,
)
from inprocedere.core.models import AuditEntry
from inprocedere.network.models import Organisation, Person, Position, Tenure
from inprocedere.participants.models import BenefitPeriod, Participant
from inprocedere.privacy.models import AccessLogEntry
from inprocedere.reporting import network_reports
from inprocedere.reporting.selectors import Scope
from inprocedere.reporting.selectors_monitor import monitor_facts, scope_organisations

from .conftest import add_case

pytestmark = pytest.mark.django_db
D = dt.date
RANGE = {"from": "2010-01-01", "to": "2010-06-30"}


def at(day, hour=10):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def person(organisation, name="Test", **fields):
    participant = Participant.unrestricted.create(
        family_name=name,
        given_names="Tina",
        gender="woman",
        birth_date="1990",
        citizenships=["SY"],
        registered_by=organisation,
        **fields,
    )
    return participant


def opened(case, day):
    type(case).unrestricted.filter(pk=case.pk).update(opened_at=at(day))
    return case


@pytest.fixture
def profes_work():
    """Two participants of ProfeS (the case worker's and team lead's organisation) in 2010:
    Anna placed in March, Ben in a measure from April; a referral to ProfeS accepted after
    two days."""
    profes = Organisation.objects.get(slug="profes")
    profes.test_position = profes.positions.order_by("pk").first()
    profes.test_subproject = None
    anna, ben = person(profes, "Anna"), person(profes, "Ben")
    case_a = opened(add_case(anna, profes, entry=D(2010, 1, 5), subproject=False), D(2010, 1, 5))
    case_b = opened(add_case(ben, profes, entry=D(2010, 2, 1), subproject=False), D(2010, 2, 1))
    Placement.objects.create(
        case=case_a, type="employment", employer="Firma", starts_on=D(2010, 3, 1)
    )
    measure = Measure.objects.create(
        title="Deutsch B1",
        provider=profes,
        type="language_course",
        funding_source="esf",
        starts_on=D(2010, 4, 1),
        ends_on=D(2010, 9, 30),
    )
    Enrollment.objects.create(
        case=case_b, measure=measure, state="ongoing", started_on=D(2010, 4, 1)
    )
    BenefitPeriod.objects.create(participant=ben, system="sgb2", valid_from=D(2010, 1, 1))
    kv = Organisation.objects.get(slug="kv-germersheim")
    referral = Referral.unrestricted.create(
        participant=anna,
        from_position=kv.positions.order_by("pk").first(),
        to_organisation=profes,
        reason="Test",
        state="accepted",
        case=case_a,
    )
    Referral.unrestricted.filter(pk=referral.pk).update(created_at=at(D(2010, 1, 2)))
    transition = ReferralTransition.objects.create(
        referral=referral, from_state="sent", to_state="accepted"
    )
    ReferralTransition.objects.filter(pk=transition.pk).update(at=at(D(2010, 1, 4)))
    return {"profes": profes, "kv": kv, "anna": anna, "ben": ben, "cases": (case_a, case_b)}


def by_key(items):
    return {item.table.key: item.table for item in items}


def cells(table, key):
    return next(r for r in table.rows if r.key == key).cells


def test_figures_from_the_database(profes_work, django_assert_max_num_queries):
    scope = Scope(organisation=profes_work["profes"])
    with django_assert_max_num_queries(6):  # counted in the database (decision 0015)
        items = network_reports.network_figures(
            scope, D(2010, 1, 1), D(2010, 6, 30), aggregate=False
        )
    tables = by_key(items)
    assert cells(tables["stage"], "2010-01")["total"] == 1
    assert cells(tables["stage"], "2010-03")["placed"] == 1
    april = cells(tables["stage"], "2010-04")
    assert (april["placed"], april["measure"], april["total"]) == (1, 1, 2)
    assert cells(tables["benefit"], "2010-02")["sgb2"] == 1
    assert cells(tables["referrals"], "2010-01")["accepted"] == 1
    assert cells(tables["placements"], "total")["employment"] == 1
    assert all(item.chart is not None for item in items)


def test_figures_cost_the_same_queries_however_many_cases(
    profes_work, django_assert_max_num_queries
):
    profes = profes_work["profes"]
    for number in range(15):
        case = add_case(person(profes, f"P{number}"), profes, entry=D(2010, 2, 1), subproject=False)
        opened(case, D(2010, 2, 1))
        Placement.objects.create(case=case, type="school", employer="S", starts_on=D(2010, 5, 1))
    with django_assert_max_num_queries(6):
        network_reports.network_figures(
            Scope(organisation=profes), D(2010, 1, 1), D(2010, 6, 30), aggregate=False
        )


def test_monitor_from_the_database(profes_work, django_assert_max_num_queries):
    profes, kv = profes_work["profes"], profes_work["kv"]
    case_a = profes_work["cases"][0]
    asking, asked = profes.test_position, kv.positions.order_by("pk").first()
    consultation = Consultation.objects.create(
        case=case_a,
        from_position=asking,
        to_position=asked,
        topic="residence_law",
        subject="Duldung",
        question="?",
        due_on=D(2010, 2, 5),
        state="answered",
    )
    Consultation.objects.filter(pk=consultation.pk).update(
        created_at=at(D(2010, 2, 1)), answered_at=at(D(2010, 2, 4), 22)
    )
    conference = CaseConference.objects.create(
        case=case_a,
        title="Fallbesprechung",
        starts_at=at(D(2010, 3, 1)),
        ends_at=at(D(2010, 3, 1), 11),
        chair_position=asking,
    )
    Invitation.objects.create(
        appointment=conference, position=asked, organisation=kv, attendance="absent"
    )
    ActionItem.objects.create(
        conference=conference, title="Antrag", owner_position=asked, due_on=D(2010, 3, 15)
    )
    ActionItem.objects.create(
        conference=conference,
        title="Termin",
        owner_position=asking,
        due_on=D(2010, 3, 15),
        done_on=D(2010, 3, 10),
    )
    meeting = Meeting.objects.create(
        kind="training",
        level="network",
        topic="Aufenthaltsrecht",
        title="Schulung",
        starts_at=at(D(2010, 4, 1)),
        ends_at=at(D(2010, 4, 1), 12),
        chair_position=asked,
    )
    Invitation.objects.create(appointment=meeting, position=asking, organisation=profes)
    staff = Person.objects.create(given_name="Paula", family_name="Probe")
    MeetingAttendance.objects.create(meeting=meeting, person=staff, organisation=profes)
    with django_assert_max_num_queries(8):
        facts = monitor_facts(Scope(), D(2010, 1, 1), D(2010, 6, 30))
    turnaround = cells(network_reports.monitor.referral_turnaround(facts), f"{kv.pk}-{profes.pk}")
    assert (turnaround["sent"], turnaround["answered"], turnaround["median"]) == (1, 1, 2.0)
    response = cells(network_reports.monitor.consultation_response(facts), f"{profes.pk}-{kv.pk}")
    assert (response["in_time"], response["median"]) == (1, 3.5)
    follow = network_reports.monitor.follow_through(facts, D(2010, 12, 31))
    assert cells(follow, str(kv.pk))["overdue"] == 1
    assert cells(follow, str(kv.pk))["present"] == 0  # recorded absent
    assert cells(follow, str(profes.pk))["in_time"] == 1
    assert cells(follow, str(profes.pk))["present"] == 1  # the chair's organisation hosts it
    attendance = cells(network_reports.monitor.attendance(facts), str(profes.pk))
    assert (attendance["training_invited"], attendance["training_attended"]) == (1, 1)
    pairs = network_reports.monitor.collaboration(facts)
    key = f"{min(kv.pk, profes.pk)}-{max(kv.pk, profes.pk)}"
    assert cells(pairs, key) == {"referrals": 1, "consultations": 1, "conferences": 1, "total": 3}


def test_vacancy_days_from_tenures():
    organisation = Organisation.objects.create(slug="vacant-test", name="Vakanz", kind="other")
    position = Position.objects.create(organisation=organisation, title="Beratung")
    holder = Person.objects.create(given_name="Vera", family_name="Vakant")
    Tenure.objects.create(
        position=position, person=holder, starts_on=D(2010, 1, 1), ends_on=D(2010, 1, 31)
    )
    Tenure.objects.create(position=position, person=holder, starts_on=D(2010, 3, 1))
    facts = monitor_facts(Scope(organisation=organisation), D(2010, 1, 1), D(2010, 3, 31))
    table = network_reports.monitor.vacancies(facts, D(2010, 1, 1), D(2010, 3, 31), D(2024, 1, 1))
    assert [r.key for r in table.rows] == [str(organisation.pk)]
    assert cells(table, str(organisation.pk))["days"] == 28  # February 2010


def test_scope_organisations():
    profes = Organisation.objects.get(slug="profes")
    assert scope_organisations(Scope()) is None
    assert scope_organisations(Scope(organisation=profes)) == {profes.pk}
    subproject = profes.subprojects.first()
    assert scope_organisations(Scope(subproject=subproject)) == {profes.pk}
    in_region = scope_organisations(Scope(region=subproject.region))
    assert profes.pk in in_region and len(in_region) > 1


# --- pages ----------------------------------------------------------------------------------


def test_coordinator_sees_exact_figures_without_links(client_for, profes_work):
    response = client_for("coordinator").get(reverse("reporting:figures"), RANGE)
    assert response.status_code == 200
    assert response.context["aggregate"] is False
    entry = response.context["figures"][0]
    assert entry["table"].key == "stage"
    assert all(not link for row in entry["rows"] for _value, link in row["cells"])
    html = response.content.decode()
    assert html.count("<figure") == 8 and 'role="img"' in html and "<desc" in html
    assert "<caption" in html


def test_ministry_sees_suppressed_figures(client_for, profes_work):
    response = client_for("ministry_reader").get(
        reverse("reporting:figures"), {**RANGE, "organisation": "profes"}
    )
    assert response.context["aggregate"] is True
    stage = response.context["figures"][0]
    april = next(row for row in stage["rows"] if row["label"] == "04/2010")
    assert [value for value, _link in april["cells"]] == ["0", "<5", "<5", "0", "<5"]
    assert "&lt;5" in response.content.decode()


def test_case_worker_sees_own_organisation_and_opens_a_figure(client_for, profes_work):
    client = client_for("case_worker")
    response = client.get(reverse("reporting:figures"), RANGE)
    assert response.context["scope"].organisation.slug == "profes"
    forged = client.get(reverse("reporting:figures"), {**RANGE, "organisation": "kv-germersheim"})
    assert forged.status_code == 200 and forged.context["form"].errors["organisation"]
    stage = response.context["figures"][0]
    april = next(row for row in stage["rows"] if row["label"] == "04/2010")
    total, link = april["cells"][-1]
    assert total == "2" and link.startswith(reverse("reporting:figure_participants"))
    last = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    page = client.get(link)
    assert page.status_code == 200
    assert {p.pk for p in page.context["participants"]} == {
        profes_work["anna"].pk,
        profes_work["ben"].pk,
    }
    # one row for the page, naming both people (decision 0018)
    new = AccessLogEntry.objects.filter(pk__gt=last)
    assert sorted(pk for entry in new for pk in entry.participant_ids) == sorted(
        [profes_work["anna"].pk, profes_work["ben"].pk]
    )
    assert AuditEntry.objects.filter(action="reporting.figures.participants_viewed").exists()


def test_the_participants_behind_a_figure_as_downloads(client_for, profes_work):
    client = client_for("team_lead")
    query = {**RANGE, "organisation": "profes", "figure": "stage", "row": "2010-04"}
    query["column"] = "total"
    url = reverse("reporting:figure_participants")
    response = client.get(url, {**query, "format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert len(rows[0]) == 5  # number, family name, given names, date of birth, gender
    assert sorted(row[1] for row in rows[1:]) == ["Anna", "Ben"]
    log = AccessLogEntry.objects.filter(channel="export").order_by("-pk").first()
    assert set(log.participant_ids) == {
        profes_work["anna"].pk,
        profes_work["ben"].pk,
    }
    response = client.get(url, {**query, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sorted(row[1].value for row in sheet.iter_rows(min_row=2)) == ["Anna", "Ben"]
    response = client.get(url, {**query, "format": "pdf"})
    text = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages
    )
    assert "Anna" in text and "Ben" in text


def test_coordinator_and_ministry_cannot_open_figures_to_people(client_for, profes_work):
    for persona in ("coordinator", "ministry_reader"):
        response = client_for(persona).get(
            reverse("reporting:figure_participants"),
            {**RANGE, "figure": "stage", "row": "2010-04", "column": "total"},
        )
        assert response.status_code == 403


def test_figure_downloads_open_back(client_for, profes_work):
    client = client_for("coordinator")
    url = reverse("reporting:figures_export")
    response = client.get(url, {**RANGE, "organisation": "profes", "format": "csv"})
    assert response.streaming
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    start = next(i for i, row in enumerate(rows) if row and row[0] == "04/2010")
    assert rows[start][1:] == ["0", "1", "1", "0", "2"]
    response = client.get(url, {**RANGE, "organisation": "profes", "format": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(workbook.sheetnames) == 8
    stage = workbook.worksheets[0]
    april = next(row for row in stage.iter_rows(values_only=True) if row[0] == "04/2010")
    assert april[1:] == (0, 1, 1, 0, 2)  # numbers stay numbers
    response = client.get(url, {**RANGE, "format": "pdf", "table": "placements"})
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "06/2010" in text
    assert AuditEntry.objects.filter(action="reporting.figures.exported").count() == 3


def test_aggregate_downloads_are_marked_and_suppressed(client_for, profes_work):
    response = client_for("ministry_reader").get(
        reverse("reporting:figures_export"), {**RANGE, "organisation": "profes", "format": "csv"}
    )
    assert "aggregate" in response["Content-Disposition"]
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[1][0] == "aggregate"
    april = next(row for row in rows if row and row[0] == "04/2010")
    assert april[1:] == ["0", "<5", "<5", "0", "<5"]
    response = client_for("ministry_reader").get(
        reverse("reporting:monitor_export"), {**RANGE, "format": "xlsx"}
    )
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.properties.keywords == "aggregate"
    sheet = workbook.worksheets[0]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "<5" in values and "aggregate" in values


def test_monitor_page_and_graph(client_for, profes_work):
    response = client_for("team_lead").get(reverse("reporting:monitor"), RANGE)
    assert response.status_code == 200
    sections = {entry["table"].key: entry for entry in response.context["sections"]}
    assert list(sections) == [
        "referral_turnaround",
        "consultation_response",
        "follow_through",
        "attendance",
        "vacancies",
        "collaboration",
    ]
    graph = sections["collaboration"]["chart"]
    assert {node.label for node in graph.nodes} >= {"ProfeS", "KV Germersheim"}
    assert len(graph.edges) >= 1
    html = response.content.decode()
    assert 'id="chart-graph-title"' in html


def test_formula_like_names_are_neutralised_in_every_format(client_for, profes_work):
    Organisation.objects.filter(slug="kv-germersheim").update(short_name="=HYPERLINK(1)")
    client = client_for("coordinator")
    url = reverse("reporting:monitor_export")
    query = {**RANGE, "table": "referral_turnaround"}
    response = client.get(url, {**query, "format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1) → ProfeS" in body
    response = client.get(url, {**query, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = next(c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=HYPER"))
    assert cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2010-06-30", "to": "2010-01-01"}, "date_to"),
        ({"from": "2000-01-01", "to": "2010-12-31"}, "date_to"),  # more than 60 months
        ({"from": "2010-13-01", "to": "2010-12-31"}, "date_from"),
        ({**RANGE, "subproject": "999999"}, "subproject"),
        ({**RANGE, "subproject": "x"}, "subproject"),
        ({**RANGE, "region": "atlantis"}, "region"),
    ],
)
def test_bad_input_is_a_clear_error(client_for, query, field):
    client = client_for("coordinator")
    for name in ("figures", "monitor"):
        response = client.get(reverse(f"reporting:{name}"), query)
        assert response.status_code == 200
        assert response.context["form"].errors[field]
        export = client.get(reverse(f"reporting:{name}_export"), {**query, "format": "csv"})
        assert export.status_code == 400


def test_unknown_format_and_table_are_404(client_for):
    client = client_for("coordinator")
    assert client.get(reverse("reporting:figures_export"), {"format": "doc"}).status_code == 404
    assert client.get(reverse("reporting:monitor_export"), {"table": "x"}).status_code == 404
    response = client_for("team_lead").get(
        reverse("reporting:figure_participants"),
        {**RANGE, "figure": "stage", "row": "2011-01", "column": "total"},
    )
    assert response.status_code == 404
    bad = client_for("team_lead").get(
        reverse("reporting:figure_participants"), {**RANGE, "figure": "nope"}
    )
    assert bad.status_code == 400


def test_esf_report_by_sub_project(client_for, carrier, make_participant):
    make_participant()
    make_participant(subproject=False)
    client = client_for("coordinator")
    response = client.get(
        reverse("reporting:esf"),
        {"from": "2010-01-01", "to": "2010-12-31", "subproject": carrier.test_subproject.pk},
    )
    rows = {row["code"]: row for row in response.context["rows"]}
    assert rows["EECO01"]["cells"][0][0] == 1
    assert response.context["scope"].subproject == carrier.test_subproject
    assert f"subproject={carrier.test_subproject.pk}" in response.context["downloads"][0][1]


# --- the command line -----------------------------------------------------------------------


def report(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_figures_as_json_and_csv(profes_work):
    out, _err = report(
        "figures", "--from", "2010-01-01", "--to", "2010-06-30", "--organisation", "profes"
    )
    data = json.loads(out)
    assert data["scope"] == "organisation:profes" and data["aggregate"] is False
    stage = data["tables"][0]
    assert next(r for r in stage["rows"] if r["key"] == "2010-04")["cells"]["total"] == 2
    out, _err = report(
        "figures", "--from", "2010-01-01", "--to", "2010-06-30", "--format", "csv", "--aggregate"
    )
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))
    assert rows[1][0] == "aggregate"


def test_command_monitor_table_as_xlsx_and_pdf(profes_work, tmp_path):
    path = tmp_path / "monitor.xlsx"
    _out, err = report(
        "cooperation",
        "--from",
        "2010-01-01",
        "--to",
        "2010-06-30",
        "--table",
        "referral_turnaround",
        "--format",
        "xlsx",
        "--output",
        str(path),
    )
    assert str(path) in err
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][0] in ("Whole network", "Gesamtes Netzwerk")
    pdf = tmp_path / "monitor.pdf"
    report(
        "cooperation",
        "--from",
        "2010-01-01",
        "--to",
        "2010-06-30",
        "--format",
        "pdf",
        "--output",
        str(pdf),
    )
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "KV Germersheim" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["figures", "--from", "2010-01-01", "--to", "2010-06-30", "--table", "x"], "x"),
        (["cooperation", "--from", "2000-01-01", "--to", "2010-06-30"], "60"),
        (["figures", "--from", "2010-06-30", "--to", "2010-01-01"], "--to"),
        (["cooperation", "--from", "2010-01-01", "--to", "2010-06-30", "--format", "doc"], "doc"),
        (["figures", "--from", "2010-01-01", "--to", "2010-06-30", "--subproject", "x"], "x"),
    ],
)
def test_command_bad_input(args, message):
    with pytest.raises(CommandError, match=message):
        report(*args)


def test_pages_cost_a_fixed_number_of_queries(
    client_for, profes_work, django_assert_max_num_queries
):
    """At most 15 queries a page (issue 12 §2), the session and the actor included."""
    client = client_for("coordinator")
    client.get(reverse("reporting:figures"), RANGE)  # sessions and the actor warmed up
    with django_assert_max_num_queries(15):
        assert client.get(reverse("reporting:figures"), RANGE).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("reporting:monitor"), RANGE).status_code == 200
    profes = profes_work["profes"]
    for number in range(10):
        case = add_case(person(profes, f"Q{number}"), profes, entry=D(2010, 2, 1), subproject=False)
        opened(case, D(2010, 2, 1))
    with django_assert_max_num_queries(15):
        assert client.get(reverse("reporting:figures"), RANGE).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("reporting:monitor"), RANGE).status_code == 200
    lead = client_for("team_lead")
    cell = {**RANGE, "organisation": "profes", "figure": "stage", "row": "2010-04"}
    lead.get(reverse("reporting:figures"), RANGE)
    with django_assert_max_num_queries(15):
        page = lead.get(reverse("reporting:figure_participants"), {**cell, "column": "total"})
    assert len(page.context["participants"]) == 12  # Anna, Ben and the ten added


def test_exact_readers_download_aggregates_to_pass_on(
    client_for, profes_work, carrier, make_participant
):
    make_participant()
    client = client_for("coordinator")
    page = client.get(reverse("reporting:figures"), {**RANGE, "organisation": "profes"})
    assert any("aggregate=1" in url for _label, url in page.context["downloads"])
    response = client.get(
        reverse("reporting:figures_export"),
        {**RANGE, "organisation": "profes", "format": "csv", "aggregate": "1"},
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "aggregate" in response["Content-Disposition"] and "<5" in body
    esf = client.get(
        reverse("reporting:esf_export"),
        {
            "from": "2010-01-01",
            "to": "2010-12-31",
            "organisation": carrier.slug,
            "format": "csv",
            "aggregate": "1",
        },
    )
    rows = list(
        csv.reader(io.StringIO(b"".join(esf.streaming_content).decode("utf-8-sig")), delimiter=";")
    )
    assert {row[0]: row for row in rows}["EECO01"][2] == "<5"
    page = client.get(
        reverse("reporting:esf"),
        {"from": "2010-01-01", "to": "2010-12-31", "organisation": carrier.slug, "aggregate": "1"},
    )
    assert all(not link for row in page.context["rows"] for _value, link in row["cells"])
