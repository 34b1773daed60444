from django.template.response import TemplateResponse

from audit.filters import AuditEventFilter
from audit.models import AuditEvent
from audit.tables import AuditEventTable
from core.paging import configure_table
from core.permissions import require_permission

PAGE_SIZE = 50


@require_permission("audit.view_auditevent")
def audit_log(request, *, record_kinds: list[tuple[str, str]] = (), openable_records=None):
    """The log, filtered; ``record_kinds`` (slug, name) are the kinds of record it can be filtered by, and
    ``openable_records(user, {kind: references})`` the (kind, reference) pairs of those the reader may open,
    both given by the project's URL configuration (safeguarding.urls), which knows the apps that log records.
    Without it no reference is a link."""
    events = AuditEvent.objects.select_related("user")
    filters = AuditEventFilter(request.GET or None, queryset=events, record_kinds=list(record_kinds))
    matching = filters.qs if filters.is_bound and filters.is_valid() else events
    table = AuditEventTable(matching)
    configure_table(request, table, default=PAGE_SIZE)
    if openable_records is not None:
        table.openable = openable_records(request.user, _records_named(table))
    return TemplateResponse(
        request, "audit/log.html", {"filter": filters, "table": table, "count": table.paginator.count}
    )


def _records_named(table) -> dict[str, set[str]]:
    """The references of the records the table's current page names, by kind."""
    named: dict[str, set[str]] = {}
    for row in table.page.object_list if table.page else ():
        event = row.record
        if event.record_kind and event.record_reference:
            named.setdefault(event.record_kind, set()).add(event.record_reference)
    return named
