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
