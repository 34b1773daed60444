from django.contrib import admin

from reports.models import Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["name", "percent", "from_year", "note"]
    list_filter = ["name"]
