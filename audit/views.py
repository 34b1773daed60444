from django.template.response import TemplateResponse
from django_tables2 import RequestConfig

from activity.views.access import require_permission
from audit.filters import AuditEventFilter
from audit.models import AuditEvent
from audit.tables import AuditEventTable

PAGE_SIZE = 50


@require_permission("audit.view_auditevent")
def audit_log(request):
    events = AuditEvent.objects.select_related("user")
    filters = AuditEventFilter(request.GET or None, queryset=events)
    matching = filters.qs if filters.is_bound and filters.is_valid() else events
    table = AuditEventTable(matching)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    return TemplateResponse(
        request, "audit/log.html", {"filter": filters, "table": table, "count": table.paginator.count}
    )
