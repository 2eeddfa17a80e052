"""Every error of the API as JSON `{"detail": …}`: no client input ends in a 500."""

import logging

from django.conf import settings
from django.core import signals
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError

from .auth import auth_required_message

logger = logging.getLogger("inprocedere.api")


def django_validation_detail(exc: DjangoValidationError) -> list[dict]:
    """The shape of ninja's own validation errors: a list of {loc, msg, type}."""
    if hasattr(exc, "error_dict"):
        return [
            {"loc": [field], "msg": message, "type": "validation_error"}
            for field, errors in exc.message_dict.items()
            for message in errors
        ]
    return [{"loc": [], "msg": message, "type": "validation_error"} for message in exc.messages]


def _size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MiB"
    return f"{max(1, n // 1024)} KiB"


def body_too_large_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return _("The request body is too large (at most %(size)s).") % {"size": _size(limit)}


def install(api: NinjaAPI) -> None:
    def detail(request, message, status):
        return api.create_response(request, {"detail": message}, status=status)

    @api.exception_handler(AuthenticationError)
    def unauthorised(request: HttpRequest, exc: AuthenticationError):
        response = detail(request, auth_required_message(exc), 401)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404):
        return detail(request, _("Not found."), 404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied):
        return detail(request, _("You do not have permission to do this."), 403)

    @api.exception_handler(DjangoValidationError)
    def invalid(request: HttpRequest, exc: DjangoValidationError):
        return detail(request, django_validation_detail(exc), 422)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig):
        # Django raises this on reading request.body over DATA_UPLOAD_MAX_MEMORY_SIZE;
        # it is the client's doing, so 413, not a logged server error.
        return detail(request, body_too_large_message(), 413)

    @api.exception_handler(TooManyFieldsSent)
    def too_many_fields(request: HttpRequest, exc: TooManyFieldsSent):
        return detail(request, _("The request has too many fields."), 413)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError):
        if exc.status_code == 403 and "CSRF" in str(exc):
            message = _("The CSRF check failed. Reload the page and try again.")
        elif exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            message = _("The request body is not valid JSON.")  # ninja's words, untranslated
        else:
            message = str(exc)
        return detail(request, message, exc.status_code)

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception):
        # A real bug: log it with its traceback and tell error reporters (and the test
        # client, which re-raises it) as Django would, but answer in JSON.
        logger.exception("API error on %s %s", request.method, request.path)
        signals.got_request_exception.send(sender=None, request=request)
        return detail(request, _("Internal server error."), 500)
