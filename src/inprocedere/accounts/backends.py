"""The password backend, refusing the published demo password outside demo mode.

The password validator keeps the demo password from being set; this refuses it at
sign-in whatever the database holds: a database once seeded in demo mode and then
served in production must not let anyone in as `teamlead` / `inprocedere-demo`.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


def is_refused_demo_password(password) -> bool:
    return not settings.DEMO and password == settings.DEMO_PASSWORD


class PasswordBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if is_refused_demo_password(password):
            return None  # whoever the username names: the answer says nothing about accounts
        return super().authenticate(request, username=username, password=password, **kwargs)
