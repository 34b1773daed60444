"""How many records of each kind a user may see, in a financial year and in all years.

Read from the daily counts (``activity.rollups``: the ``records:<model>`` series counts every record that is not
archived, by its area and its own date), so the answer takes one small query however many records are held. The
scope is the one ``Record.objects.visible_to(user)`` applies: a kind the user's role may view, in every area for
those who see all areas, otherwise in the user's areas and the areas below them.
"""

from django.db.models import Q, Sum
from django.utils.text import capfirst

from activity.models import RECORD_MODELS, DailyCount
from activity.models.records import area_paths, within_paths
from activity.rollups import in_use_series
from core.periods import FinancialYear


def visible_record_counts(user, year: FinancialYear) -> list[dict]:
    """For each kind of record the user may see (in ``RECORD_MODELS`` order): its ``label``, its ``model``, and how
    many of its records the user may see dated in ``year`` (``this_year``) and on any date (``all_years``).

    A kind the user would see nothing of, for want of the permission or of an area, is left out, as
    ``visible_to(user)`` would return no rows for it."""
    models = [model for model in RECORD_MODELS if _may_view(user, model)]
    if not models:
        return []
    counts = DailyCount.objects.filter(series__in=[in_use_series(model) for model in models])
    if not user.has_perm("accounts.view_all_areas"):
        paths = area_paths(user)
        if not paths:
            return []
        counts = counts.filter(within_paths(paths, "area__path"))
    totals = {
        row["series"]: row
        for row in counts.values("series")
        .annotate(this_year=Sum("count", filter=Q(day__range=(year.start, year.end))), all_years=Sum("count"))
        .order_by()
    }
    found = []
    for model in models:
        row = totals.get(in_use_series(model), {})
        found.append(
            {
                "label": capfirst(model._meta.verbose_name_plural),
                "model": model,
                "this_year": row.get("this_year") or 0,
                "all_years": row.get("all_years") or 0,
            }
        )
    return found


def _may_view(user, model) -> bool:
    return user.is_authenticated and user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
