"""Running a service behind a form, with its refusals on the form (a missing consent also
links to the person's consent form)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from inprocedere.core.versioning import StaleEdit

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
                '{} <a class="kern-link" href="{}&amp;{}">{}</a>'
                ' · <a class="kern-link" href="{}">{}</a>',
                " ".join(error.messages),
                error.record_url,
                urlencode({"next": request.get_full_path()}),
                error.link_text,
                error.consent_form_url,
                _("Prepare the consent form"),
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
