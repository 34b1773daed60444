"""Sign-in bookkeeping: start the session clocks, and end every session of a user who is
deactivated (someone who has signed in is never deleted: the audit log refers to them).
Connected in AccountsConfig.ready()."""

import time

from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.middleware import LAST_SEEN, SIGNED_IN_AT
from accounts.roles import sync_roles
from accounts.two_factor import requires_two_factor
from audit.log import record as audit
from audit.models import Action


def note_sign_in(sender, request, user, **kwargs):
    """On user_logged_in: start both clocks of SessionLimitsMiddleware for the new session."""
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[SIGNED_IN_AT] = now
        session[LAST_SEEN] = now


def audit_password_accepted(sender, request, user, **kwargs):
    """On user_logged_in: whoever must also give a one-time code is not signed in yet (the code page
    writes that), so their event says only that the password was right."""
    if request is not None:
        audit(request, Action.PASSWORD_ACCEPTED if requires_two_factor(user) else Action.SIGNED_IN, user=user)


def end_sessions_of(user_pk) -> int:
    """Delete every unexpired session signed in as this user; returns how many.

    Sessions live 30 minutes idle at most, so the unexpired ones are few: reading each
    is simpler, and as correct, as keeping a second table of who holds which session.
    """
    user_pk = str(user_pk)
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == user_pk
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def end_sessions_when_deactivated(sender, instance, created, **kwargs):
    if not created and not instance.is_active:
        end_sessions_of(instance.pk)


def sync_roles_after_migrate(sender, using, **kwargs):
    """Every ``migrate`` brings the role groups in line with ``accounts.roles``."""
    sync_roles()
