"""The navigation each role sees: an item shows only to users who may use its page."""

from django.conf import settings
from django.urls import reverse

# (label, url name, permission needed or None for every signed-in user, staff only)
ITEMS = [
    ("Home", "home", None, False),
    ("Administration", "admin:index", None, True),
]


def navigation(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for label, url_name, permission, staff_only in ITEMS:
            if staff_only and not user.is_staff:
                continue
            if permission and not user.has_perm(permission):
                continue
            url = reverse(url_name)
            items.append({"label": label, "url": url, "current": request.path == url})
    return {"navigation_items": items, "service_name": settings.SERVICE_NAME}
