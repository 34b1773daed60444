"""Decorators that load what a view works on and refuse, on the server, what the user may not do."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from activity.record_types import RECORD_TYPES


def load_record_type(action: str, *, or_permission: str | None = None):
    """Turn the URL's ``kind`` into a RecordType and check the user may ``action`` (view, add, change) it
    (or holds ``or_permission``, for a view that serves both)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, kind, *args, **kwargs):
            record_type = RECORD_TYPES.get(kind)
            if record_type is None:
                raise Http404("No such kind of record")
            allowed = request.user.has_perm(record_type.permission(action))
            if not allowed and not (or_permission and request.user.has_perm(or_permission)):
                raise PermissionDenied
            return view(request, record_type, *args, **kwargs)

        return wrapped

    return decorator


def visible_record(user, record_type, reference):
    """A record the user may see, archived or not; otherwise 404, saying nothing about it."""
    if "\x00" in reference:  # no reference holds NUL, and PostgreSQL refuses to be asked about one
        raise Http404
    return get_object_or_404(record_type.model.with_archived.visible_to(user), reference=reference)
