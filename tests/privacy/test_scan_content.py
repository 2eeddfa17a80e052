"""A consent scan must parse as the type it claims: the header alone is not enough
(issue 16, item 11)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from inprocedere.core import uploads
from inprocedere.privacy import services
from inprocedere.privacy.models import Consent
from tests.files import JPEG, PDF, PNG, image_bytes

from .test_views import _create_url, _post_data, officer  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

FORGERIES = [
    ("scan.pdf", b"%PDF-" + b"garbage " * 200),
    ("scan.pdf", b"%PDF-1.4\n% a scan\n%%EOF\n"),  # header and end marker, nothing between
    ("scan.pdf", PDF[: len(PDF) // 2]),  # a real PDF cut in half
    ("scan.png", PNG[:40]),  # a PNG whose pixels are missing
    ("scan.jpg", b"\xff\xd8\xff\xe0" + b"\x00garbage" * 50),
    ("scan.jpg", JPEG[: len(JPEG) // 2]),  # a JPEG cut in half
]


@pytest.mark.parametrize(("name", "content"), FORGERIES)
def test_a_file_that_only_starts_like_its_type_is_refused(
    person, consent_data, user_for, media_root, name, content
):
    with pytest.raises(ValidationError) as raised, translation.override("en"):
        services.consent_record(
            actor=user_for("authority_officer"),
            participant=person,
            **consent_data(scan=SimpleUploadedFile(name, content)),
        )
    (message,) = raised.value.message_dict["scan"]
    assert f"{name} cannot be read as a" in message
    assert not Consent.unrestricted.exists()
    assert not media_root.exists() or not list(media_root.rglob("*.*"))


@pytest.mark.parametrize(("name", "content"), [("a.pdf", PDF), ("b.jpg", JPEG), ("c.png", PNG)])
def test_genuine_files_pass(name, content):
    kind = uploads.checked_kind(SimpleUploadedFile(name, content), field="scan")
    assert kind == {"a.pdf": "pdf", "b.jpg": "jpeg", "c.png": "png"}[name]


def test_a_decompression_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # the 64x64 image below is "too big"
    bomb = image_bytes("PNG", size=(64, 64))
    with pytest.raises(ValidationError):
        uploads.checked_kind(SimpleUploadedFile("bomb.png", bomb), field="scan")


def test_the_page_says_why_in_german_and_english(officer, person, authority, carrier):  # noqa: F811
    forged = SimpleUploadedFile("Unterschrift.pdf", b"%PDF-" + b"garbage" * 100)
    response = officer.post(_create_url(person), _post_data(authority, carrier, scan=forged))
    assert response.status_code == 200
    assert "Unterschrift.pdf cannot be read as a PDF" in response.content.decode()
    officer.cookies["django_language"] = "de"
    forged.seek(0)
    response = officer.post(_create_url(person), _post_data(authority, carrier, scan=forged))
    assert "kann nicht als PDF gelesen werden" in response.content.decode()
    assert not Consent.unrestricted.exists()
