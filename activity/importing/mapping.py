"""Column mappings: read another system's file as one of our imports, by a mapping saved once by name.

A mapping says, for each of our column headings, which heading of the file feeds it (``columns``), and,
for columns whose cells are one of a list (a choice, an area, a course's level), how the file writes each
value and what it means here (``values``)::

    kind = import_kinds()["consultations"]
    mapping = Mapping.of(saved)                      # saved: an ImportMapping
    missing = unmatched_headings(table.headers, kind, mapping)   # ["Locality"]: the file lacks it
    headers, rows = map_table(table.headers, table.rows, mapping)  # our headings, our values

Every kind of record imports through a mapping, and so does any kind another app registers
(``register_kind`` in its ``AppConfig.ready``); who may make and use a kind's mappings is who may
import it (``may_map``). A file's columns the mapping does not read are left out of the mapped table.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from activity.columns import AREA, Column
from activity.importing.files import ImportFileError, cell_text, normalise_header, read_table, unpacked_size
from activity.importing.returns import _CATEGORY, _NOTE, _SERVICE, _SOURCE, _VALUE
from activity.metrics import METRICS
from activity.models import Area, Category, ImportMapping, Service, Team
from activity.record_types import RECORD_TYPES
from audit.log import record as audit
from audit.models import Action
from core.permissions import require_actor

RETURNS = "returns"
# Who may make and use a registered kind's mappings when it names no permission: those who see every area
# (safeguarding leads), as a file of a whole organisation spans every area.
LEADS_ONLY = "accounts.view_all_areas"
# Columns whose cells are one of a list: a mapping may say how the file writes each of them.
VALUE_KINDS = frozenset({"choice", "bool", "area", "service", "team", "category"})
MAX_NAME = 100
MAX_HEADING = 255
MAX_VALUES_PER_COLUMN = 500
_REFERENCE_MODELS = {"area": Area, "service": Service, "category": Category, "team": Team}


@dataclass(frozen=True)
class ImportKind:
    """Something files can be imported as: a kind of record, returns, or a kind another app registers."""

    slug: str  # "consultations", "training-compliance"
    label: str  # "Consultations"
    columns: tuple[Column, ...]  # our headings, each required or optional
    # Who may import it, and so make and use its mappings; LEADS_ONLY unless it says.
    permission: str = LEADS_ONLY
    # The headings a file may leave out. None: those of the columns that are not ``required``.
    optional_headings: frozenset[str] | None = field(default=None, compare=False)
    # Our values a file's values may be mapped to, for a column whose choices are data (read when a mapping
    # is made, not at registration): our heading -> [(value, label)]. None: the column's ``choices``.
    choices_for: Callable[[str], Sequence[tuple[str, str]]] | None = field(default=None, compare=False)

    def is_optional(self, column: Column) -> bool:
        """Whether a file (and so a mapping) may leave this column out."""
        if self.optional_headings is not None:
            return column.header in self.optional_headings
        return not column.required

    @property
    def required_columns(self) -> list[Column]:
        return [column for column in self.columns if not self.is_optional(column)]

    def column(self, header: str) -> Column | None:
        return next((column for column in self.columns if column.header == header), None)


_REGISTERED: dict[str, ImportKind] = {}


def register_kind(kind: ImportKind) -> None:
    """Offer ``kind``'s files to mappings (an app above activity calls this in its ``AppConfig.ready``)."""
    if kind.slug in RECORD_TYPES or kind.slug == RETURNS:
        raise ValueError(f"{kind.slug!r} is already an import of activity's")
    _REGISTERED[kind.slug] = kind


def _record_kinds() -> dict[str, ImportKind]:
    kinds = {}
    for slug, record_type in RECORD_TYPES.items():
        # One column per heading: the s.42 file's "Types of risk" cell is read once per type it may name.
        by_heading = {}
        for column in record_type.import_columns:
            by_heading.setdefault(column.header, column)
        columns = tuple(by_heading.values())
        kinds[slug] = ImportKind(
            slug=slug,
            label=record_type.plural,
            columns=columns,
            permission=record_type.permission("add"),
            # as the importer reads them: notes, and columns added after files were first exported
            optional_headings=frozenset(
                column.header for column in columns if column.field == "notes" or column.optional_in_files
            ),
        )
    return kinds


def _returns_kind() -> ImportKind:
    metrics = tuple((metric.slug, metric.name) for metric in METRICS.values() if metric.accepts_returns)
    columns = (
        Column("Metric", "metric", "choice", required=True, choices=metrics),
        AREA,
        _SERVICE,
        _CATEGORY,
        Column("Period", "period", required=True),
        _VALUE,
        _SOURCE,
        _NOTE,
    )
    return ImportKind(
        slug=RETURNS,
        label="Returns",
        columns=columns,
        permission="activity.add_return",
        optional_headings=frozenset({"Service", "Category", "Note"}),
    )


def import_kinds() -> dict[str, ImportKind]:
    """Every kind a file can be imported as, by slug: the kinds of record, returns, then registered kinds."""
    return {**_record_kinds(), RETURNS: _returns_kind(), **_REGISTERED}


def may_map(user, kind: ImportKind) -> bool:
    """Whether ``user`` may import ``kind``, and so make, change, delete and use its mappings."""
    return bool(user.is_authenticated and user.has_perm(kind.permission))


def maps_values(column: Column) -> bool:
    """Whether a mapping may say how a file writes this column's values."""
    return column.kind in VALUE_KINDS


def value_choices(kind: ImportKind, column: Column) -> list[tuple[str, str]]:
    """Our values a file's value in ``column`` may be mapped to, as (value, label): empty if any text will do."""
    if kind.choices_for is not None:
        return [(str(value), str(label)) for value, label in kind.choices_for(column.header)]
    if column.kind == "bool":
        return [("Yes", "Yes"), ("No", "No")]
    model = _REFERENCE_MODELS.get(column.kind)
    if model is not None:
        names = model.objects.filter(is_active=True).order_by("name").values_list("name", flat=True).distinct()
        return [(name, name) for name in names]
    return [(str(value), str(label)) for value, label in column.choices]


@dataclass(frozen=True)
class Mapping:
    """A mapping as ``map_table`` reads it: a saved ``ImportMapping``, or one being tried out."""

    columns: dict[str, str]  # our heading -> the file's heading
    values: dict[str, dict[str, str]]  # our heading -> {value as the file writes it: our value}
    name: str = ""
    pk: int | None = None

    @classmethod
    def of(cls, saved: ImportMapping) -> "Mapping":
        return cls(
            columns={str(ours): str(theirs) for ours, theirs in (saved.columns or {}).items() if theirs},
            values={
                str(ours): {str(theirs): str(value) for theirs, value in (table or {}).items()}
                for ours, table in (saved.values or {}).items()
                if isinstance(table, dict)
            },
            name=saved.name,
            pk=saved.pk,
        )

    def file_heading(self, ours: str) -> str:
        """The file's heading for one of our columns, or ours if the mapping does not map it."""
        return self.columns.get(ours) or ours

    def as_summary(self) -> dict:
        """What a batch keeps of the mapping it was checked with (its summary JSON)."""
        return {"id": self.pk, "name": self.name, "columns": dict(self.columns), "values": dict(self.values)}

    @classmethod
    def from_summary(cls, kept: dict) -> "Mapping":
        return cls(
            columns=dict(kept.get("columns") or {}),
            values=dict(kept.get("values") or {}),
            name=str(kept.get("name") or ""),
            pk=kept.get("id"),
        )

    def for_kind(self, kind: ImportKind) -> "Mapping":
        """Only what maps ``kind``'s columns (a column dropped from the kind since the mapping was saved)."""
        headers = {column.header for column in kind.columns}
        return Mapping(
            columns={ours: theirs for ours, theirs in self.columns.items() if ours in headers},
            values={ours: table for ours, table in self.values.items() if ours in headers},
            name=self.name,
            pk=self.pk,
        )


def _positions(headers: list[str]) -> dict[str, int]:
    """Each of the file's headings (as normalised) and where it first is."""
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        positions.setdefault(normalise_header(header), index)
    return positions


def _value_key(cell) -> str:
    return cell_text(cell).strip()


def map_table(headers: list[str], rows: Iterable[list[str]], mapping: Mapping) -> tuple[list[str], Iterator[list[str]]]:
    """The file's table as our headings and our values, row by row as ``rows`` is read.

    The headings are ours, for each column the mapping maps to a heading the file has (case and spaces
    apart), in the mapping's order; the file's other columns are left out. A cell whose value the mapping
    lists for its column (exactly, or else ignoring case and surrounding spaces) becomes ours; any other
    passes unchanged, for the importer to name. ``rows`` may also be ``(row number, cells)`` pairs, as
    ``read_table`` gives them: the pairs come back with their row numbers. A heading the mapping reads
    that the file has twice raises ``ImportFileError``.
    """
    headers = [str(header if header is not None else "") for header in headers]
    positions = _positions(headers)
    seen: dict[str, int] = {}
    for header in headers:
        key = normalise_header(header)
        if key:
            seen[key] = seen.get(key, 0) + 1
    picked: list[tuple[str, int]] = []
    for ours, theirs in mapping.columns.items():
        key = normalise_header(theirs)
        if not key or key not in positions:
            continue
        if seen[key] > 1:
            raise ImportFileError(
                f"The heading {theirs} appears twice in the file, so the mapping cannot tell which column to read "
                f"as {ours}. Give each column a heading of its own."
            )
        picked.append((ours, positions[key]))
    tables: dict[int, tuple[dict[str, str], dict[str, str]]] = {}
    for place, (ours, _) in enumerate(picked):
        table = mapping.values.get(ours)
        if table:
            exact = {str(theirs).strip(): value for theirs, value in table.items()}
            folded = {theirs.casefold(): value for theirs, value in exact.items()}
            tables[place] = (exact, folded)

    def mapped(cells: list) -> list:
        out = []
        for place, (_, index) in enumerate(picked):
            cell = cells[index] if index < len(cells) else None
            if place in tables and cell is not None:
                exact, folded = tables[place]
                key = _value_key(cell)
                if key:
                    value = exact.get(key)
                    if value is None:
                        value = folded.get(key.casefold())
                    if value is not None:
                        cell = value
            out.append(cell)
        return out

    def mapped_rows():
        for item in rows:
            if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], int):
                yield item[0], mapped(item[1])
            else:
                yield mapped(item)

    return [ours for ours, _ in picked], mapped_rows()


def unmatched_headings(headers: list[str], kind: ImportKind, mapping: Mapping | None) -> list[str]:
    """The headings a file of ``kind`` must have and this one lacks, as the file would write them.

    With a mapping: for each column a file may not leave out, the file's heading the mapping reads it
    from, if the file does not have it, or our own heading if the mapping does not map it at all. Without
    one: our headings of those columns that the file lacks. Empty when the file can be read.
    """
    present = set(_positions(headers))
    missing = []
    for column in kind.required_columns:
        wanted = mapping.columns.get(column.header) if mapping is not None else column.header
        wanted = wanted or column.header
        if normalise_header(wanted) not in present:
            missing.append(wanted)
    return missing


def unread_headings(headers: list[str], mapping: Mapping) -> list[str]:
    """The file's headings the mapping does not read: columns an import through it leaves out."""
    read = {normalise_header(theirs) for theirs in mapping.columns.values() if theirs}
    return [str(header).strip() for header in headers if normalise_header(header) not in read | {""}]


# Saving and deleting


def _clean(*, kind: str, name: str, columns: dict, values: dict) -> tuple[ImportKind, str, dict, dict]:
    """The mapping in the form it is saved in, or ``ValidationError`` naming what is wrong."""
    kinds = import_kinds()
    if kind not in kinds:
        raise ValidationError({"kind": "Choose what the files are imported as."})
    import_kind = kinds[kind]
    name = " ".join(str(name or "").split())
    if not name:
        raise ValidationError({"name": "Give the mapping a name, such as the system its files come from."})
    if len(name) > MAX_NAME:
        raise ValidationError({"name": f"The name is longer than {MAX_NAME} characters: shorten it."})
    if not isinstance(columns, dict) or not isinstance(values, dict):
        raise ValidationError("The mapping is not in a form that can be saved.")
    ours = {column.header for column in import_kind.columns}
    cleaned_columns = {}
    for header, theirs in columns.items():
        theirs = str(theirs or "").strip()
        if header not in ours:
            raise ValidationError({"columns": f"{import_kind.label} have no column {header}."})
        if len(theirs) > MAX_HEADING:
            raise ValidationError({"columns": f"The heading chosen for {header} is too long."})
        if theirs:
            cleaned_columns[header] = theirs
    unmapped = [column.header for column in import_kind.required_columns if column.header not in cleaned_columns]
    if unmapped:
        raise ValidationError(
            {"columns": [f"Choose the file's column for {header}: every file must have it." for header in unmapped]}
        )
    cleaned_values = {}
    for header, table in values.items():
        column = import_kind.column(header)
        if column is None or not maps_values(column) or header not in cleaned_columns:
            continue  # values for a column the file does not feed are of no use
        if not isinstance(table, dict) or len(table) > MAX_VALUES_PER_COLUMN:
            raise ValidationError({"values": f"The values for {header} cannot be saved."})
        kept = {}
        for theirs, value in table.items():
            theirs, value = str(theirs).strip(), str(value or "").strip()
            if theirs and value and len(theirs) <= MAX_HEADING and len(value) <= MAX_HEADING:
                kept[theirs] = value
        if kept:
            cleaned_values[header] = kept
    return import_kind, name, cleaned_columns, cleaned_values


def save_mapping(
    *, kind: str, name: str, columns: dict, values: dict, by, reason: str = "", mapping: ImportMapping | None = None
) -> ImportMapping:
    """Save a new mapping (or change ``mapping``), as ``by``, with its history saying why.

    Refuses (``ValidationError`` naming the field) a required column left unmapped, or a name another
    mapping of the same kind has; ``PermissionDenied`` if ``by`` may not import the kind.
    """
    require_actor(by)
    import_kind, name, columns, values = _clean(kind=kind, name=name, columns=columns, values=values)
    if not may_map(by, import_kind):
        raise PermissionDenied
    if mapping is not None and mapping.kind != kind:
        raise ValidationError({"kind": "A saved mapping keeps the kind it was made for."})
    taken = name_taken(kind, name, besides=mapping.pk if mapping is not None else None)
    if taken:
        raise ValidationError({"name": taken})
    if mapping is None:
        mapping = ImportMapping(kind=kind, created_by=by)
        reason = reason or "Created"
    mapping.name, mapping.columns, mapping.values, mapping.updated_by = name, columns, values, by
    mapping._history_user = by
    mapping._change_reason = (reason or "Changed").strip()[:100]
    try:
        with transaction.atomic():
            mapping.save()
    except IntegrityError:
        raise ValidationError(
            {"name": f"There is already a mapping called {name} for {import_kind.label.lower()}: choose another name."}
        ) from None
    audit(
        None, Action.MAPPING_CHANGED, user=by, kind="import-mapping", reference=str(mapping.pk), detail=f"Saved: {kind}"
    )
    return mapping


@transaction.atomic
def delete_mapping(*, mapping: ImportMapping, by, reason: str = "") -> None:
    """Delete a saved mapping, as ``by``; its history keeps what it was. Imports made through it keep
    their copy of it (their batch's summary)."""
    require_actor(by)
    import_kind = import_kinds().get(mapping.kind)
    if import_kind is None or not may_map(by, import_kind):
        raise PermissionDenied
    mapping._history_user = by
    mapping._change_reason = (reason or "Deleted").strip()[:100]
    reference = str(mapping.pk)
    mapping.delete()
    audit(
        None,
        Action.MAPPING_CHANGED,
        user=by,
        kind="import-mapping",
        reference=reference,
        detail=f"Deleted: {mapping.kind}",
    )


def name_taken(kind: str, name: str, *, besides: int | None = None) -> str | None:
    """The message if another mapping of ``kind`` is called ``name`` (case apart), else None."""
    taken = ImportMapping.objects.filter(kind=kind, name__iexact=" ".join(str(name).split()))
    if besides is not None:
        taken = taken.exclude(pk=besides)
    if not taken.exists():
        return None
    label = import_kinds()[kind].label.lower() if kind in import_kinds() else kind
    return f"There is already a mapping called {name} for {label}: choose another name."


# A sample file: its headings, and the values of the columns that hold one of a few


# As the import page: a workbook unpacking to more than this many times its limit is not read while one waits.
UNPACKED_PER_PACKED = 12
SAMPLE_ROWS = 2000  # rows of a sample read for its values; the rest is not read
MAX_SAMPLE_HEADINGS = 100
MAX_SAMPLE_VALUES = 100  # a column with more distinct values than this is not one of a list
MAX_SAMPLE_VALUE_LENGTH = 100


@dataclass(frozen=True)
class Sample:
    headings: list[str]  # each once, in the file's order
    values: dict[str, list[str]]  # heading -> its distinct values, for columns with at most MAX_SAMPLE_VALUES


def read_sample(content: bytes) -> Sample:
    """A sample file's headings and, for its columns holding a few distinct values, those values (in the order
    first seen), read with the importer's reader (its limits refuse a hostile file the same way). The file is
    read no further than ``SAMPLE_ROWS`` rows; ``ImportFileError`` says why one cannot be read.

    It is read while the person waits, so a sample larger than a file the importer checks while its uploader
    waits (settings.IMPORT_BACKGROUND_BYTES, packed or unpacked as the import page counts it) is refused before
    it is read: a few rows are enough."""
    limit = settings.IMPORT_BACKGROUND_BYTES
    if len(content) > limit or unpacked_size(content) > UNPACKED_PER_PACKED * limit:
        raise ImportFileError(
            f"The sample is larger than the {limit / 2**20:g} MB a sample may be. A few hundred rows are enough: "
            "save a smaller file with the same columns and upload that."
        )
    table = read_table(content)
    headings, places = [], []
    seen = set()
    for index, header in enumerate(table.headers):
        text = " ".join(str(header if header is not None else "").split())
        if not text or normalise_header(text) in seen:
            continue
        if len(text) > MAX_HEADING:
            raise ImportFileError(f"The heading of column {index + 1} is longer than {MAX_HEADING} characters.")
        seen.add(normalise_header(text))
        headings.append(text)
        places.append(index)
    if not headings:
        raise ImportFileError("The file's header row has no headings.")
    if len(headings) > MAX_SAMPLE_HEADINGS:
        raise ImportFileError(
            f"The file has {len(headings):,} headings; a mapping reads files of at most {MAX_SAMPLE_HEADINGS}."
        )
    found: dict[str, dict[str, None]] = {heading: {} for heading in headings}
    too_many: set[str] = set()
    for count, (_, cells) in enumerate(table.rows, start=1):
        for heading, index in zip(headings, places, strict=True):
            if heading in too_many or index >= len(cells):
                continue
            value = cell_text(cells[index]).strip()
            if not value or value in found[heading]:
                continue
            if len(value) > MAX_SAMPLE_VALUE_LENGTH or len(found[heading]) >= MAX_SAMPLE_VALUES:
                too_many.add(heading)
                found[heading] = {}
                continue
            found[heading][value] = None
        if count >= SAMPLE_ROWS:
            break
    return Sample(headings, {heading: list(values) for heading, values in found.items() if values})
