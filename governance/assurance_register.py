"""The assurance self-assessment as the report reads it (a register block, ``reports.annual.registers``): for a
year and the report's area, each framework and partnership's standards with their moderated score, RAG rating and
open actions, and a line a partnership saying how it was rated overall. Two queries whatever the number of rows.
"""

from django.db.models import F, Prefetch, Q

from governance.assurance_summary import in_words, overall
from governance.models import Assessment, AssuranceAction

COLUMNS = ["Framework", "Partnership", "Standard", "Moderated score", "RAG rating", "Open actions"]
DATE = "%d/%m/%Y"


def _in_scope(area) -> Q:
    """A partnership's report: its own assessments, those of the areas within it and the trust-wide ones (the
    ICB's toolkit holds for every partnership); the whole trust's (or the top area's): every one."""
    if area is None or area.parent_id is None:
        return Q()
    return Q(area__isnull=True) | Q(area__path__startswith=area.path)


def assurance_rows(year: int, area) -> tuple[list[str], list[list[str]], list[str]]:
    open_actions = AssuranceAction.objects.filter(completed_on__isnull=True).order_by("due_on", "pk")
    assessments = (
        Assessment.objects.filter(_in_scope(area), year=year)
        .select_related("standard__framework", "area")
        .prefetch_related(Prefetch("actions", queryset=open_actions, to_attr="open_actions"))
        .order_by(
            "standard__framework__name", F("area__path").asc(nulls_first=True), "standard__position", "standard__pk"
        )
    )
    rows, counts, order = [], {}, []
    for each in assessments:
        framework = each.standard.framework
        place = each.area.name if each.area_id else "Whole trust"
        key = (framework.name, place)
        if key not in counts:
            counts[key] = {}
            order.append(key)
        if each.rag:
            counts[key][each.rag] = counts[key].get(each.rag, 0) + 1
        score = f"{each.moderated_score} of {framework.highest_score}" if each.moderated_score is not None else ""
        actions = "\n".join(f"{action.description} (due {action.due_on:{DATE}})" for action in each.open_actions)
        rows.append(
            [framework.name, place, str(each.standard), score, each.get_rag_display() or "Not rated", actions or "None"]
        )
    summaries = []
    for framework, place in order:
        tally = counts[(framework, place)]
        rating = overall(tally)
        summaries.append(
            f"{place}, {framework}: rated {rating} overall ({in_words(tally)})."
            if rating
            else f"{place}, {framework}: not rated yet."
        )
    return COLUMNS, rows, summaries
