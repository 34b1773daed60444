from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "groups", "areas"]
    filter_horizontal = ["groups", "user_permissions", "areas"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        ("Areas and defaults", {"fields": ["areas", "usual_area", "usual_service"]}),
    ]
    # Access comes from roles (groups) and areas. Superuser status and single permissions
    # would grant what no role grants, such as every area's records: only a superuser may set them.
    BEYOND_ROLES = ("is_superuser", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.extend(self.BEYOND_ROLES)
        return fields


# django-otp's own admin shows a device's secret key and its QR code: replaced by one that never does.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Where an administrator removes a lost authenticator app: its owner then sets up a new one at
    their next sign-in. Nothing is added or changed here, the key is never shown, and only a superuser
    may remove a superuser's. The admin's own history records who removed which."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.user.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)
