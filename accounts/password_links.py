"""One-time links to set a password, sent by email to the account's owner and shown to nobody else.

The token is Django's (PasswordResetTokenGenerator): it is signed with the secret key over the
account's password hash and last sign-in, so it stops working as soon as the password is set, and
it expires after PASSWORD_RESET_TIMEOUT (24 hours).
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

MESSAGE = """Hello {name},

Use this link to choose your password for {service}:

{link}

The link works once, and only for the next {hours} hours. Nobody else has been sent it.

If you did not expect this email, tell the safeguarding service's administrator.
"""


def _link(user, request) -> str:
    path = reverse(
        "password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


def send_password_link(user, request) -> None:
    send_mail(
        subject=f"Choose your password for {settings.SERVICE_NAME}",
        message=MESSAGE.format(
            name=user.get_full_name() or user.username,
            service=settings.SERVICE_NAME,
            link=_link(user, request),
            hours=settings.PASSWORD_RESET_TIMEOUT // 3600,
        ),
        from_email=None,
        recipient_list=[user.email],
    )
