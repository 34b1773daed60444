"""The governance lists as django-tables2 tables: sortable, each row's first column linking to its page."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from core.periods import FinancialYear
from governance.models import Policy, ServiceAudit


class GovernanceTable(tables.Table):
    """``editable``: the user may change the rows, so the first column links to the row's form."""

    edit_url = ""

    def __init__(self, *args, editable: bool, **kwargs):
        self.editable = editable
        super().__init__(*args, **kwargs)

    def linked(self, record, value):
        if not self.editable:
            return value
        return format_html('<a href="{}">{}</a>', reverse(self.edit_url, args=[record.pk]), value)

    class Meta:
        template_name = "_components/table.html"
        attrs = {"class": "nhsuk-table"}


class AuditTable(GovernanceTable):
    edit_url = "governance_audit_edit"
    year = tables.Column(verbose_name="Year")
    area = tables.Column(verbose_name="Area", default="Across the trust")
    status = tables.Column(verbose_name="Status")

    class Meta(GovernanceTable.Meta):
        model = ServiceAudit
        fields = ["name", "year", "area", "status", "completed_on", "findings", "action_taken"]
        order_by = ("-year", "name")

    def render_name(self, record, value):
        return self.linked(record, value)

    def render_year(self, value):
        return FinancialYear(value).label

    def render_status(self, record):
        return record.get_status_display()

    def render_completed_on(self, value):
        return f"{value:%d/%m/%Y}" if value else ""


class PolicyTable(GovernanceTable):
    edit_url = "governance_policy_edit"

    class Meta(GovernanceTable.Meta):
        model = Policy
        fields = ["title", "reference", "owner", "last_reviewed", "review_due"]
        order_by = ("review_due",)

    def render_title(self, record, value):
        return self.linked(record, value)

    def render_last_reviewed(self, value):
        return f"{value:%d/%m/%Y}"

    def render_review_due(self, value):
        if value < timezone.localdate():
            return format_html(
                '{} <strong class="nhsuk-tag nhsuk-tag--red">Review overdue</strong>', f"{value:%d/%m/%Y}"
            )
        return f"{value:%d/%m/%Y}"
