"""Words, not codes, on paper too (issue 15, items 5 and 7): every kind of PDF the site
hands out, and the headers of every CSV and XLSX download, fetched in German by the
persona who would download them, over the demo's case work:

- no raw code, audit action, role code, username, language code or English
  (the rules of words.py, applied to the extracted text);
- no word broken into pieces without a hyphen ("case.activity.ad ded"): every word of the
  HTML a PDF was made from is found whole in the PDF's text;
- rendered by Poppler (`pdftoppm`): every page renders and is not blank, no text is
  printed over other text and none runs off the page (`pdftotext -bbox`).

Poppler (Debian's poppler-utils, in scripts/system-packages.sh) is needed for the last
test: without it, that test skips with a clear message, except under CI=true, where it
fails (as the browser tests do)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from .documents import (
    Document,
    broken_words,
    cut_off,
    headers,
    overlapping,
    pdf_text,
    poppler_pages,
    text_offences,
)

pytestmark = pytest.mark.django_db

REPORT_RANGE = "date_from=2023-01-01&date_to=2026-12-31"
# (label, persona, url name, kwargs kind, query) — one per kind of document and reader;
# report exports also for the readers who get them suppressed (aggregate).
FETCHED = [
    ("phone list", "case_worker", "network:phone_list", None, ""),
    ("ESF+ report", "coordinator", "reporting:esf_export", None, REPORT_RANGE),
    ("ESF+ report, suppressed", "ministry_reader", "reporting:esf_export", None, REPORT_RANGE),
    ("network figures", "coordinator", "reporting:figures_export", None, REPORT_RANGE),
    ("network figures, own", "case_worker", "reporting:figures_export", None, REPORT_RANGE),
    ("cooperation monitor", "team_lead", "reporting:monitor_export", None, REPORT_RANGE),
    ("access log", "dpo", "rights:access_log", "participant", ""),
    (
        "conference minutes",
        "case_worker",
        "cooperation:conference_minutes_pdf",
        "coop_conference",
        "",
    ),
    ("meeting minutes", "case_worker", "cooperation:meeting_minutes_pdf", "coop_meeting", ""),
    ("consent form", "case_worker", "privacy:consent_form_pdf", "participant", ""),
]
FORMATS = {
    "network:phone_list": ("pdf", "csv", "xlsx"),
    "reporting:esf_export": ("pdf", "csv", "xlsx"),
    "reporting:figures_export": ("pdf", "csv", "xlsx"),
    "reporting:monitor_export": ("pdf", "csv", "xlsx"),
    "rights:access_log": ("csv", "xlsx"),
}


def _client(persona):
    from django.contrib.auth import get_user_model

    from tests.conftest import PERSONAS, sign_in_fully

    user = get_user_model().objects.get(username=PERSONAS[persona])
    return sign_in_fully(Client(HTTP_ACCEPT_LANGUAGE="de"), user)


def _content(response) -> bytes:
    assert response.status_code == 200, (response.status_code, response.request["PATH_INFO"])
    return b"".join(response.streaming_content) if response.streaming else response.content


def _fetch(captured) -> list[Document]:
    from tests.test_access_matrix import _kwargs

    documents = []
    for label, persona, name, kind, query in FETCHED:
        kwargs = _kwargs(kind)
        client = _client(persona)
        for fmt in FORMATS.get(name, ("pdf",)):
            if name in ("network:phone_list", "rights:access_log"):
                url = reverse(f"{name}_{fmt}", kwargs=kwargs)
            elif name.startswith("reporting:"):
                url = f"{reverse(name)}?format={fmt}&{query}"
            else:
                url = reverse(name, kwargs=kwargs)
            captured.clear()
            content = _content(client.get(url))
            documents.append(Document(f"{label} ({fmt}, {persona})", fmt, content, list(captured)))
    documents.append(_subject_access(captured))
    return documents


def _subject_access(captured) -> Document:
    """The subject-access PDF (inside the ZIP) of the demo person with the most records."""
    import io
    import zipfile

    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from inprocedere.participants.models import Participant
    from inprocedere.rights import services

    person = (
        Participant.unrestricted.annotate(n=Count("cases__activities")).order_by("-n", "pk").first()
    )
    captured.clear()
    content = services.subject_access_export(
        actor=get_user_model().objects.get(username="dpo"), participant=person, language="de"
    )
    pdf = zipfile.ZipFile(io.BytesIO(content)).read("subject-access.pdf")
    return Document("subject access (pdf, dpo)", "pdf", pdf, list(captured))


@pytest.fixture(scope="module")
def documents(django_db_setup, django_db_blocker):
    """Every document once for the module, over the demo's case work; the data is rolled
    back afterwards."""
    import weasyprint

    from inprocedere.demo_cases import seed_demo_cases

    captured: list[str] = []
    original = weasyprint.HTML

    class Recording(original):
        def __init__(self, *args, **kwargs):
            if kwargs.get("string"):
                captured.append(kwargs["string"])
            super().__init__(*args, **kwargs)

    weasyprint.HTML = Recording
    try:
        with (
            tempfile.TemporaryDirectory() as media,
            override_settings(MEDIA_ROOT=media),
            django_db_blocker.unblock(),
            transaction.atomic(),
        ):
            seed_demo_cases()
            found = _fetch(captured)
            transaction.set_rollback(True)
    finally:
        weasyprint.HTML = original
    return found


def test_every_kind_of_document_is_there(documents):
    kinds = {(d.label.split(" (")[0], d.kind) for d in documents}
    assert ("subject access", "pdf") in kinds
    assert len([d for d in documents if d.kind == "pdf"]) == 10
    assert len([d for d in documents if d.kind in ("csv", "xlsx")]) == 14
    # the HTML behind every PDF was seen (else the broken-word check proves nothing)
    assert all(d.sources for d in documents if d.kind == "pdf")


def test_pdfs_speak_words_in_one_piece(documents):
    found = []
    for document in (d for d in documents if d.kind == "pdf"):
        text = pdf_text(document.content)
        for rule, line in text_offences(text.splitlines()):
            found.append(f"{document.label}: {rule}: {line!r}")
        for word in broken_words(text, document.sources):
            found.append(f"{document.label}: broken word: {word!r}")
    assert not found, "\n".join(found)


def test_table_headers_speak_words(documents):
    found = []
    for document in (d for d in documents if d.kind in ("csv", "xlsx")):
        cells = headers(document)
        assert cells, document.label
        for rule, cell in text_offences(cells):
            found.append(f"{document.label}: {rule}: {cell!r}")
    assert not found, "\n".join(found)


def _poppler_missing():
    missing = [tool for tool in ("pdftoppm", "pdftotext") if not shutil.which(tool)]
    if not missing:
        return None
    reason = f"{', '.join(missing)} not found: install Debian's 'poppler-utils'"
    if os.environ.get("CI") == "true":
        pytest.fail(f"PDF render test cannot run in CI: {reason}")
    pytest.skip(f"PDF render test skipped: {reason}")


def test_every_pdf_renders_without_overlapping_or_cut_text(documents, tmp_path):
    from PIL import Image

    _poppler_missing()
    found = []
    for n, document in enumerate(d for d in documents if d.kind == "pdf"):
        path = tmp_path / f"{n}.pdf"
        path.write_bytes(document.content)
        subprocess.run(
            ["pdftoppm", "-r", "24", "-png", str(path), str(tmp_path / f"{n}-page")],
            check=True,
            capture_output=True,
        )
        images = sorted(tmp_path.glob(f"{n}-page-*.png"))
        pages = poppler_pages(path)
        assert images and len(images) == len(pages), document.label
        for number, (image, (width, height, words)) in enumerate(
            zip(images, pages, strict=True), 1
        ):
            where = f"{document.label}, page {number}"
            darkest = Image.open(image).convert("L").getextrema()[0]
            if darkest > 200 or not words:
                found.append(f"{where}: blank")
            for a, b in overlapping(words):
                found.append(f"{where}: {a!r} printed over {b!r}")
            for word in cut_off(width, height, words):
                found.append(f"{where}: {word!r} runs off the page")
    assert not found, "\n".join(found)


def test_the_checks_catch_what_they_are_for():
    """The detectors themselves: a word in pieces, text over text, text off the page."""
    assert broken_words("case.activity.ad\nded", ["<td>case.activity.added</td>"]) == ["added"]
    assert broken_words("Teilneh\u2010\nmende", ["<td>Teilnehmende</td>"]) == []
    assert broken_words("INPROCEDERE", ["<p>InProcedere</p>"]) == []
    words = [(10, 10, 60, 20, "Organisationen"), (40, 10, 90, 20, "Rückmeldungen")]
    assert overlapping(words) == [("Organisationen", "Rückmeldungen")]
    assert overlapping([(10, 10, 40, 20, "a"), (41, 10, 90, 20, "b")]) == []
    assert cut_off(100, 100, [(90, 10, 120, 20, "Median")]) == ["Median"]
    assert text_offences(["Grund: no_esf_consent"]) and not text_offences(["Grund: ohne"])
    assert Path(__file__).with_name("documents.py").exists()
