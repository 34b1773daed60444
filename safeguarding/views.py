from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, connection
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from accounts.roles import ROLE_DESCRIPTIONS
from activity.record_counts import visible_record_counts
from core.periods import FinancialYear
from reports import schedule


def home(request):
    """The signed-in user's start page: who they are, what they may do, what they can see this year; for whoever
    starts reports, the reports due (``reports.schedule.reports_due``)."""
    user = request.user
    year = FinancialYear.current()
    record_counts = visible_record_counts(user, year)
    roles = [{"name": name, "description": ROLE_DESCRIPTIONS.get(name, "")} for name in user.role_names]
    context = {
        "year": year,
        "roles": roles,
        "areas": list(user.areas.all()),
        "record_counts": record_counts,
        "sees_all_areas": user.has_perm("accounts.view_all_areas"),
    }
    if user.has_perm("reports.start_reports"):
        context["reports_due"] = schedule.reports_due(schedule.today())
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
