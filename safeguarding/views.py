from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, connection
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from accounts.roles import ROLE_DESCRIPTIONS
from activity.record_counts import visible_record_counts
from activity.record_types import RECORD_TYPES
from core.periods import FinancialYear
from reports import schedule
from safeguarding import home_page


def home(request):
    """The signed-in user's start page: what to do today for what their role does (``safeguarding.home_page``), who
    they are, and truthfully what they can see."""
    user = request.user
    today = schedule.today()
    year = FinancialYear.containing(today)
    views_records = any(user.has_perm(record_type.permission("view")) for record_type in RECORD_TYPES.values())
    context = {
        "year": year,
        "today": today,
        "roles": [{"name": name, "description": ROLE_DESCRIPTIONS.get(name, "")} for name in user.role_names],
        "areas": list(user.areas.all()),
        "record_counts": visible_record_counts(user, year),
        "sees_all_areas": user.has_perm("accounts.view_all_areas"),
        "views_records": views_records,
        "reads_figures_only": user.has_perm("reports.view_dashboard") and not views_records,
        **home_page.sections(user, today),
    }
    return TemplateResponse(request, "home.html", context)


@login_not_required
@require_safe
def healthz(request):
    """For a load balancer: 200 while the database answers, 503 while it does not.

    No sign-in, no data, no audit event, no redirect to HTTPS (SECURE_REDIRECT_EXEMPT); a probe sends no
    cookie, so no session is read or written. Never stored (NoStoreMiddleware).
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except (DatabaseError, InterfaceError):
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
