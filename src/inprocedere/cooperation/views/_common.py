"""What the cooperation pages share: running a service behind a form, consent refusals."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.html import format_html

from inprocedere.core.versioning import StaleEdit
from inprocedere.privacy import policy

from ..services import ConsentMissing


def run(request, form, call) -> bool:
    """Validate `form` and call `call(data)`; show service errors on the form.

    A refusal by the policy inside the service is answered with 404, as for any record
    out of reach. A missing consent also shows a link to the person's consent form.
    """
    if not form.is_valid():
        return False
    try:
        call(form.service_data())
    except PermissionDenied:
        raise Http404 from None
    except ConsentMissing as error:
        form.add_service_error(error)
        messages.error(
            request,
            format_html(
                '{} <a class="kern-link" href="{}">{}</a>',
                " ".join(error.messages),
                error.consent_form_url,
                error.link_text,
            ),
        )
        return False
    except StaleEdit as error:
        form.add_service_error(error)
        return False
    except ValidationError as error:
        form.add_service_error(error)
        return False
    return True


def person_label(request, participant, *, purpose="case_conference"):
    """The participant as this reader may see them (logged): name, or a pseudonym."""
    disclosure = policy.disclosure(request.user, participant, channel="page", purpose=purpose)
    if disclosure.shows("identity"):
        return participant.full_name, disclosure
    return disclosure.pseudonym, disclosure


def label_people(user, records, *, purpose="case_conference"):
    """Set `person_label` on each record with a `case` (or on each case): the name where
    the reader may see it, else the pseudonym; one access-log write for the whole list."""
    records = list(records)

    def case_of(record):
        return record if hasattr(record, "owner_organisation_id") else record.case

    found = policy.disclose_many(
        user, [case_of(r).participant_id for r in records], channel="page", purpose=purpose
    )
    for record in records:
        case = case_of(record)
        disclosure = found[case.participant_id]
        record.person_label = (
            case.participant.full_name if disclosure.shows("identity") else disclosure.pseudonym
        )
    return records
