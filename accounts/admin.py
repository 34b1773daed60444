from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import actions
from accounts.access import access_of
from accounts.models import User

PROPOSE_ONLY = (
    "Roles, areas, seeing every area and superuser status change only when a safeguarding lead who is neither "
    "you nor this person approves. To change them, propose a change of access."
)


class NewUserForm(forms.ModelForm):
    """A new account has no password: its owner chooses one through the link emailed to them."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = "We email them a link to choose their password. Nobody else sees it."


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users' details change here. Their access (roles, areas, "see all areas", superuser status), the email
    address of anyone with access, password resets and authenticator apps change only through the app's
    pages for proposals, once a second person approves (accounts.actions): here they are read-only."""

    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "groups", "areas"]
    add_form = NewUserForm
    add_fieldsets = [(None, {"fields": ["username", "first_name", "last_name", "email"]})]
    fieldsets = [
        (None, {"fields": ["username", "password_and_authenticator"]}),
        ("Personal info", {"fields": ["first_name", "last_name", "email"]}),
        ("Status", {"fields": ["is_active", "is_staff"]}),
        (
            "Access",
            {"fields": ["propose", "groups", "areas", "is_superuser", "user_permissions"], "description": PROPOSE_ONLY},
        ),
        ("Defaults", {"fields": ["usual_area", "usual_service"]}),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    ACCESS = ("groups", "areas", "is_superuser", "user_permissions")
    ALWAYS_READ_ONLY = ("password_and_authenticator", "propose", *ACCESS, "last_login", "date_joined")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        fields = list(self.ALWAYS_READ_ONLY)
        if obj.pk == request.user.pk:
            fields.append("is_active")
        if not access_of(obj).is_none:
            fields.append("email")  # where their password links go: changed by a proposal
        return fields

    @admin.display(description="Change of access")
    def propose(self, obj):
        return format_html('<a href="{}">Propose a change of access</a>', reverse("access_propose", args=[obj.pk]))

    @admin.display(description="Password and authenticator app")
    def password_and_authenticator(self, obj):
        password = "Set" if obj.has_usable_password() else "Not set"
        apps = TOTPDevice.objects.filter(user=obj, confirmed=True).count()
        return format_html(
            '{}. <a href="{}">Reset the password</a> (its owner chooses the new one).<br>'
            'Authenticator apps: {}. <a href="{}">Propose removing it</a>.',
            password,
            reverse("access_password", args=[obj.pk]),
            apps,
            reverse("access_authenticator", args=[obj.pk]),
        )

    def save_model(self, request, obj, form, change):
        if change:
            actions.change_user_details(user=obj, by=request.user, request=request)
        else:
            actions.create_user(user=obj, by=request.user, request=request)

    def user_change_password(self, request, id, form_url=""):
        """Nobody sets another person's password here: its owner chooses it through a one-time link."""
        user = get_object_or_404(User, pk=id)
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        return redirect("access_password", user.pk)


# django-otp's own admin shows a device's secret key and its QR code: replaced by one that never does.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Who has which authenticator app. Nothing is added, changed or removed here, and the key is never
    shown: removing a lost one is a proposal a second person approves (accounts.actions)."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at", "remove"]
    readonly_fields = fields

    @admin.display(description="Lost it?")
    def remove(self, obj):
        return format_html(
            '<a href="{}">Propose removing this authenticator app</a>',
            reverse("access_authenticator", args=[obj.user_id]),
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
