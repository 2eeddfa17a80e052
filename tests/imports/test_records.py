"""The write pass leaves out the person's model validation (`full_clean`) because the first
pass allows nothing it would refuse (records.py, `register`): checked here field by field
against the model, and on imported people at the limits of every column."""

import itertools

import pytest

from inprocedere.imports import columns as C
from inprocedere.participants.models import Participant
from inprocedere.participants.services._common import full_clean

from .conftest import make_csv, row

pytestmark = pytest.mark.django_db

# column -> the Participant field the registration fills from it
PERSON_COLUMNS = {
    "family_name": "family_name",
    "given_names": "given_names",
    "gender": "gender",
    "foreign_background": "foreign_background",
    "postcode": "postcode",
    "municipality": "municipality",
    "disability": "disability",
    "minority": "minority",
}


@pytest.mark.parametrize("column,name", PERSON_COLUMNS.items())
def test_every_value_a_column_takes_fits_the_model_field(column, name):
    field = Participant._meta.get_field(name)
    sheet = C.BY_NAME[column]
    if sheet.kind == "text":
        assert 0 < sheet.max_length <= field.max_length
        if not field.blank:
            assert sheet.required
    else:
        assert sheet.kind == "choice"
        allowed = {value for value, _label in field.choices}
        assert set(sheet.vocabulary) <= allowed
        if not field.blank:
            assert field.has_default() and field.get_default() in allowed  # an empty cell


def test_people_imported_at_every_column_s_limits_pass_the_model_validation(import_sheet):
    long = {name: "x" * C.BY_NAME[name].max_length for name in ("postcode", "municipality")}
    values = itertools.zip_longest(
        ["", *C.GENDER], ["", *C.YES_NO_DECLINED], ["", *C.YES_NO_DECLINED], fillvalue=""
    )
    rows = [
        row(
            participant_ref=f"L-{n}",
            family_name=("Ä" * 150) if n == 0 else f"Lang {n}",
            given_names=("Ö  " * 50) if n == 0 else "Amina",
            birth_date="",
            gender=gender,
            foreign_background=background,
            disability=disability,
            minority=disability,
            citizenship="SY;TR;AF" if n % 2 else "staatenlos",
            **long,
        )
        for n, (gender, background, disability) in enumerate(values)
    ]
    run = import_sheet(make_csv(rows))
    assert run.status == "done", run.problem_list
    people = Participant.unrestricted.filter(family_name__startswith="Ä") | (
        Participant.unrestricted.filter(family_name__startswith="Lang ")
    )
    assert people.count() == len(rows)
    for person in people:
        # as participant_register validates a person it registers
        full_clean(person, exclude=["search_text", "birth_date"])
