"""Writing an audit event for a request (who, when, what, from which address, under which request id), or for a
user when there is no request (a background job).

Nothing typed into a record or a form reaches the log: the caller names the record by its
kind and reference, and ``detail`` holds only what the caller builds from choices (a file
format, a row count, the list's filters, the reference or case reference searched for, which is an
identifier and never clinical text). The one exception is asked for: the reason a person gives for opening a
restricted record (an allegation against staff), which the log keeps so that every opening can be accounted for.
"""

from audit.models import Action, AuditEvent

FILTERS_LEFT_OUT = {"export", "page", "sort", "csrfmiddlewaretoken"}


def client_address(request) -> str | None:
    """The address the request came from, as the server saw it (a proxy in front sets REMOTE_ADDR itself)."""
    return request.META.get("REMOTE_ADDR") or None


def build_event(
    action: Action, *, request=None, user=None, username="", kind="", reference="", detail=""
) -> AuditEvent:
    """An unsaved event: for ``request`` (its user, address, request id and path) or, with no request
    (a background job), for ``user`` alone. The one place an event's fields are filled in and cut to size."""
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        user = candidate if candidate is not None and candidate.is_authenticated else None
    return AuditEvent(
        action=action,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        record_kind=kind[:40],
        record_reference=_storable(str(reference))[:60],
        detail=_storable(detail)[:500],
        ip_address=client_address(request) if request is not None else None,
        request_id=getattr(request, "request_id", "")[:64],
        path=_storable(request.path)[:500] if request is not None else "",
    )


def _storable(text: str) -> str:
    return text.replace("\x00", "%00")  # a NUL typed into an address or a search: PostgreSQL cannot hold it


def record(request, action: Action, *, user=None, username="", kind="", reference="", detail="") -> AuditEvent:
    written = build_event(
        action, request=request, user=user, username=username, kind=kind, reference=reference, detail=detail
    )
    written.save()
    return written


def record_all(events: list[AuditEvent]) -> int:
    """Write many events in one insert (every colliding row of an import, say). Returns how many."""
    return len(AuditEvent.objects.bulk_create(events))


def filters_of(request) -> str:
    """The list's filters as the query string held them, without paging, sorting or the export switch."""
    query = request.GET.copy()
    for name in FILTERS_LEFT_OUT:
        query.pop(name, None)
    return query.urlencode()
