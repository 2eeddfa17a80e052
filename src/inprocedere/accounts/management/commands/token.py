from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from inprocedere.accounts import services
from inprocedere.accounts.models import ApiToken


class Command(BaseCommand):
    help = _("Create, list or revoke personal API tokens.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help=_("Create a token and print it once."))
        create.add_argument("--user", required=True)
        create.add_argument("--name", default="CLI")
        create.add_argument("--days", type=int, default=None)
        listing = sub.add_parser("list", help=_("List a user's tokens."))
        listing.add_argument("--user", required=True)
        revoke = sub.add_parser("revoke", help=_("Revoke a token by its prefix."))
        revoke.add_argument("prefix")

    def _user(self, username):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(_("No user named “%(user)s”.") % {"user": username}) from None

    def handle(self, *args, action, **options):
        try:
            if action == "create":
                user = self._user(options["user"])
                token, raw = services.token_create(
                    actor=user, user=user, name=options["name"], days=options["days"]
                )
                self.stderr.write(
                    _("Token “%(name)s” for %(user)s, valid until %(until)s. It is shown only now:")
                    % {"name": token.name, "user": user, "until": token.expires_at.date()}
                )
                self.stdout.write(raw)
            elif action == "list":
                for token in ApiToken.objects.filter(user=self._user(options["user"])):
                    state = _("active") if token.is_active else _("inactive")
                    self.stdout.write(
                        f"{token.prefix}  {token.name}  {token.expires_at:%Y-%m-%d}  {state}"
                    )
            else:
                token = ApiToken.objects.filter(prefix=options["prefix"]).first()
                if token is None:
                    raise CommandError(_("No token with this prefix."))
                services.token_revoke(actor=token.user, token=token)
                self.stdout.write(_("Token revoked."))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
