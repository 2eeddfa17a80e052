"""Who is calling: a personal API token (bearer) or the browser session of the docs page."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from inprocedere.accounts.services import token_user


class InvalidToken(AuthenticationError):
    """A bearer token was sent but is unknown, expired or revoked.

    Never falls back to the session: a client that sends a token means that token.
    """

    def __init__(self):
        super().__init__(message="invalid_token")


class TokenAuth(HttpBearer):
    """`Authorization: Bearer ipd_…`, a token created with `inprocedere token create`."""

    def authenticate(self, request: HttpRequest, token: str):
        api_token, user = token_user(token.strip())
        if user is None:
            raise InvalidToken
        request.user = user
        request.api_token = api_token  # audit entries name the token
        return user


class SessionAuth(APIKeyCookie):
    """The browser session, so the docs page can be tried out while signed in.

    Unsafe methods need the CSRF token (the docs page sends it). Where a second factor
    is required, a session that has not confirmed it does not count.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # nothing to check CSRF for
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None):
        user = request.user
        if settings.OTP_REQUIRED and not user.is_verified():
            return None
        return user


def auth_required_message(exc: AuthenticationError) -> str:
    if isinstance(exc, InvalidToken):
        return _("The API token is invalid, expired or revoked.")
    return _(
        "Authentication required: send a personal API token as "
        "“Authorization: Bearer <token>”, or sign in."
    )


API_AUTH = [TokenAuth(), SessionAuth()]
