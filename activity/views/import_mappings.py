"""Column mappings in the browser: the saved ones by kind; make or change one from a sample file, in three steps
(the sample; which of its columns feeds each of ours; how it writes the values of ours that are one of a list).

The sample is read and let go: only its headings and its columns' few distinct values are kept, in the session,
until the mapping is saved. Anyone who may import a kind may make, change, delete and use its mappings.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from activity.forms_mappings import ColumnsForm, DeleteForm, SampleForm, ValuesForm, column_field_name
from activity.importing.files import ImportFileError, normalise_header
from activity.importing.mapping import (
    ImportKind,
    delete_mapping,
    import_kinds,
    may_map,
    name_taken,
    read_sample,
    save_mapping,
)
from activity.models import ImportMapping

DRAFT = "import_mapping_draft"


def _posted(request):
    """The form's data if the request is a POST (even an empty one, which then shows what is missing)."""
    return request.POST if request.method == "POST" else None


def _kinds_for(user) -> list[ImportKind]:
    return [kind for kind in import_kinds().values() if may_map(user, kind)]


def _saved(request, mapping_id) -> tuple[ImportMapping, ImportKind]:
    mapping = get_object_or_404(ImportMapping, pk=mapping_id)
    kind = import_kinds().get(mapping.kind)
    if kind is None:
        raise Http404("Nothing imports as this mapping's kind any more.")
    if not may_map(request.user, kind):
        raise PermissionDenied
    return mapping, kind


def mapping_list(request):
    kinds = _kinds_for(request.user)
    if not kinds:
        raise PermissionDenied
    saved = ImportMapping.objects.filter(kind__in=[kind.slug for kind in kinds]).select_related("updated_by")
    by_kind: dict[str, list[ImportMapping]] = {}
    for mapping in saved:
        by_kind.setdefault(mapping.kind, []).append(mapping)
    groups = [(kind, by_kind.get(kind.slug, [])) for kind in kinds]
    return TemplateResponse(request, "activity/import_mappings/list.html", {"groups": groups})


def _read(form: SampleForm):
    """The sample's headings and values, or None with the reason on the form."""
    upload = form.cleaned_data.get("sample")
    if not upload:
        return None
    try:
        return read_sample(upload.read())
    except ImportFileError as error:
        form.add_error("sample", str(error))
        return False


@require_http_methods(["GET", "POST"])
def mapping_new(request):
    kinds = _kinds_for(request.user)
    if not kinds:
        raise PermissionDenied
    form = SampleForm(_posted(request), request.FILES or None, kinds=kinds, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        sample = _read(form)
        if sample:
            kind = import_kinds()[form.cleaned_data["kind"]]
            same_named = {normalise_header(heading): heading for heading in sample.headings}
            columns = {
                column.header: same_named[normalise_header(column.header)]
                for column in kind.columns
                if normalise_header(column.header) in same_named
            }
            request.session[DRAFT] = {
                "kind": kind.slug,
                "mapping": None,
                "name": "",
                "headings": sample.headings,
                "distinct": sample.values,
                "columns": columns,
                "values": {},
            }
            return redirect("import_mapping_columns")
    return TemplateResponse(request, "activity/import_mappings/sample.html", {"form": form, "mapping": None})


@require_http_methods(["GET", "POST"])
def mapping_edit(request, mapping_id):
    mapping, kind = _saved(request, mapping_id)
    form = SampleForm(_posted(request), request.FILES or None, kinds=[kind], with_kind=False, sample_required=False)
    if request.method == "POST" and form.is_valid():
        sample = _read(form)
        if sample is not False:
            headings = list(dict.fromkeys([*(sample.headings if sample else []), *mapping.columns.values()]))
            distinct = {}
            for ours, table in (mapping.values or {}).items():
                theirs = mapping.columns.get(ours)
                if theirs:
                    distinct.setdefault(theirs, []).extend(table)
            for heading, values in (sample.values if sample else {}).items():
                distinct.setdefault(heading, []).extend(values)
            request.session[DRAFT] = {
                "kind": kind.slug,
                "mapping": mapping.pk,
                "name": mapping.name,
                "headings": headings,
                "distinct": {heading: list(dict.fromkeys(values)) for heading, values in distinct.items()},
                "columns": dict(mapping.columns),
                "values": dict(mapping.values),
            }
            return redirect("import_mapping_columns")
    return TemplateResponse(
        request, "activity/import_mappings/sample.html", {"form": form, "mapping": mapping, "kind": kind}
    )


def _draft(request):
    """The mapping being made and its kind, or None (none begun, or a kind the user may no longer import)."""
    draft = request.session.get(DRAFT)
    if not isinstance(draft, dict):
        return None, None
    kind = import_kinds().get(draft.get("kind"))
    if kind is None or not may_map(request.user, kind):
        return None, None
    return draft, kind


def _start_again(request):
    messages.info(request, "Upload a sample file to make a mapping from.")
    return redirect("import_mapping_new")


@require_http_methods(["GET", "POST"])
def mapping_columns(request):
    if not _kinds_for(request.user):
        raise PermissionDenied
    draft, kind = _draft(request)
    if draft is None:
        return _start_again(request)
    initial = {"name": draft["name"]}
    for index, column in enumerate(kind.columns):
        theirs = draft["columns"].get(column.header)
        if theirs in draft["headings"]:
            initial[column_field_name(index)] = theirs
    form = ColumnsForm(_posted(request), kind=kind, headings=draft["headings"], initial=initial)
    if request.method == "POST" and form.is_valid():
        taken = name_taken(kind.slug, form.cleaned_data["name"], besides=draft["mapping"])
        if taken:
            form.add_error("name", taken)
        else:
            draft.update(name=form.cleaned_data["name"], columns=form.mapped_columns())
            request.session[DRAFT] = draft
            return redirect("import_mapping_values")
    context = {"form": form, "kind": kind, "draft": draft}
    return TemplateResponse(request, "activity/import_mappings/columns.html", context)


@require_http_methods(["GET", "POST"])
def mapping_values(request):
    if not _kinds_for(request.user):
        raise PermissionDenied
    draft, kind = _draft(request)
    if draft is None:
        return _start_again(request)
    if not draft["name"]:
        return redirect("import_mapping_columns")
    changing = get_object_or_404(ImportMapping, pk=draft["mapping"], kind=kind.slug) if draft["mapping"] else None
    form = ValuesForm(
        _posted(request),
        kind=kind,
        columns=draft["columns"],
        distinct=draft["distinct"],
        known=draft["values"],
        changing=changing is not None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_mapping(
                kind=kind.slug,
                name=draft["name"],
                columns=draft["columns"],
                values=form.mapped_values(),
                by=request.user,
                reason=form.cleaned_data.get("reason", ""),
                mapping=changing,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            request.session.pop(DRAFT, None)
            messages.success(request, f"The mapping {saved.name} is saved. Choose it when you import a file.")
            return redirect("import_mapping_list")
    read = [(column, draft["columns"].get(column.header, "")) for column in kind.columns]
    context = {"form": form, "kind": kind, "draft": draft, "read": read, "changing": changing}
    return TemplateResponse(request, "activity/import_mappings/values.html", context)


@require_http_methods(["GET", "POST"])
def mapping_delete(request, mapping_id):
    mapping, kind = _saved(request, mapping_id)
    form = DeleteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        delete_mapping(mapping=mapping, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"The mapping {mapping.name} is deleted.")
        return redirect("import_mapping_list")
    context = {"mapping": mapping, "kind": kind, "form": form}
    return TemplateResponse(request, "activity/import_mappings/delete.html", context)
