from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.text import capfirst

from accounts.roles import ROLE_DESCRIPTIONS
from activity.models import RECORD_MODELS
from activity.periods import FinancialYear


def home(request):
    """The signed-in user's start page: who they are, what they may do, what they can see this year."""
    user = request.user
    year = FinancialYear.current()
    record_counts = []
    for model in RECORD_MODELS:
        visible = model.objects.visible_to(user)
        if visible.query.is_empty():
            continue
        counts = visible.aggregate(
            this_year=Count("pk", filter=Q(date__range=(year.start, year.end))), all_years=Count("pk")
        )
        record_counts.append({"label": capfirst(model._meta.verbose_name_plural), **counts})
    roles = [{"name": name, "description": ROLE_DESCRIPTIONS.get(name, "")} for name in user.role_names]
    context = {
        "year": year,
        "roles": roles,
        "areas": list(user.areas.all()),
        "record_counts": record_counts,
        "sees_all_areas": user.has_perm("accounts.view_all_areas"),
    }
    return TemplateResponse(request, "home.html", context)
