"""The safety net under accounts.actions: while a web request is being answered, a user's roles,
areas, single permissions and superuser status change only inside an approved change of access.

Anything else that tries (an admin form, a view written later) gets ChangeOutsideApproval, and the
request fails with nothing saved. Outside a request (migrations, the demo loader, management commands,
tests setting up their data) nothing is refused: whoever can run those can change the database anyway.

A middleware, first in MIDDLEWARE, marks the time a request is answered, and unmarks it however the
request ends (an error, a streamed file never read to its end); the receivers are connected in
AccountsConfig.ready().
"""

from contextlib import contextmanager
from contextvars import ContextVar

_answering_request: ContextVar[bool] = ContextVar("answering_request", default=False)
_applying_approved_change: ContextVar[bool] = ContextVar("applying_approved_change", default=False)

GUARDED_RELATIONS = ("groups", "areas", "user_permissions")
M2M_WRITES = {"pre_add", "pre_remove", "pre_clear"}


class ChangeOutsideApproval(Exception):
    """A user's access was about to change outside an approved change of access."""


@contextmanager
def applying_approved_change():
    """Around the one place that applies an approved change (accounts.actions)."""
    token = _applying_approved_change.set(True)
    try:
        yield
    finally:
        _applying_approved_change.reset(token)


@contextmanager
def answering_request():
    """Around the answering of one web request (AnsweringRequestMiddleware)."""
    token = _answering_request.set(True)
    try:
        yield
    finally:
        _answering_request.reset(token)


class AnsweringRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with answering_request():
            return self.get_response(request)


def _refused() -> bool:
    return _answering_request.get() and not _applying_approved_change.get()


def refuse_relation_change(sender, instance, action, **kwargs):
    """m2m_changed, on User.groups, User.areas and User.user_permissions (from either end)."""
    if action in M2M_WRITES and _refused():
        raise ChangeOutsideApproval("A user's roles, areas and permissions change only through an approved change")


def refuse_superuser_change(sender, instance, update_fields=None, **kwargs):
    """pre_save on User: superuser status is granted or removed only through an approved change."""
    if not _refused() or (update_fields is not None and "is_superuser" not in update_fields):
        return
    if instance._state.adding:
        was_superuser = False
    else:
        was_superuser = sender.objects.filter(pk=instance.pk).values_list("is_superuser", flat=True).first()
    if bool(was_superuser) != instance.is_superuser:
        raise ChangeOutsideApproval("Superuser status changes only through an approved change")
