"""The record lists, as django-tables2 tables: sortable, paginated, the reference linking to the record."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from activity.record_types import record_type_of


class ReferenceColumn(tables.Column):
    def render(self, record, value):
        url = reverse("record_detail", args=[record_type_of(type(record)).slug, value])
        label = format_html('<a href="{}">{}</a>', url, value)
        if record.is_archived:
            return format_html('{} <strong class="nhsuk-tag nhsuk-tag--grey">Archived</strong>', label)
        return label


class RecordTable(tables.Table):
    reference = ReferenceColumn(verbose_name="Reference")

    class Meta:
        template_name = "_components/table.html"
        attrs = {"class": "nhsuk-table"}
        order_by = ("-date",)


def table_for(model, *, identified: bool = True) -> type[RecordTable]:
    """The list's table; without identifiers (no reference, no case reference) for roles that see figures only."""
    fields = ["reference", *record_type_of(model).list_fields]
    if not identified:
        fields = [name for name in fields if name not in ("reference", "case_reference")]
    meta = type("Meta", (RecordTable.Meta,), {"model": model, "fields": fields})
    if not identified:
        meta.exclude = ("reference",)
    extra = {}
    if record_type_of(model).list_status:
        extra["status"] = tables.Column(verbose_name="Status", accessor="get_status_display", orderable=False)
    return type(f"{model.__name__}Table", (RecordTable,), {"Meta": meta, **extra})
