from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

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
