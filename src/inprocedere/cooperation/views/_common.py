"""What the cooperation pages share: running a service behind a form, consent refusals."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

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


def edit_event(request, event, form_class, fields, update, detail: str):
    """The edit page of a scheduled appointment (a case conference or a meeting): the form
    with the current values, saved through `update(expected_version=…, **data)`, which
    sends the invitees the update."""
    initial = {name: getattr(event, name) for name in fields}
    initial.update(
        version=event.version,
        starts_at=timezone.localtime(event.starts_at),
        ends_at=timezone.localtime(event.ends_at),
    )
    form = form_class(
        request.POST if request.method == "POST" else None, initial=initial, editing=True
    )
    if request.method == "POST":

        def save(data):
            version = data.pop("version")
            update(expected_version=version if version is not None else event.version, **data)

        if run(request, form, save):
            messages.success(request, _("The changes are saved; the invitees get the update."))
            return redirect(detail, pk=event.pk)
    return render(request, "cooperation/event_edit.html", {"form": form, "event": event})
