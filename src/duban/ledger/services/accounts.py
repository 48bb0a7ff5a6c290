"""User accounts and their ledger roles (office, unit reporter, leader)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from duban.ledger.choices import ChangeAction, Role
from duban.ledger.models import Profile, Unit
from duban.ledger.services.audit import record_change


@transaction.atomic
def save_account(
    actor,
    username: str,
    role: str,
    *,
    password: str | None = None,
    unit: Unit | None = None,
    display_name: str = "",
    email: str = "",
):
    """Create or update a user with its role; a reporter must have a unit. Returns the user."""
    if role not in Role.values:
        raise ValidationError({"role": f"未知角色：{role}"})
    if role == Role.REPORTER and unit is None:
        raise ValidationError({"unit": "责任单位用户必须指定所属单位"})
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username)
    before = None if created else profile_snapshot(user)
    if email:
        user.email = email
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    Profile.objects.update_or_create(
        user=user,
        defaults={
            "role": role,
            "unit": unit if role == Role.REPORTER else None,
            "display_name": display_name,
        },
    )
    user.refresh_from_db()
    record_change(
        actor,
        ChangeAction.CREATE if created else ChangeAction.UPDATE,
        user.profile,
        before=before,
        after=profile_snapshot(user),
    )
    return user


def profile_snapshot(user) -> dict | None:
    profile = Profile.objects.filter(user=user).first()
    data = {"username": user.get_username(), "is_active": user.is_active}
    return data | profile.snapshot() if profile else data
