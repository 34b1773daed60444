from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import access_views
from accounts import views as accounts_views
from activity.openable import openable_records
from activity.record_types import RECORD_TYPES
from safeguarding import views

admin.site.site_header = "Safeguarding activity: administration"
admin.site.site_title = "Safeguarding activity"
# The admin signs in through the app's own sign-in (lockout, one-time code), not its own form.
admin.site.login = accounts_views.admin_sign_in
# Changing your own password there is an audit event, like every other password change.
admin.site.password_change = access_views.admin_own_password_change

# While the database is unreachable a failure answers 503 (templates/503.html), else the generic 500 page.
handler500 = "safeguarding.errors.server_error"

# The audit log's filter offers the kinds of record activity logs (audit itself knows no app above it).
AUDITED_RECORD_KINDS = [(record_type.slug, record_type.name.capitalize()) for record_type in RECORD_TYPES.values()]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", accounts_views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("activity.urls")),
    # Before reports.urls, whose reports/<pk>/sections/<pk>/<change>/ would take .../images/.
    path("", include("reports.content_urls")),
    path("", include("reports.urls")),
    path("governance/", include("governance.urls")),
    path("training/", include("training.urls")),
    path("work/", include("work.urls")),
    path("", include("audit.urls"), {"record_kinds": AUDITED_RECORD_KINDS, "openable_records": openable_records}),
    path("", include("jobs.urls")),
]
