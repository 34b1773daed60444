"""Who holds tasks, and who the leads are: read from the roles' permissions, never from a list of names."""

from django.contrib.auth import get_user_model

_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _holding(permission: str):
    users = get_user_model().objects.with_perm(permission, include_superusers=False, backend=_BACKEND)
    return users.filter(is_active=True).order_by("first_name", "last_name", "username")


def task_holders():
    """The people a task may be given to: active, and holding tasks by their role."""
    return _holding("work.view_task")


def leads():
    """The safeguarding leads: they see the team's tasks, are told of overdue ones and of consultations that
    need a lead."""
    return _holding("work.manage_tasks")


def name_of(user) -> str:
    return user.get_full_name() or user.get_username()
