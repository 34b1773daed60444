"""The navigation each role sees: an item shows only to users who may use its page.

Ten items is more than the header shows at a laptop's width (the rest fold under "More"), so the service's
governance records are reached from the Reports page, whose reports read them."""

from django.conf import settings
from django.urls import reverse

from activity.record_types import RECORD_TYPES

# (label, url name, permission test, staff only)
ITEMS = [
    ("Home", "home", None, False),
    ("Dashboard", "dashboard", lambda user: user.has_perm("reports.view_dashboard"), False),
    (
        "Records",
        "records_index",
        lambda user: any(user.has_perm(t.permission("view")) for t in RECORD_TYPES.values()),
        False,
    ),
    ("Reports", "report_list", lambda user: user.has_perm("reports.view_reports"), False),
    ("Returns", "returns_grid", lambda user: user.has_perm("activity.view_return"), False),
    (
        "Import",
        "import_new",
        lambda user: any(user.has_perm(t.permission("add")) for t in RECORD_TYPES.values()),
        False,
    ),
    ("Audit log", "audit_log", lambda user: user.has_perm("audit.view_auditevent"), False),
    ("Access changes", "access_changes", lambda user: user.has_perm("accounts.view_accesschange"), False),
    ("Administration", "admin:index", None, True),
]


def navigation(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for label, url_name, permission, staff_only in ITEMS:
            if staff_only and not user.is_staff:
                continue
            if permission and not permission(user):
                continue
            url = reverse(url_name)
            current = request.path == url if url == "/" else request.path.startswith(url)
            items.append({"label": label, "url": url, "current": current})
    return {"navigation_items": items, "service_name": settings.SERVICE_NAME}
