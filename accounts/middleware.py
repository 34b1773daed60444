"""Session limits and the one-time code, enforced on every request.

Both run after django_otp's OTPMiddleware (which tells whether the session gave a code)
and before LoginRequiredMiddleware. See docs/security.md.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from accounts.two_factor import confirmed_devices, is_verified, requires_two_factor

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"
ENDED_BECAUSE = "session_ended_because"
IDLE, TOO_LONG = "idle", "too_long"
# Writing the session on every request would cost three queries a page; once a minute is
# enough, and means an idle session ends between 29 and 30 minutes after its last request.
NOTE_ACTIVITY_EVERY = 60


def _reason_to_end(session, now: int) -> str | None:
    signed_in_at, last_seen = session.get(SIGNED_IN_AT), session.get(LAST_SEEN)
    if signed_in_at is None or now - signed_in_at > settings.SESSION_MAXIMUM_AGE.total_seconds():
        return TOO_LONG
    if last_seen is None or now - last_seen > settings.SESSION_IDLE_LIMIT.total_seconds():
        return IDLE
    return None


class SessionLimitsMiddleware:
    """Ends a session idle for longer than SESSION_IDLE_LIMIT, or older than SESSION_MAXIMUM_AGE.

    The stored session's own expiry (SESSION_COOKIE_AGE from its last save) ends idle
    sessions too; this makes both limits hold whatever the session store does. A session
    with no sign-in time (made before these limits existed) is ended.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            reason = _reason_to_end(request.session, now)
            if reason:
                logout(request)
                request.session[ENDED_BECAUSE] = reason
                return redirect_to_login(request.get_full_path() if request.method == "GET" else reverse("home"))
            if now - request.session[LAST_SEEN] >= NOTE_ACTIVITY_EVERY:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Until a lead or administrator has given a code, every page but these sends them to give one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.TWO_FACTOR_REQUIRED and not self._exempt(request.path):
            user = request.user
            if user.is_authenticated and not is_verified(user) and requires_two_factor(user):
                step = "two_factor_verify" if confirmed_devices(user).exists() else "two_factor_set_up"
                next_url = request.get_full_path() if request.method == "GET" else reverse("home")
                return redirect(f"{reverse(step)}?{urlencode({'next': next_url})}")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        open_paths = {reverse("logout"), reverse("two_factor_verify"), reverse("two_factor_set_up")}
        return path in open_paths or path.startswith(f"/{settings.STATIC_URL.lstrip('/')}")
