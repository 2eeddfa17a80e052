"""Sign-in, failure and sign-out go to the audit log (authentication plumbing, not domain logic)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from inprocedere.core import audit


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None:
        from .sessions import mark_authenticated

        mark_authenticated(request)
    audit.record("auth.login.succeeded", actor=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        reason = getattr(request, "_logout_reason", "user")
        audit.record("auth.logout", actor=user, request=request, detail={"reason": reason})


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit.record(
        "auth.login.failed",
        actor_label=username or "anonymous",
        request=request,
        detail={"username": username},
    )
