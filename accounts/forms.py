import math
import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import Group
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone

from accounts.models import User


class SignInForm(AuthenticationForm):
    """Django's sign-in form: one message for a wrong password, an unknown username and an
    inactive account alike, so the page never tells whether an account exists."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets the username's max_length after making the field, so the length is never checked:
        # an over-long name would reach the lockout's table (a database error on PostgreSQL). Check it here.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class CodeForm(forms.Form):
    """The one-time code from an authenticator app, checked against the user's devices.

    Each wrong code makes the device wait longer before it checks another (django-otp's
    throttling: 1, 2, 4, 8... seconds), so codes cannot be guessed by trying them all.
    """

    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code your authenticator app shows now.",
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )

    def __init__(self, *args, devices, **kwargs):
        super().__init__(*args, **kwargs)
        self.devices = list(devices)
        self.device = None

    def clean_code(self):
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("Enter the 6-digit code from your authenticator app")
        throttled_until = []
        for device in self.devices:
            # Locked, so that codes sent at once are still counted one after another.
            with transaction.atomic():
                device = type(device).objects.select_for_update().get(pk=device.pk)
                allowed, details = device.verify_is_allowed()
                if allowed and device.verify_token(code):
                    self.device = device
                    return code
            if not allowed:
                throttled_until.append((details or {}).get("locked_until") or timezone.now())
        if self.devices and len(throttled_until) == len(self.devices):
            seconds = max(1, math.ceil((max(throttled_until) - timezone.now()).total_seconds()))
            raise forms.ValidationError(
                f"You have entered too many wrong codes. Wait {seconds} second{pluralize(seconds)}, "
                "then enter the code your app shows."
            )
        raise forms.ValidationError(
            "The security code is not right. Enter the code your app shows now: each code works only once."
        )


REASON_HELP = "Kept with the change and shown to the person who decides on it."


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why is this needed?",
        help_text=REASON_HELP,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProposeAccessForm(ReasonForm):
    """The access a person should have. Only a superuser may propose a change of superuser status."""

    roles = forms.ModelMultipleChoiceField(
        queryset=Group.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Roles",
    )
    areas = forms.ModelMultipleChoiceField(
        queryset=User._meta.get_field("areas").related_model.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Areas",
        help_text="They see the records of each area ticked, and of the areas within it.",
    )
    view_all_areas = forms.BooleanField(
        required=False,
        label="Sees the records of every area, whatever their areas",
        help_text="Safeguarding leads see every area through their role: tick this only for someone else.",
    )
    is_superuser = forms.BooleanField(
        required=False,
        label="Superuser",
        help_text="Can do everything, in every area. Only a superuser can propose a change to this.",
    )
    email = forms.EmailField(
        required=False,
        label="Email address",
        help_text="Links to set their password go here.",
    )
    field_order = ["roles", "areas", "view_all_areas", "is_superuser", "email", "reason"]

    def __init__(self, *args, proposer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].label_from_instance = lambda group: group.name
        if not proposer.is_superuser:
            del self.fields["is_superuser"]
