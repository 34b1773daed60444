"""Refuse, on the server, a view the user's role does not allow."""

from functools import wraps

from django.core.exceptions import PermissionDenied


def require_permission(permission: str):
    """The view answers only a user holding ``permission`` (an app label and codename); anyone else gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def require_actor(by) -> None:
    """Every write names the signed-in user who made it: refuse one that does not."""
    if by is None or not getattr(by, "pk", None):
        raise ValueError("Every write needs the user who made it")
