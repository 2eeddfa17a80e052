"""The password backend, refusing the published demo password outside demo mode.

The password validator keeps the demo password from being set; this refuses it at
sign-in whatever the database holds: a database once seeded in demo mode and then
served in production must not let anyone in as `teamlead` / `inprocedere-demo`.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def is_refused_demo_password(password) -> bool:
    return not settings.DEMO and password == settings.DEMO_PASSWORD


class PasswordBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if is_refused_demo_password(password):
            return None  # whoever the username names: the answer says nothing about accounts
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        # Every page shows the user's name (their person's, see User.display_name): load
        # the person with the user instead of one more query per request.
        model = get_user_model()
        try:
            user = model._default_manager.select_related("person").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
