"""`check --deploy` fails while a demo seeding's accounts or fictional people remain."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError
from django.utils.translation import gettext as _


@checks.register(checks.Tags.security, deploy=True)
def demo_leftovers(app_configs, **kwargs):
    if settings.DEMO:
        return []  # core's check already warns that demo mode is on
    from .demo_leftovers import REMOVE_COMMAND, demo_accounts, demo_participants

    try:
        accounts = [user.username for user in demo_accounts()]
        participants = demo_participants().count()
    except DatabaseError:
        return []  # not migrated yet: nothing to leave behind
    errors = []
    if accounts:
        errors.append(
            checks.Error(
                _("Demo accounts still open with the published demo password: %(names)s.")
                % {"names": ", ".join(accounts)},
                hint=_("Remove them with “%(command)s”.") % {"command": REMOVE_COMMAND},
                id="inprocedere.E003",
            )
        )
    if participants:
        errors.append(
            checks.Error(
                _("The database holds %(count)s fictional participants of the demo.")
                % {"count": participants},
                hint=_("Remove them with “%(command)s”.") % {"command": REMOVE_COMMAND},
                id="inprocedere.E004",
            )
        )
    return errors
