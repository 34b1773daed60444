"""Writes to a report's qualitative content: its Board front sheet, a section's pictures and the themes beside a
table's rows. Each refuses an approved report and leaves a row in the report's history naming who and why."""

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from PIL import Image, ImageOps, UnidentifiedImageError

from core.permissions import require_actor
from reports.annual.actions import _described, _require_draft, _save, _touch
from reports.models import DataBlock, Report, ReportImage, ReportSection, RowTheme

IMAGE_FORMATS = {"PNG", "JPEG", "GIF"}
DEFAULT_IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_PIXELS = 25_000_000
IMAGE_MAX_WIDTH = 2000


def image_max_bytes() -> int:
    return getattr(settings, "REPORT_IMAGE_MAX_BYTES", DEFAULT_IMAGE_MAX_BYTES)


def size_in_words(size: int) -> str:
    megabytes = size / (1024 * 1024)
    return f"{megabytes:.3g} MB" if megabytes >= 1 else f"{max(1, round(size / 1024))} KB"


def too_large_message(size: int | None = None) -> str:
    """Says the limit, and the file's size where it is known (an upload stopped at the limit is not measured)."""
    limit = f"The picture must be smaller than {size_in_words(image_max_bytes())}"
    return f"{limit}: this file is {size_in_words(size)}." if size is not None else f"{limit}."


@transaction.atomic
def save_front_sheet(report: Report, *, by, **fields) -> Report:
    """Save the Board front sheet's fields given; the history names the fields changed."""
    require_actor(by)
    unknown = set(fields) - set(Report.FRONT_SHEET_FIELDS)
    if unknown:
        raise TypeError(f"Not a front-sheet field: {', '.join(sorted(unknown))}")
    locked = Report.objects.select_for_update().get(pk=report.pk)
    _require_draft(locked)
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    for name in changed:
        setattr(locked, name, fields[name])
    locked.full_clean()
    if not changed:
        return locked
    labels = [str(Report._meta.get_field(name).verbose_name) for name in changed]
    locked.updated_by = by
    _save(locked, by=by, reason=f"Front sheet changed: {', '.join(labels)}")
    return locked


@transaction.atomic
def add_image(section: ReportSection, *, by, data: bytes, alt_text: str, caption: str = "") -> ReportImage:
    """Add a picture to ``section``: checked by its content, re-encoded as PNG without its metadata."""
    require_actor(by)
    _require_draft(section.report)
    alt_text, caption = alt_text.strip(), caption.strip()
    errors = {}
    if not alt_text:
        errors["alt_text"] = "Enter alternative text: what the picture shows, for someone who cannot see it."
    try:
        png, width, height = _clean_png(data)
    except ValidationError as error:
        errors["image"] = error.messages
    if errors:
        raise ValidationError(errors)
    position = (section.images.aggregate(last=Max("position"))["last"] or 0) + 1
    image = ReportImage(
        section=section,
        position=position,
        png=png,
        width=width,
        height=height,
        alt_text=alt_text,
        caption=caption,
        uploaded_by=by,
    )
    image.full_clean()
    image.save()
    _touch(section.report, by, f"Picture '{_image_name(image)}' added to section '{section.title}'")
    return image


@transaction.atomic
def remove_image(image: ReportImage, *, by) -> None:
    require_actor(by)
    section = image.section
    _require_draft(section.report)
    name = _image_name(image)
    image.delete()
    _touch(section.report, by, f"Picture '{name}' removed from section '{section.title}'")


@transaction.atomic
def save_row_themes(block: DataBlock, *, by, themes: dict[str, str]) -> None:
    """Make the block's row themes exactly ``themes`` (row label to text); a blank text removes that row's."""
    require_actor(by)
    section = block.section
    _require_draft(section.report)
    wanted = {label.strip(): text.strip() for label, text in themes.items() if text.strip()}
    existing = {theme.row_label: theme for theme in RowTheme.objects.select_for_update().filter(block=block)}
    errors = {}
    for label, text in wanted.items():
        try:
            RowTheme(block=block, row_label=label, themes=text).full_clean(
                validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors[label] = error.messages
    if errors:
        raise ValidationError(errors)
    removed = [label for label in existing if label not in wanted]
    changed = [label for label, text in wanted.items() if label not in existing or existing[label].themes != text]
    if not removed and not changed:
        return
    RowTheme.objects.filter(block=block, row_label__in=removed).delete()
    for label in changed:
        RowTheme.objects.update_or_create(block=block, row_label=label, defaults={"themes": wanted[label]})
    rows = ", ".join(sorted(removed + changed))
    _touch(section.report, by, f"{_described(block)}: themes changed for rows {rows}")


def _image_name(image: ReportImage) -> str:
    return image.caption or image.alt_text[:60]


def _clean_png(data: bytes) -> tuple[bytes, int, int]:
    """The picture in ``data`` as a fresh PNG (at most ``IMAGE_MAX_WIDTH`` wide), with its width and height.

    The size is checked before anything is decoded, and the pixel count from the header before the pixels are:
    a small file can claim a huge picture (a decompression bomb)."""
    if len(data) > image_max_bytes():
        raise ValidationError(too_large_message(len(data)))
    if not data:
        raise ValidationError("The file is empty.")
    not_a_picture = ValidationError("The file is not a PNG, JPEG or GIF picture, whatever its name says.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in IMAGE_FORMATS:
                    raise not_a_picture
                _refuse_too_many_pixels(*probe.size)
                probe.verify()
            with Image.open(io.BytesIO(data)) as picture:
                picture.seek(0)
                picture.load()
                upright = ImageOps.exif_transpose(picture) or picture
                has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
                clean = upright.convert("RGBA" if has_alpha else "RGB")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_too_many_pixels_message()) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise not_a_picture from None
    clean.info = {}
    if clean.width > IMAGE_MAX_WIDTH:
        height = max(1, round(clean.height * IMAGE_MAX_WIDTH / clean.width))
        clean = clean.resize((IMAGE_MAX_WIDTH, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    clean.save(out, format="PNG")
    return out.getvalue(), clean.width, clean.height


def _refuse_too_many_pixels(width: int, height: int) -> None:
    if width * height > IMAGE_MAX_PIXELS:
        raise ValidationError(_too_many_pixels_message())


def _too_many_pixels_message() -> str:
    return f"The picture is too large: at most {IMAGE_MAX_PIXELS // 1_000_000} million pixels."
