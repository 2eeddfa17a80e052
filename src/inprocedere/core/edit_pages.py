"""The edit page of a versioned record, once for every app: GET shows the form, POST saves
through the app's service, and a stale save (someone saved in between) is refused."""

from __future__ import annotations

from copy import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render

from .versioning import StaleEdit

STALE = 409  # the record changed while it was being edited


def versioned_edit(request, *, load, make_form, save, saved_message, template, context):
    """GET shows the form; POST saves through `save(record, version, data)`.

    A stale save reloads the current record into the form, shows who changed what, and
    answers 409; other service errors land on the form. `context(record)` gives the
    template's context besides the form. Returns `(response, record)`: no response when
    the save succeeded (the caller redirects to the record).
    """
    record = load()
    status = 200
    if request.method == "POST":
        form = make_form(request.POST, copy(record))
        if form.is_valid():
            try:
                save(record, form.cleaned_data["version"], form.service_data())
            except StaleEdit as error:
                record = load()
                form = make_form(None, record)
                form.show_error(error)
                status = STALE
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, saved_message)
                return None, record
    else:
        form = make_form(None, record)
    return render(request, template, {"form": form, **context(record)}, status=status), record
