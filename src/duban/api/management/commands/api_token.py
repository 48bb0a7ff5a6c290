"""``duban api_token create USER [--name N] | revoke ID | list USER``: manage API tokens."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from duban.api.models import ApiToken
from duban.api.tokens import issue_token, revoke_token


class Command(BaseCommand):
    help = "create, revoke or list a user's API tokens (the raw token is printed once)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("username")
        create.add_argument("--name", default="")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("token_id", type=int)
        listing = sub.add_parser("list")
        listing.add_argument("username")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "create":
            token, raw = issue_token(self.user(options["username"]), options["name"])
            self.stdout.write(f"token {token.pk} for {token.user.get_username()}: {raw}")
        elif action == "revoke":
            token = ApiToken.objects.filter(pk=options["token_id"]).first()
            if token is None:
                raise CommandError(f"no token {options['token_id']}")
            revoke_token(None, token)
            self.stdout.write(f"revoked token {token.pk}")
        else:
            for token in ApiToken.objects.filter(user=self.user(options["username"])):
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(f"{token.pk}\t{token.prefix}…\t{state}\t{token.name}")

    def user(self, username: str):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username}")
        return user
