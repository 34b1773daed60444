"""Allegations against staff: the list, recording one, opening one (with a reason), changing and closing it, and
the people named on it.

Only the people named on an allegation read it (``Allegation.objects.visible_to``). To anyone else, whatever
their role, areas or superuser status, an allegation's pages answer 404, as a reference that does not exist would:
a 403 would confirm that it exists. Its page first asks why it is being opened, and shows its content only in the
answer to that question; the audit log keeps the reason.
"""

import csv
import io
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from activity import allegations as actions
from activity.forms_allegations import (
    AllegationFilterForm,
    AllegationForm,
    CloseAllegationForm,
    EditAllegationForm,
    NamePersonForm,
    OpenAllegationForm,
    RemoveNameForm,
)
from activity.history import record_history
from activity.models import Allegation, AllegationManager
from audit.log import filters_of
from audit.log import record as audit
from audit.models import Action, AuditEvent
from core.permissions import require_permission
from core.spreadsheets import neutralise

KIND = actions.AUDIT_KIND
OPENED = "Opened: "
OPENED_FOR = timedelta(minutes=30)
EXPORT_COLUMNS = [
    ("Reference", "reference"),
    ("LADO or PiPoT", "get_kind_display"),
    ("Date received", "date"),
    ("Area", "area"),
    ("Service", "service"),
    ("Category", "get_category_display"),
    ("Status", "get_status_display"),
    ("Outcome", "get_outcome_display"),
    ("Date closed", "closed_on"),
]


def opened_recently(request, allegation) -> bool:
    """Whether the user said why they opened the allegation (its page) within ``OPENED_FOR``: its change page,
    which shows it too, needs that first."""
    return AuditEvent.objects.filter(
        action=Action.RECORD_VIEWED,
        record_kind=KIND,
        record_reference=allegation.reference,
        user=request.user,
        detail__startswith=OPENED,
        at__gte=timezone.now() - OPENED_FOR,
    ).exists()


def named_allegation(user, reference: str) -> Allegation:
    """An allegation ``user`` is named on; otherwise 404, saying nothing about whether it exists."""
    if "\x00" in reference:  # no reference holds NUL, and PostgreSQL refuses to be asked about one
        raise Http404
    return get_object_or_404(
        Allegation.objects.visible_to(user).select_related("area", "service", "created_by", "updated_by"),
        reference=reference,
    )


@require_permission(actions.PERMISSION)
def allegation_list(request):
    """The allegations the user is named on, filtered; ``?export=csv`` downloads them."""
    filters = AllegationFilterForm(request.GET or None)
    named = Allegation.objects.visible_to(request.user).select_related("area", "service")
    matching = filters.apply(named)
    if request.GET.get("export") == "csv":
        rows = list(matching)
        audit(
            request,
            Action.RECORDS_EXPORTED,
            kind=KIND,
            detail=f"CSV, {len(rows)} rows; filters: {filters_of(request) or 'none'}",
        )
        return _csv(rows)
    rows = list(matching)
    audit(
        request,
        Action.RECORDS_LISTED,
        kind=KIND,
        detail=f"{len(rows)} allegations; filters: {filters_of(request) or 'none'}",
    )
    context = {"filter": filters, "allegations": rows, "query": filters_of(request)}
    return TemplateResponse(request, "activity/allegations/list.html", context)


def _csv(allegations) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([heading for heading, _ in EXPORT_COLUMNS])
    for allegation in allegations:
        writer.writerow([neutralise(_cell(allegation, attribute)) for _, attribute in EXPORT_COLUMNS])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="allegations-{stamp}.csv"'
    return response


def _cell(allegation, attribute):
    value = getattr(allegation, attribute)
    value = value() if callable(value) else value
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.isoformat()
    return str(value)


@require_permission(actions.PERMISSION)
@require_http_methods(["GET", "POST"])
def allegation_new(request):
    form = AllegationForm(
        request.POST if request.method == "POST" else None, initial={"area": request.user.usual_area_id}
    )
    if request.method == "POST" and form.is_valid():
        allegation = actions.record_allegation(allegation=form.instance, by=request.user)
        messages.success(request, f"{allegation} recorded. You are named on it: nobody else can read it yet.")
        return redirect("allegation_detail", allegation.reference)
    return TemplateResponse(request, "activity/allegations/form.html", {"form": form, "new": True})


@never_cache
@require_http_methods(["GET", "POST"])
def allegation_detail(request, reference):
    """First asks why the allegation is being opened; the answer (a POST) shows it, and the audit log keeps the
    reason."""
    allegation = named_allegation(request.user, reference)
    form = OpenAllegationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"].strip()
        audit(request, Action.RECORD_VIEWED, kind=KIND, reference=allegation.reference, detail=f"{OPENED}{reason}")
        return TemplateResponse(request, "activity/allegations/detail.html", _detail_context(allegation, reason))
    return TemplateResponse(request, "activity/allegations/open.html", {"form": form, "allegation": allegation})


def _detail_context(allegation, reason):
    form = EditAllegationForm(instance=allegation)
    names = ("kind", "date", "area", "service", "category", "status", "outcome", "closed_on", "notes")
    fields = [(form[name].label, _display(allegation, name)) for name in names]
    return {
        "allegation": allegation,
        "fields": fields,
        "reason": reason,
        "named": allegation.managers.select_related("user", "named_by").order_by("named_at", "pk"),
        "history": record_history(allegation),
        "is_closed": allegation.status == Allegation.Status.CLOSED,
    }


def _display(allegation, name):
    field = allegation._meta.get_field(name)
    value = getattr(allegation, name)
    if value is None or value == "":
        return "Not given"
    if field.choices:
        return getattr(allegation, f"get_{name}_display")()
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return value


@never_cache
@require_http_methods(["GET", "POST"])
def allegation_edit(request, reference):
    allegation = named_allegation(request.user, reference)
    if not opened_recently(request, allegation):
        messages.info(request, "Say why you are opening the allegation before you change it.")
        return redirect("allegation_detail", reference)
    if request.method == "POST":
        form = EditAllegationForm(request.POST, instance=allegation)
        if form.is_valid():
            try:
                actions.change_allegation(
                    allegation=form.instance,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                )
            except actions.StaleAllegationError as stale:
                form.add_error(None, str(stale))
                form.data = form.data.copy()
                form.data["version"] = stale.allegation.version
            else:
                messages.success(request, f"{allegation} changed. Say why you are opening it to see it again.")
                return redirect("allegation_detail", reference)
    else:
        form = EditAllegationForm(instance=allegation, initial={"version": allegation.version})
    # The form shows the allegation's content, as its page does.
    audit(request, Action.RECORD_VIEWED, kind=KIND, reference=allegation.reference, detail="Change page")
    return TemplateResponse(
        request, "activity/allegations/form.html", {"form": form, "allegation": allegation, "action": "change"}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def allegation_close(request, reference):
    allegation = named_allegation(request.user, reference)
    if allegation.status == Allegation.Status.CLOSED:
        messages.info(request, f"{allegation} is already closed.")
        return redirect("allegation_detail", reference)
    form = CloseAllegationForm(
        request.POST if request.method == "POST" else None, instance=allegation, initial={"version": allegation.version}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.close_allegation(
                allegation=allegation,
                by=request.user,
                closed_on=data["closed_on"],
                outcome=data["outcome"],
                reason=data["reason"],
                expected_version=data["version"],
            )
        except actions.StaleAllegationError as stale:
            form.add_error(None, str(stale))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{allegation} closed.")
            return redirect("allegation_detail", reference)
    return TemplateResponse(
        request, "activity/allegations/form.html", {"form": form, "allegation": allegation, "action": "close"}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def allegation_names(request, reference):
    """Who is named on the allegation, and naming someone else."""
    allegation = named_allegation(request.user, reference)
    form = NamePersonForm(request.POST if request.method == "POST" else None, allegation=allegation, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            named = actions.name_person(
                allegation=allegation,
                user=form.cleaned_data["user"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{named.user} is named on {allegation}: they can now read it.")
            return redirect("allegation_names", reference)
    audit(request, Action.RECORD_VIEWED, kind=KIND, reference=allegation.reference, detail="Names page")
    context = {
        "allegation": allegation,
        "form": form,
        "named": allegation.managers.select_related("user", "named_by").order_by("named_at", "pk"),
    }
    return TemplateResponse(request, "activity/allegations/names.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def allegation_name_remove(request, reference, named_id):
    allegation = named_allegation(request.user, reference)
    named = get_object_or_404(AllegationManager.objects.select_related("user"), allegation=allegation, pk=named_id)
    form = RemoveNameForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.remove_name(named=named, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:  # their own name was taken off by someone else meanwhile
            raise Http404 from None
        else:
            messages.success(request, f"{named.user} is no longer named on {allegation}.")
            if named.user_id == request.user.pk:
                return redirect("allegation_list")
            return redirect("allegation_names", reference)
    context = {"allegation": allegation, "named": named, "form": form}
    return TemplateResponse(request, "activity/allegations/remove_name.html", context)
