"""The measure catalogue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from inprocedere.network.models import Organisation
from inprocedere.privacy import policy
from inprocedere.privacy.decorators import requires

from .. import selectors, services
from ..forms import (
    MeasureForm,
)
from ._common import list_page, own_organisations


@require_safe
@requires("measure.read")
def measure_list(request):
    context = {
        "page": list_page(request, selectors.measures_for(request.user)),
        "can_manage": policy.can(request.user, "measure.manage"),
    }
    return render(request, "cases/measure_list.html", context)


@require_http_methods(["GET", "POST"])
@requires("measure.manage")
def measure_create(request):
    organisations = Organisation.objects.filter(pk__in=own_organisations(request.user))
    form = MeasureForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_create(actor=request.user, **form.service_data())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The measure has been added to the catalogue."))
            return redirect("cases:measure_list")
    return render(request, "cases/measure_form.html", {"form": form})
