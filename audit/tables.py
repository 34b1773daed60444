import django_tables2 as tables
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from audit.models import Action, AuditEvent

# Events about a name someone typed at sign-in, which may or may not be the account's owner.
TYPED_AT_SIGN_IN = {Action.SIGN_IN_FAILED, Action.LOCKED_OUT}


class RecordColumn(tables.Column):
    """The record's reference, a link only when the reader may open the record (``AuditEventTable.openable``)."""

    def render(self, record, value, table):
        if (record.record_kind, record.record_reference) not in table.openable:
            return value
        try:
            url = reverse("record_detail", args=[record.record_kind, record.record_reference])
        except NoReverseMatch:
            return f"{record.record_kind} {value}"
        return format_html('<a href="{}">{}</a>', url, value)


class AuditEventTable(tables.Table):
    at = tables.DateTimeColumn(verbose_name="When", format="j M Y, H:i:s")
    who = tables.Column(verbose_name="Who", accessor="user", empty_values=(), order_by=("user__username", "username"))
    action = tables.Column(verbose_name="What")
    record_reference = RecordColumn(verbose_name="Record")
    detail = tables.Column(verbose_name="Detail", orderable=False)
    ip_address = tables.Column(verbose_name="Address")
    request_id = tables.Column(verbose_name="Request id", orderable=False)

    class Meta:
        model = AuditEvent
        fields = ["at", "who", "action", "record_reference", "detail", "ip_address", "request_id"]
        template_name = "_components/table.html"
        attrs = {"class": "nhsuk-table"}
        order_by = ("-at",)

    # The (kind, reference) pairs of the records on the page that the reader may open (``audit.views``).
    openable: set[tuple[str, str]] = frozenset()

    def render_who(self, record, value):
        if record.action in TYPED_AT_SIGN_IN and record.username:
            return f"{record.username} (name typed)"
        return str(record.user) if record.user_id else (record.username or "Not signed in")
