"""Every page that shows a person's data writes an access-log entry.

Every route of the page MATRIX is classified here: either it shows stored data of a
participant (then opening it, as someone allowed to, must log the read by that user) or
it does not (the directory's staff, aggregates, forms, uploads not yet stored). Adding a
route without classifying it fails `test_every_page_is_classified`.
"""

import pytest
from django.urls import reverse

from inprocedere.privacy.models import AccessLogEntry
from tests.conftest import PERSONAS
from tests.test_access_matrix import MATRIX, _kwargs

pytestmark = pytest.mark.django_db

# route: who opens it (allowed to, in the world of tests/test_access_matrix.py)
SHOWS_A_PERSON = {
    # lists (the world of `_case_work` gives them a row)
    "cases:my_work": "case_worker",
    "cases:referral_list": "case_worker",
    "cases:case_list": "case_worker",
    "cases:case_overview": "coordinator",  # pseudonymised, still logged
    "participants:participant_list": "authority_officer",
    "cooperation:consultation_list": "case_worker",
    "cooperation:case_picker": "case_worker",
    # one person
    "cases:referral_detail": "authority_officer",
    "cases:case_detail": "case_worker",
    "cases:case_edit": "case_worker",
    "cases:case_timeline": "case_worker",
    "cases:person_summary": "case_worker",
    "participants:participant_detail": "authority_officer",
    "participants:participant_edit": "authority_officer",
    "participants:alias_create": "authority_officer",
    "participants:external_id_create": "authority_officer",
    "participants:residence_create": "authority_officer",
    "participants:benefit_create": "authority_officer",
    "participants:work_permit_create": "authority_officer",
    "participants:residence_edit": "authority_officer",
    "participants:benefit_edit": "authority_officer",
    "participants:work_permit_edit": "authority_officer",
    "privacy:consent_create": "authority_officer",
    "privacy:consent_form": "authority_officer",
    "privacy:consent_form_pdf": "authority_officer",
    "privacy:consent_detail": "authority_officer",
    "privacy:consent_scan": "authority_officer",
    "cooperation:consultation_create": "case_worker",
    "cooperation:conference_create": "case_worker",
    "cooperation:consultation_detail": "case_worker",
    "cooperation:conference_detail": "case_worker",
    "cooperation:conference_edit": "case_worker",
    "cooperation:conference_minutes_pdf": "case_worker",
    "rights:participant": "dpo",
    "rights:access_log": "dpo",
    "rights:access_log_csv": "dpo",
    "rights:access_log_xlsx": "dpo",
    "rights:subject_access": "dpo",
    "rights:erase": "dpo",
}

DOES_NOT = {
    # staff, organisations and the network: not participants
    *(name for name in MATRIX if name.startswith("network:")),
    *(name for name in MATRIX if name.startswith("accounts:")),
    "home",
    "health",
    # forms and catalogues without a person
    # without ?participant= it searches people; what it finds is logged (?q=, tested in
    # tests/ui/test_chooser_search.py), the page itself shows nobody
    "cases:referral_create",
    "cases:choose",  # organisations and positions of the network, no person
    "cases:measure_list",
    "cases:measure_create",
    "participants:participant_create",
    # aggregates (small counts suppressed where the reader needs it)
    "reporting:esf",
    "reporting:esf_export",
    "reporting:figures",
    "reporting:figures_export",
    "reporting:monitor",
    "reporting:monitor_export",
    # who is behind a figure: logged by the reporting pages themselves
    # (tests/reporting), opened with query parameters this generic test cannot guess
    "reporting:esf_participants",
    "reporting:figure_participants",
    # a download written in the background: its page shows progress, no person; the
    # reads are logged as the job writes the file, for the user who asked, and only that
    # user may fetch it, each fetch audited (tests/reporting/test_export_jobs.py)
    "reporting:export_job",
    "reporting:export_job_file",
    # duplicate review: pairs are logged by the duplicates pages (tests/duplicates)
    "duplicates:pair_list",
    "duplicates:pair_detail",
    "duplicates:merge_list",
    "duplicates:merge_detail",
    # network meetings and trainings, calendars: staff and organisations, no person
    "cooperation:conference_list",  # titles and dates, no person
    "cooperation:my_action_items",
    "cooperation:meeting_list",
    "cooperation:meeting_create",
    "cooperation:meeting_detail",
    "cooperation:meeting_edit",
    "cooperation:meeting_minutes_pdf",
    "cooperation:meeting_ics",
    "cooperation:material_download",
    "cooperation:calendar",
    "cooperation:feed_list",
    "cooperation:feed",
    "cooperation:conference_ics",  # the invitation carries no personal data
    # the DPO's start page and retention list (ids and dates), the inbox (titles only)
    "rights:dpo_home",
    "rights:retention_due",
    "inbox:inbox",
    "inbox:count",
    "inbox:email_settings",
    # an import's own upload (the file, not yet stored data)
    "imports:upload",
    "imports:run_detail",
}


def _pages():
    return {
        name
        for name, (_kind, allowed, *_rest) in MATRIX.items()
        if allowed not in ("405", "redirect")
    }


def test_every_page_is_classified():
    pages = _pages()
    assert pages - set(SHOWS_A_PERSON) - DOES_NOT == set(), "classify these pages"
    assert set(SHOWS_A_PERSON) & DOES_NOT == set()
    assert set(SHOWS_A_PERSON) <= pages


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# Lists that need a record of their own to have a row.
LIST_NEEDS = {
    "cooperation:consultation_list": "coop_consultation",
}


@pytest.mark.parametrize("name", sorted(SHOWS_A_PERSON))
def test_opening_the_page_logs_the_read(name, client_for, user_for):
    _kwargs(LIST_NEEDS.get(name, "case"))  # lists have a person on them
    persona = SHOWS_A_PERSON[name]
    kind = MATRIX[name][0]
    url = reverse(name, kwargs=_kwargs(kind))
    user = user_for(PERSONAS[persona])
    before = AccessLogEntry.objects.filter(user=user).count()
    response = client_for(persona).get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    assert response.status_code == 200, (name, persona)
    logged = AccessLogEntry.objects.filter(user=user).order_by("-pk")
    assert logged.count() > before, f"{name} shows a person but logged nothing"
    entry = logged.first()
    assert entry.action in ("read", "write")
    assert entry.path.startswith(url.split("?")[0])
