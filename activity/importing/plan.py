"""What an import will do, worked out before anything is written: the plan and its row errors."""

from dataclasses import dataclass, field

from activity.importing.files import ImportFileError, cell_text, is_blank, normalise_header


@dataclass(frozen=True)
class RowError:
    """One bad cell (or row): where it is, what it holds and why it cannot be imported.

    ``row_number`` is the row a spreadsheet shows (the header is row 1). ``reason`` reads
    after the column's name: "is not a date: write it as 2021-06-30 or 30/06/2021".
    ``str(error)`` is the whole sentence: "Row 7, Date: '31/02/2021' is not a date: ...".
    """

    row_number: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        if self.reason.split(" ", 1)[0] in _PREDICATES:  # reads on from the value: "'x' is not a date"
            shown = f"'{self.value}' " if self.value != "" else ""
            return f"Row {self.row_number}, {self.column}: {shown}{self.reason}"
        shown = f" '{self.value}'" if self.value != "" else ""
        return f"Row {self.row_number}, {self.column}{shown}: {self.reason}"


_PREDICATES = {"is", "are", "cannot", "has", "needs", "overlaps"}


@dataclass(frozen=True)
class ChangedRow:
    """A row whose reference is already held, and what the import would change in it."""

    row_number: int
    reference: str
    changes: list[tuple[str, str, str]]  # (column, held now, in the file)


@dataclass
class ImportPlan:
    """What importing a file would do. Making one never writes; ``apply_import`` does."""

    kind: str
    file_name: str
    content: bytes = field(repr=False)
    user: object = field(repr=False)
    file_format: str | None = None
    file_error: str | None = None
    errors: list[RowError] = field(default_factory=list)
    row_count: int = 0
    new_count: int = 0
    changed_count: int = 0
    unchanged_count: int = 0
    changed_rows: list[ChangedRow] = field(default_factory=list, repr=False)
    collisions: list[tuple[int, str]] = field(default_factory=list, repr=False)  # (row, a reference out of reach)
    pending: object = field(default=None, repr=False)  # what apply_import writes; kind-specific
    mapping: object = field(default=None, repr=False)  # the Mapping the file was read through, if any

    @property
    def is_valid(self) -> bool:
        return self.file_error is None and not self.errors and self.row_count > 0

    def fail(self, message: str) -> None:
        """The file as a whole cannot be imported: no row is reported or counted."""
        self.file_error = message
        self.errors = []
        self.row_count = self.new_count = self.changed_count = self.unchanged_count = 0
        self.changed_rows = []
        self.pending = None


class AreaAccess:
    """Which areas a user may log for: every area, or their areas and those below them."""

    def __init__(self, user):
        self.every_area = user.has_perm("accounts.view_all_areas")
        self.paths = () if self.every_area else tuple(user.areas.values_list("path", flat=True))

    def allows(self, area) -> bool:
        return self.every_area or area.path.startswith(self.paths)


def match_headers(headers: list[str], expected: list[str], optional: set[str], what: str) -> dict[str, int]:
    """Where each expected heading is in the file: case and surrounding spaces do not matter,
    nor does the order. Refuses missing or unknown headings, or one that appears twice."""
    wanted = {normalise_header(name): name for name in expected}
    positions: dict[str, int] = {}
    unknown = []
    for index, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue
        name = wanted.get(key)
        if name is None:
            unknown.append(str(header).strip())
        elif name in positions:
            raise ImportFileError(f"The heading {name} appears twice: each column needs one heading of its own.")
        else:
            positions[name] = index
    missing = [name for name in expected if name not in positions and name not in optional]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(f"missing {_and(missing)}")
        if unknown:
            problems.append(f"not recognised: {_and(unknown)}")
        required = [name for name in expected if name not in optional]
        listed = ", ".join(required)
        if optional:
            listed += f"; and, if you have them, {_and([name for name in expected if name in optional])}"
        raise ImportFileError(
            f"The file's headings do not match {what}: {'; '.join(problems)}. The headings are {listed}."
        )
    return positions


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def unheaded_columns(headers: list[str], positions: dict[str, int]) -> list[int]:
    headed = set(positions.values())
    return [index for index in range(len(headers)) if index not in headed]


def unheaded_errors(row_number: int, cells: list, unheaded: list[int], width: int) -> list[RowError]:
    """A value in a column without a heading would be lost: say so rather than drop it."""
    if not unheaded and len(cells) <= width:  # every cell has a heading: nothing to say
        return []
    from openpyxl.utils import get_column_letter

    return [
        RowError(
            row_number, f"Column {get_column_letter(index + 1)}", cell_text(cells[index]), "has a value but no heading"
        )
        for index in [*unheaded, *range(width, len(cells))]
        if index < len(cells) and not is_blank(cells[index : index + 1])
    ]
