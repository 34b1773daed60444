"""The audit log page's filters: who viewed record X, what did user Y view, and when."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model

from audit.models import Action, AuditEvent
from core.typed_dates import TypedDateFilter


class AuditEventFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(
        label="Person", queryset=get_user_model().objects.order_by("username"), empty_label="Anyone"
    )
    action = django_filters.ChoiceFilter(label="What they did", choices=Action.choices, empty_label="Anything")
    # Its choices are the kinds of record the apps above log (``record_kinds``): this app knows none of them.
    record_kind = django_filters.ChoiceFilter(label="Kind of record", choices=[], empty_label="Any kind")
    record_reference = django_filters.CharFilter(label="Record reference", lookup_expr="iexact")
    date_from = TypedDateFilter(field_name="at", lookup_expr="date__gte", label="Date from")
    date_to = TypedDateFilter(field_name="at", lookup_expr="date__lte", label="Date to")
    ip_address = django_filters.CharFilter(label="Address", widget=forms.TextInput(attrs={"spellcheck": "false"}))

    class Meta:
        model = AuditEvent
        fields = []

    def __init__(self, *args, record_kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["record_kind"].extra["choices"] = record_kinds
