from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_safe


@require_safe
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _error(request, template, status):
    return render(request, template, status=status)


def bad_request(request, exception=None):
    return _error(request, "errors/400.html", 400)


def permission_denied(request, exception=None):
    return _error(request, "errors/403.html", 403)


def page_not_found(request, exception=None):
    return _error(request, "errors/404.html", 404)


def server_error(request):
    # No context processors: the failure may lie in them.
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)


def csrf_failure(request, reason=""):
    return _error(request, "errors/403_csrf.html", 403)
