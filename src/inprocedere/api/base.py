"""NinjaAPI with JSON answers where ninja would fall back to Django's HTML pages."""

import functools
import json

from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, re_path
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from . import idempotency, openapi


def _json(status: int, message: str) -> HttpResponse:
    return HttpResponse(
        json.dumps({"detail": message}),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def not_found(request, *args, **kwargs) -> HttpResponse:
    return _json(404, _("Not found."))


not_found.csrf_exempt = True


def _json_errors(view):
    """405 (wrong method) and a stray Http404 as JSON, like every other API error."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return not_found(request)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = _json(
                405, _("Method not allowed. Allowed: %(methods)s.") % {"methods": allowed}
            )
            response["Allow"] = allowed
        return response

    return wrapper


class JsonNinjaAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return openapi.complete(idempotency.document(schema))

    def get_openapi_operation_id(self, operation) -> str:
        # Short, stable ids for generated clients: the handler's name (list_positions, …).
        return operation.view_func.__name__

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        patterns = [
            URLPattern(
                p.pattern, _json_errors(idempotency.idempotent(p.callback)), p.default_args, p.name
            )
            if isinstance(p, URLPattern)
            else p
            for p in patterns
        ]
        # Anything else under the API's prefix: JSON 404, not the HTML error page.
        patterns.append(re_path(r"^.*$", not_found, name="not-found"))
        return patterns, app_name, namespace
