from django.contrib import admin

from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is searched on its own page and in here, never edited."""

    list_display = ["at", "action", "user", "username", "record_kind", "record_reference", "ip_address"]
    list_filter = ["action", "record_kind"]
    search_fields = ["record_reference", "username", "request_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
