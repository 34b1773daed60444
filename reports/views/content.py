"""A report's qualitative content: a section's pictures, the themes beside a table's rows, and the blocks that
show the service's own records. Every change goes through ``reports.annual.content_actions`` (or ``actions``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from core.permissions import require_permission
from reports.annual import actions, content_actions
from reports.annual.blocks import read_grid
from reports.annual.content import table_reader
from reports.annual.specs import BlockSpec
from reports.content_forms import ImageForm, RegisterBlockForm, RowThemesForm
from reports.models import DataBlock, Report, ReportImage


def _draft(request, pk) -> Report | None:
    """The report, if it is a draft; otherwise None, with a message saying why it cannot change."""
    report = get_object_or_404(Report, pk=pk)
    if report.is_approved:
        messages.error(request, str(actions.ReportFrozenError(report)))
        return None
    return report


class PictureSizeLimit(FileUploadHandler):
    """Stops taking a file in once it passes the picture size limit: the rest is skipped, never kept in memory or
    on disk, and the form says the file is too large (its other fields are read as usual)."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_large = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


@require_permission("reports.edit_narrative")
@require_http_methods(["GET", "POST"])
@csrf_exempt  # only so that the size limit is in place before the upload is read: checked just below
def section_images(request, pk, section_pk):
    limit = PictureSizeLimit(request, content_actions.image_max_bytes())
    request.upload_handlers.insert(0, limit)
    return _section_images(request, pk, section_pk, limit)


@csrf_protect
def _section_images(request, pk, section_pk, limit: PictureSizeLimit):
    report = _draft(request, pk)
    if report is None:
        return redirect("report_detail", pk)
    section = get_object_or_404(report.sections, pk=section_pk)
    form = ImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            content_actions.add_image(
                section, by=request.user, data=data["image"].read(), alt_text=data["alt_text"], caption=data["caption"]
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Added the picture to '{section.title}'.")
            return redirect("report_section_images", report.pk, section.pk)
    if limit.too_large:
        form.errors["image"] = form.error_class([content_actions.too_large_message()])
    images = section.images.defer("png").select_related("uploaded_by")
    context = {"report": report, "section": section, "images": images, "form": form}
    return TemplateResponse(request, "reports/annual/images.html", context)


@require_permission("reports.edit_narrative")
@require_POST
def image_remove(request, pk, image_pk):
    report = _draft(request, pk)
    if report is None:
        return redirect("report_detail", pk)
    image = get_object_or_404(
        ReportImage.objects.defer("png").select_related("section"), section__report=report, pk=image_pk
    )
    content_actions.remove_image(image, by=request.user)
    messages.success(request, f"Removed the picture '{image}'.")
    return redirect("report_section_images", report.pk, image.section.pk)


@require_permission("reports.view_reports")
def report_image(request, pk, image_pk):
    """The picture as the report shows it. Not record content (a structure chart), so no audit event."""
    png = ReportImage.objects.filter(section__report_id=pk, pk=image_pk).values_list("png", flat=True).first()
    if png is None:
        raise Http404("No such picture in this report")
    response = HttpResponse(bytes(png), content_type="image/png")
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_permission("reports.edit_narrative")
@require_http_methods(["GET", "POST"])
def block_themes(request, pk, block_pk):
    report = _draft(request, pk)
    if report is None:
        return redirect("report_detail", pk)
    block = get_object_or_404(
        DataBlock.objects.select_related("section", "within").prefetch_related("services"),
        section__report=report,
        pk=block_pk,
    )
    if block.spec().is_register:
        raise Http404("Only a table or chart has rows to write themes beside")
    existing = dict(block.themes.values_list("row_label", "themes"))
    labels = _row_labels(block, report)
    form = RowThemesForm(request.POST or None, labels=labels, themes=existing)
    if request.method == "POST" and form.is_valid():
        # Rows not in the table today (an area with nothing this year) keep their themes.
        kept = {label: text for label, text in existing.items() if label not in labels}
        try:
            content_actions.save_row_themes(block, by=request.user, themes={**kept, **form.themes()})
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Saved the themes of '{block.title}'.")
            return redirect("report_detail", report.pk)
    context = {"report": report, "block": block, "form": form}
    return TemplateResponse(request, "reports/annual/themes_form.html", context)


def _row_labels(block: DataBlock, report: Report) -> list[str]:
    """The rows of the block's table as it reads today."""
    grid = read_grid(block.spec(), report.reporting_period, table_reader(report))
    return [row["label"] for row in grid.rows]


@require_permission("reports.edit_structure")
@require_http_methods(["GET", "POST"])
def register_block_add(request, pk, section_pk):
    """Add a block showing the service's own records (audits, priorities, policies ...) to a section."""
    report = _draft(request, pk)
    if report is None:
        return redirect("report_detail", pk)
    section = get_object_or_404(report.sections, pk=section_pk)
    form = RegisterBlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = BlockSpec(title=data["title"], metrics=(), kind=data["kind"])
        actions.add_block(section=section, by=request.user, spec=spec)
        messages.success(request, f"Added '{spec.title}' to '{section.title}'.")
        return redirect("report_structure", report.pk)
    context = {"report": report, "section": section, "form": form, "register": True}
    return TemplateResponse(request, "reports/annual/block_form.html", context)
