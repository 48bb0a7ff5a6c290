"""Demo accounts: which accounts are the published demo ones, and which can still sign in with a
published demo password.

``duban demo`` and ``duban seed-demo`` mark the accounts they create (``Profile.demo_account``:
the account's key in ``demo/accounts.yaml``, or ``seed-demo``). The mark survives a rename, so
the production check (E003/E004) and ``remove_demo_accounts`` find a renamed ``office`` too.
Passwords are compared with ``check_password`` once per distinct stored hash (seed-demo gives
thousands of accounts one hash), so the check stays quick.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth.hashers import check_password


def published_accounts() -> dict[str, str]:
    """Demo account key → its published password (accounts.yaml and seed-demo's default)."""
    from duban.demo.generator import DEMO_PASSWORD, SEED_DEMO

    published = {SEED_DEMO: DEMO_PASSWORD}
    path = Path(settings.DUBAN_DEMO_DIR) / "accounts.yaml"
    if path.exists():
        accounts = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for spec in accounts.get("accounts", []):
            published[spec["username"]] = spec["password"]
    return published


def marked_demo_users():
    """The users marked as demo accounts, whatever their username is now."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(profile__demo_account__gt="")


def demo_password_users(published: dict[str, str] | None = None) -> list[str]:
    """Usernames that sign in with a published demo password: each marked account checked
    against its own published password, and an unmarked account that carries a published
    demo username checked against that account's password."""
    from django.contrib.auth import get_user_model

    published = published_accounts() if published is None else published
    candidates = get_user_model().objects.filter(is_active=True).filter(
        profile__demo_account__gt="").values_list("username", "password", "profile__demo_account")
    by_name = get_user_model().objects.filter(is_active=True, username__in=list(published))
    rows = set(candidates) | {(name, hashed, name) for name, hashed in
                              by_name.values_list("username", "password")}
    verdicts: dict[tuple[str, str], bool] = {}
    found = []
    for username, hashed, key in sorted(rows):
        password = published.get(key)
        if password is None:
            continue
        if (hashed, key) not in verdicts:
            verdicts[hashed, key] = check_password(password, hashed)
        if verdicts[hashed, key]:
            found.append(username)
    return sorted(set(found))
