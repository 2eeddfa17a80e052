"""The coordinator's (and team lead's) page of vacancies and the work waiting on them."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from inprocedere.privacy.decorators import requires

from .vacancies import leaving_soon, vacancies_for


@require_safe
@requires("vacancy.read")
def vacancies(request):
    context = {
        "vacancies": vacancies_for(request.user),
        "leaving": leaving_soon(request.user),
    }
    return render(request, "network/vacancies.html", context)
