import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "ipd_"  # noqa: S105 - a public marker, not a secret


class User(AbstractUser):
    """A sign-in. What a user may do comes from the positions their person holds."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self):
        person = getattr(self, "person", None)
        if person is not None:
            return person.full_name
        return self.get_full_name() or self.get_username()


def hash_token(raw: str) -> str:
    # Tokens carry 256 bits of randomness, so a fast hash is enough (no brute force
    # is feasible) and lets every request find its token by an indexed lookup.
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    """A personal API token: shown once at creation, stored only as a hash."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> tuple[str, str]:
        """A new raw token and its display prefix."""
        body = secrets.token_urlsafe(32)
        raw = f"{TOKEN_PREFIX}{body}"
        return raw, raw[: len(TOKEN_PREFIX) + 6]

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class IdempotentRequest(models.Model):
    """A POST of the API sent with an `Idempotency-Key`: the answer a retry gets again.

    Stored in the transaction of the write itself (api/idempotency.py), so either both
    the write and this row are committed or neither: a client whose connection broke
    after the commit gets the first answer on retrying, and nothing is written twice.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)  # method, path and body
    status = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotent_request_unique_key")
        ]

    def __str__(self):
        return f"{self.key} ({self.status})"
