"""Sign-in: password (Django's LoginView, watched by django-axes), then for leads and
administrators a one-time code from an authenticator app. See docs/security.md."""

import segno
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from accounts.forms import CodeForm, SignInForm
from accounts.middleware import ENDED_BECAUSE, IDLE, TOO_LONG
from accounts.two_factor import (
    confirmed_devices,
    is_verified,
    readable_key,
    requires_two_factor,
    unconfirmed_device,
)
from audit.log import record as audit
from audit.models import Action

ENDED_MESSAGES = {
    IDLE: "You were signed out because you had not used the service for 30 minutes. Sign in again to carry on.",
    TOO_LONG: "You were signed out because you signed in 10 hours ago. Sign in again to carry on.",
}


class SignInView(LoginView):
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get(self, request, *args, **kwargs):
        reason = request.session.pop(ENDED_BECAUSE, None)
        if reason in ENDED_MESSAGES:
            messages.info(request, ENDED_MESSAGES[reason])
        return super().get(request, *args, **kwargs)


@login_not_required
def admin_sign_in(request, extra_context=None):
    """Stands in for the admin site's own login page, so the admin has the same protected sign-in."""
    next_url = request.GET.get("next") or reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(next_url)
    if admin.site.has_permission(request):
        return redirect(_safe_next(request, next_url))
    raise PermissionDenied


@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """Asks a lead or administrator who has an authenticator app for its code."""
    user = request.user
    if is_verified(user) or not requires_two_factor(user):
        return redirect(_safe_next(request))
    devices = confirmed_devices(user)
    if not devices.exists():
        return redirect(f"{reverse('two_factor_set_up')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None, devices=devices)
    if request.method == "POST":
        if form.is_valid():
            return _signed_in_with(request, form.device)
        audit(request, Action.CODE_REFUSED)
    return TemplateResponse(request, "accounts/two_factor_verify.html", _context(request, form))


@require_http_methods(["GET", "POST"])
def two_factor_set_up(request):
    """Links a lead's or administrator's authenticator app: shows the key, then asks for one code.

    Only for someone with no confirmed device: once they have one, a new device can be set up
    only after an approved removal of the old one (accounts.actions), never from a password alone.
    """
    user = request.user
    if is_verified(user) or not requires_two_factor(user):
        return redirect(_safe_next(request))
    if confirmed_devices(user).exists():
        return redirect(f"{reverse('two_factor_verify')}?{request.GET.urlencode()}")
    device = unconfirmed_device(user)
    form = CodeForm(request.POST or None, devices=[device])
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        messages.success(
            request, "Your authenticator app is set up. You will need a code from it each time you sign in."
        )
        return _signed_in_with(request, device)
    qr_code = segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title="QR code of the key, for your authenticator app"
    )
    context = {
        **_context(request, form),
        "readable_key": readable_key(device),
        "config_url": device.config_url,
        "qr_code": qr_code.replace("<svg ", '<svg role="img" aria-label="QR code of the key" ', 1),
    }
    return TemplateResponse(request, "accounts/two_factor_set_up.html", context)


def _signed_in_with(request, device):
    """The code was right: a new session key for the raised trust, and the device noted in it."""
    next_url = _safe_next(request)
    request.session.cycle_key()
    otp_login(request, device)
    audit(request, Action.SIGNED_IN)
    return redirect(next_url)


def _context(request, form):
    # The menu leads nowhere until the code is given, so it is not shown.
    return {"form": form, "next": _safe_next(request), "navigation_items": []}


def _safe_next(request, candidate=None) -> str:
    candidate = candidate or request.POST.get("next") or request.GET.get("next")
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else resolve_url(settings.LOGIN_REDIRECT_URL)
