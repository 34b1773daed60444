"""Log, list, read, correct, archive and restore records."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from activity import actions
from activity.exporting import EXPORT_FORMATS, write_export
from activity.filters import filter_for
from activity.forms import FORMS, ReasonForm, edit_form_for
from activity.history import record_history
from activity.record_counts import visible_record_counts
from activity.record_types import RECORD_TYPES
from activity.tables import table_for
from activity.views.access import load_record_type, visible_record
from audit.log import filters_of
from audit.log import record as audit
from audit.models import Action
from core.paging import configure_table
from core.periods import FinancialYear
from core.permissions import require_permission

PAGE_SIZE = 25
SEARCH_TERM_LOGGED = 60  # longer than any reference or case reference (40): a search is logged whole


def records_index(request):
    """Every kind of record the user may see, with how many they can see this year and in all years (read from
    the daily counts: ``activity.record_counts``)."""
    year = FinancialYear.current()
    counts = {item["model"]: item for item in visible_record_counts(request.user, year)}
    kinds = []
    for record_type in RECORD_TYPES.values():
        if not request.user.has_perm(record_type.permission("view")):
            continue
        # A kind the user may view but sees none of (no area yet) is listed with nothing in it.
        seen = counts.get(record_type.model, {})
        kinds.append(
            {
                "type": record_type,
                "may_add": request.user.has_perm(record_type.permission("add")),
                "this_year": seen.get("this_year", 0),
                "all_years": seen.get("all_years", 0),
            }
        )
    if not kinds:
        raise PermissionDenied
    return TemplateResponse(request, "records/index.html", {"kinds": kinds, "year": year})


@load_record_type("view", or_permission="reports.view_dashboard")
def record_list(request, record_type):
    """The records of a kind, filtered. Roles that see figures only (the dashboard's drill-down)
    get the same rows without identifiers: no reference, no case reference, no link, no export."""
    model = record_type.model
    identified = request.user.has_perm(record_type.permission("view"))
    show_archived = identified and request.GET.get("show") == "archived"
    base = model.with_archived.visible_to(request.user) if identified else model.with_archived.all()
    records = base.filter(archived_at__isnull=not show_archived).select_related(*_related_fields(model))
    filters = filter_for(model)(request.GET or None, queryset=records)
    if not identified:
        # Without identifiers on the page, a search by reference would still say whether one exists.
        filters.filters.pop("q")
    matching = filters.qs if filters.is_bound and filters.is_valid() else records
    export = request.GET.get("export")
    if export in EXPORT_FORMATS:
        if not identified:
            raise PermissionDenied
        audit(
            request,
            Action.RECORDS_EXPORTED,
            kind=record_type.slug,
            detail=f"{export.upper()}, {matching.count()} rows; filters: {filters_of(request) or 'none'}",
        )
        return _export(record_type, matching, export)
    table = table_for(model, identified=identified)(matching)
    configure_table(request, table, default=PAGE_SIZE)
    if identified:
        # The page shows each row's case reference: who saw which list is part of the record of reads.
        searched_for = _search_term(filters)
        if searched_for:
            _audit_search(request, record_type, searched_for, table.paginator.count)
        else:
            _audit_listing(request, record_type, table)
    context = {
        "record_type": record_type,
        "filter": filters,
        "table": table,
        "count": table.paginator.count,
        "show_archived": show_archived,
        "identified": identified,
        "query": filters_of(request),
        "may_add": request.user.has_perm(record_type.permission("add")),
    }
    return TemplateResponse(request, "records/list.html", context)


def _search_term(filters) -> str:
    """The reference or case reference the list was searched for, when the search was applied."""
    if not (filters.is_bound and filters.is_valid()):
        return ""
    return (filters.form.cleaned_data.get("q") or "").strip()


def _audit_search(request, record_type, term: str, matches: int) -> None:
    # A search by case reference asks whether the trust holds anything about a person: who asked, and what.
    shown = term if len(term) <= SEARCH_TERM_LOGGED else f"{term[:SEARCH_TERM_LOGGED]}…"
    audit(
        request,
        Action.RECORDS_SEARCHED,
        kind=record_type.slug,
        detail=f"Searched for '{shown}': {matches:,} {'match' if matches == 1 else 'matches'}",
    )


def _audit_listing(request, record_type, table) -> None:
    page, count = table.page, table.paginator.count
    rows = f"Rows {page.start_index():,} to {page.end_index():,} of {count:,}" if count else "No rows"
    audit(
        request,
        Action.RECORDS_LISTED,
        kind=record_type.slug,
        detail=f"{rows}; filters: {filters_of(request) or 'none'}",
    )


def _related_fields(model):
    names = {field.name for field in model._meta.fields}
    return [name for name in ("area", "service", "team", "category") if name in names]


def _export(record_type, records, file_format):
    content_type, extension = EXPORT_FORMATS[file_format]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    content = write_export(
        record_type.model,
        records.order_by("date", "pk").iterator(chunk_size=2000),
        file_format=file_format,
        title=record_type.plural,
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{record_type.slug}-{stamp}.{extension}"'
    return response


@load_record_type("add")
@require_http_methods(["GET", "POST"])
def record_new(request, record_type):
    form_class = FORMS[record_type.model]
    if request.method == "POST":
        form = form_class(request.POST, user=request.user)
        if form.is_valid():
            record = actions.save_new_record(record=form.instance, by=request.user)
            messages.success(request, f"{record} saved.")
            if "another" in request.POST:
                return redirect(f"{reverse('record_new', args=[record_type.slug])}?{_carry_over(form)}")
            return redirect("record_detail", record_type.slug, record.reference)
    else:
        form = form_class(initial=_defaults(request, form_class), user=request.user)
    return TemplateResponse(request, "records/form.html", {"form": form, "record_type": record_type, "new": True})


def _defaults(request, form_class):
    fields = form_class.base_fields
    user = request.user
    initial = {"date": timezone.localdate()}
    if "area" in fields and user.usual_area_id:
        initial["area"] = user.usual_area_id
    if "service" in fields and user.usual_service_id:
        initial["service"] = user.usual_service_id
    for name in ("area", "service", "team", "client_group"):
        if name in fields and request.GET.get(name):
            initial[name] = request.GET[name]
    return initial


def _carry_over(form):
    """What the next record of a run most likely shares with this one."""
    kept = {}
    for name in ("area", "service", "team", "client_group"):
        value = form.cleaned_data.get(name)
        if value:
            kept[name] = getattr(value, "pk", value)
    return urlencode(kept)


@load_record_type("view")
def record_detail(request, record_type, reference):
    record = visible_record(request.user, record_type, reference)
    audit(request, Action.RECORD_VIEWED, kind=record_type.slug, reference=record.reference)
    form = FORMS[record_type.model](instance=record)
    summary = getattr(form, "summary", None)  # a form that shows its record its own way (s.42 enquiries)
    fields = summary(record) if summary else [(form[name].label, _display(record, name)) for name in form.fields]
    user = request.user
    context = {
        "record_type": record_type,
        "record": record,
        "fields": fields,
        "history": record_history(record),
        "may_change": user.has_perm(record_type.permission("change")) and not record.is_archived,
        "may_restore": user.has_perm("accounts.restore_records") and record.is_archived,
    }
    if record_type.slug == "reviews":
        context["review_actions"] = record.actions.select_related("task__owner")
        context["may_add_action"] = user.has_perm("activity.add_reviewaction") and not record.is_archived
        context["may_change_action"] = user.has_perm("activity.change_reviewaction") and not record.is_archived
    return TemplateResponse(request, "records/detail.html", context)


def _display(record, name):
    field = record._meta.get_field(name)
    value = getattr(record, name)
    if field.choices:
        return getattr(record, f"get_{name}_display")()
    if value is None or value == "":
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return value


@load_record_type("change")
@require_http_methods(["GET", "POST"])
def record_edit(request, record_type, reference):
    record = visible_record(request.user, record_type, reference)
    if record.is_archived:
        messages.error(request, f"{record} is archived: a safeguarding lead must restore it before it can change.")
        return redirect("record_detail", record_type.slug, reference)
    form_class = edit_form_for(record_type.model)
    if request.method == "POST":
        form = form_class(request.POST, instance=record, user=request.user)
        if form.is_valid():
            try:
                actions.update_record(
                    record=form.instance,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                )
            except actions.StaleEditError as stale:
                form.add_error(None, str(stale))
                form.data = form.data.copy()
                form.data["version"] = stale.record.version
                _audit_edit_page(request, record_type, stale.record)
                return TemplateResponse(
                    request, "records/form.html", {"form": form, "record_type": record_type, "record": stale.record}
                )
            messages.success(request, f"{record} changed.")
            return redirect("record_detail", record_type.slug, reference)
    else:
        form = form_class(instance=record, initial={"version": record.version}, user=request.user)
    _audit_edit_page(request, record_type, record)
    return TemplateResponse(request, "records/form.html", {"form": form, "record_type": record_type, "record": record})


def _audit_edit_page(request, record_type, record) -> None:
    """The edit page shows the record's notes and case reference, as its own page does."""
    audit(request, Action.RECORD_VIEWED, kind=record_type.slug, reference=record.reference, detail="Edit page")


@load_record_type("change")
@require_http_methods(["GET", "POST"])
def record_archive(request, record_type, reference):
    record = visible_record(request.user, record_type, reference)
    if record.is_archived:
        return redirect("record_detail", record_type.slug, reference)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.archive_record(record=record, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            f"{record} archived. It no longer counts in any list or figure; a safeguarding lead can restore it.",
        )
        return redirect("record_list", record_type.slug)
    context = {"form": form, "record": record, "record_type": record_type, "action": "archive"}
    return TemplateResponse(request, "records/confirm.html", context)


@load_record_type("view")
@require_permission("accounts.restore_records")
@require_http_methods(["GET", "POST"])
def record_restore(request, record_type, reference):
    record = visible_record(request.user, record_type, reference)
    if not record.is_archived:
        return redirect("record_detail", record_type.slug, reference)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.restore_record(record=record, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"{record} restored.")
        return redirect("record_detail", record_type.slug, reference)
    context = {"form": form, "record": record, "record_type": record_type, "action": "restore"}
    return TemplateResponse(request, "records/confirm.html", context)
