"""Who must give a one-time code at sign-in, and the authenticator devices that give it.

A device is django-otp's TOTPDevice: a secret key shared with the person's authenticator
app. Until it is confirmed (the person has typed one code it produced) it cannot be used
to sign in.
"""

from base64 import b32decode, b32encode

from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles

ROLES_NEEDING_A_CODE = (roles.LEAD, roles.ADMINISTRATOR)

# The demo's leads and administrators share this key, which is public (it spells DEMO):
# only a device with this name AND this key is a demo device (see demo_code).
DEMO_DEVICE_NAME = "demo"
DEMO_KEY = b32decode("DEMO" * 8).hex()


def requires_two_factor(user) -> bool:
    """Whether this signed-in user must give a code: leads, administrators and superusers."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=ROLES_NEEDING_A_CODE).exists()


def is_verified(user) -> bool:
    """Whether this session's user gave a code (django_otp.middleware.OTPMiddleware sets it)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def confirmed_devices(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk")


def unconfirmed_device(user) -> TOTPDevice:
    """The device being set up: the same key until it is confirmed, so a reload changes nothing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def readable_key(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it: base32, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def is_demo_device(device: TOTPDevice) -> bool:
    return device.name == DEMO_DEVICE_NAME and device.key.lower() == DEMO_KEY


def current_code(device: TOTPDevice) -> str:
    """The code the device's authenticator app shows now."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{code:0{device.digits}d}"
