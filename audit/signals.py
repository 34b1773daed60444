"""Sign-ins, failed sign-ins, lockouts and sign-outs, as audit events."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.log import record
from audit.models import Action


@receiver(user_logged_in, dispatch_uid="audit_signed_in")
def signed_in(sender, request, user, **kwargs):
    if request is not None:
        record(request, Action.SIGNED_IN, user=user)


@receiver(user_logged_out, dispatch_uid="audit_signed_out")
def signed_out(sender, request, user, **kwargs):
    if request is not None and user is not None:
        record(request, Action.SIGNED_OUT, user=user)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in ``credentials``; only the name typed is kept.
    if request is not None:
        record(request, Action.SIGN_IN_FAILED, username=str(credentials.get("username", "")))


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def locked_out(sender, request, username=None, ip_address=None, **kwargs):
    if request is not None:
        record(request, Action.LOCKED_OUT, username=str(username or ""))
