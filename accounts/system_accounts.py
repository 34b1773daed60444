"""Accounts that act for the system (the reports' schedule, the tasks' calendar): made the first time they are
needed, and never able to sign in, whatever anyone later does to them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password


def system_account(username: str, name: str):
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": name, "is_active": False, "password": make_password(None)}
    )
    if user.is_active or user.has_usable_password() or user.is_staff or user.is_superuser:
        user.is_active = user.is_staff = user.is_superuser = False
        user.set_unusable_password()
        user.save(update_fields=["is_active", "is_staff", "is_superuser", "password"])
    return user
