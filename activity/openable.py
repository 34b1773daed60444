"""Which of some records a user may open: for a page that names records (the audit log) and links only to those
its reader may see, as the record's own page would decide (``visible_to``, archived records included)."""

from django.db.models import CharField, Value

from activity.record_types import RECORD_TYPES


def openable_records(user, references: dict[str, set[str]]) -> set[tuple[str, str]]:
    """The (kind, reference) pairs among ``references`` (kind's slug: references) that ``user`` may open, in one
    query however many records and kinds are asked about."""
    asked = []
    for slug, its_references in references.items():
        record_type = RECORD_TYPES.get(slug)
        if record_type is None or not its_references:
            continue
        visible = record_type.model.with_archived.visible_to(user)
        if visible.query.is_empty():
            continue
        asked.append(
            visible.filter(reference__in=its_references)
            .order_by()
            .annotate(kind=Value(slug, output_field=CharField()))
            .values_list("kind", "reference")
        )
    if not asked:
        return set()
    first, *rest = asked
    return set(first.union(*rest, all=True)) if rest else set(first)
