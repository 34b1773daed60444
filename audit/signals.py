"""Failed sign-ins, lockouts and sign-outs, as audit events. A sign-in itself is written by accounts,
which knows whether the password was all it took or a one-time code must follow."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.log import record
from audit.models import Action


def _account_named(username: str):
    """The account a name typed at sign-in belongs to, if any, so "what happened to this person" finds it."""
    return get_user_model().objects.filter(username=username).first() if username else None


@receiver(user_logged_out, dispatch_uid="audit_signed_out")
def signed_out(sender, request, user, **kwargs):
    if request is not None and user is not None:
        record(request, Action.SIGNED_OUT, user=user)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in ``credentials``; only the name typed is kept.
    if request is not None:
        typed = str(credentials.get("username", ""))[:150]
        record(request, Action.SIGN_IN_FAILED, user=_account_named(typed), username=typed)


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def locked_out(sender, request, username=None, ip_address=None, **kwargs):
    if request is not None:
        typed = str(username or "")[:150]
        record(request, Action.LOCKED_OUT, user=_account_named(typed), username=typed)
