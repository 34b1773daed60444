"""Writing an audit event for a request: who, when, what, from which address, under which request id.

Nothing typed into a record or a form reaches the log: the caller names the record by its
kind and reference, and ``detail`` holds only what the caller builds from choices (a file
format, a row count, the list's filters).
"""

from audit.models import Action, AuditEvent

FILTERS_LEFT_OUT = {"export", "page", "sort", "csrfmiddlewaretoken"}


def client_address(request) -> str | None:
    """The address the request came from, as the server saw it (a proxy in front sets REMOTE_ADDR itself)."""
    return request.META.get("REMOTE_ADDR") or None


def record(request, action: Action, *, user=None, username="", kind="", reference="", detail="") -> AuditEvent:
    if user is None:
        candidate = getattr(request, "user", None)
        user = candidate if candidate is not None and candidate.is_authenticated else None
    return AuditEvent.objects.create(
        action=action,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        record_kind=kind[:40],
        record_reference=str(reference)[:60],
        detail=detail[:500],
        ip_address=client_address(request),
        request_id=getattr(request, "request_id", "")[:64],
        path=request.path.replace("\x00", "%00")[:500],  # a NUL typed into an address: PostgreSQL cannot hold it
    )


def filters_of(request) -> str:
    """The list's filters as the query string held them, without paging, sorting or the export switch."""
    query = request.GET.copy()
    for name in FILTERS_LEFT_OUT:
        query.pop(name, None)
    return query.urlencode()
