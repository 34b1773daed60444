from django.template.response import TemplateResponse

from audit.filters import AuditEventFilter
from audit.models import AuditEvent
from audit.tables import AuditEventTable
from core.paging import configure_table
from core.permissions import require_permission

PAGE_SIZE = 50


@require_permission("audit.view_auditevent")
def audit_log(request, *, record_kinds: list[tuple[str, str]] = ()):
    """The log, filtered; ``record_kinds`` (slug, name) are the kinds of record it can be filtered by, given by
    the project's URL configuration (safeguarding.urls), which knows the apps that log records."""
    events = AuditEvent.objects.select_related("user")
    filters = AuditEventFilter(request.GET or None, queryset=events, record_kinds=list(record_kinds))
    matching = filters.qs if filters.is_bound and filters.is_valid() else events
    table = AuditEventTable(matching)
    configure_table(request, table, default=PAGE_SIZE)
    return TemplateResponse(
        request, "audit/log.html", {"filter": filters, "table": table, "count": table.paginator.count}
    )
