"""Reading the learning system's export through a saved column mapping, and its data-quality check.

The file is read with activity's safe reader (``activity.importing.files``: size, rows and workbook limits, so a
hostile file is refused before its rows are read) and turned into our headings and values by the mapping
(``activity.importing.mapping.map_table``). ``check_rows`` then reads it row by row, streaming: each good row comes
out as an unsaved ``StaffRequirement`` and each problem is noted with the file's row number and heading, so a
caller can save rows in batches as they come and throw the transaction away if any problem was found
(``training.actions``). Only the count of each kind of problem is kept with an import; the first
``MAX_PROBLEMS_LISTED`` are listed to the person who uploaded the file.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from activity.columns import CellError, Column, Lookups
from activity.importing.files import ImportFileError, cell_text, read_table
from activity.importing.mapping import ImportKind, Mapping, map_table, unmatched_headings, value_choices
from training.models import Level, StaffGroup, StaffRequirement

KIND_SLUG = "training-compliance"
STAFF_ID = Column("Staff identifier", "staff_id", required=True, max_length=40)
STAFF_GROUP = Column("Staff group", "staff_group", "choice", required=True, choices=tuple(StaffGroup.choices))
AREA = Column("Area", "area", "area", required=True)
SERVICE = Column("Service", "service", "service", required=True)
TEAM = Column("Team", "team", "team")
LEVEL = Column("Level", "level", "choice", required=True)
COMPLETED_ON = Column("Completed on", "completed_on", "date")
NEEDS_SUPERVISION = Column("Needs safeguarding supervision", "needs_supervision", "bool")
LAST_SUPERVISED = Column("Last supervised on", "last_supervised_on", "date")
COLUMNS = (STAFF_ID, STAFF_GROUP, AREA, SERVICE, TEAM, LEVEL, COMPLETED_ON, NEEDS_SUPERVISION, LAST_SUPERVISED)

IMPORT_PERMISSION = "training.import_compliance"
_KIND = ImportKind(
    slug=KIND_SLUG,
    label="Training and supervision compliance",
    columns=COLUMNS,
    permission=IMPORT_PERMISSION,
    # A completion date may be blank (never completed), but the file must have the column: without it every
    # member of staff would read as never trained. Teams and supervision may be left out of a file.
    optional_headings=frozenset({TEAM.header, NEEDS_SUPERVISION.header, LAST_SUPERVISED.header}),
)


def _our_values(header: str) -> list[tuple[str, str]]:
    """What a mapping may map the file's values to: our levels (data, so read when a mapping is made) for the
    course column; for every other column, what any import offers."""
    if header == LEVEL.header:
        return list(Level.objects.filter(is_active=True).order_by("position", "name").values_list("slug", "name"))
    column = next(column for column in COLUMNS if column.header == header)
    return value_choices(_KIND, column)


COMPLIANCE_KIND = replace(_KIND, choices_for=_our_values)

# The kinds of problem a file can have, in the order the report lists their counts.
NO_STAFF_ID = "no_staff_id"
NO_LEVEL = "no_level"
UNKNOWN_LEVEL = "unknown_level"
DUPLICATE = "duplicate"
FUTURE_DATE = "future_date"
BAD_DATE = "bad_date"
UNKNOWN_PLACE = "unknown_place"
BAD_VALUE = "bad_value"
PROBLEM_KINDS = {
    NO_STAFF_ID: "Rows with no staff identifier",
    NO_LEVEL: "Staff with no level",
    UNKNOWN_LEVEL: "Courses the mapping does not know",
    DUPLICATE: "The same person twice for the same level",
    FUTURE_DATE: "Completion or supervision dates after the export's date",
    BAD_DATE: "Dates that cannot be read",
    UNKNOWN_PLACE: "Unknown areas, services or teams",
    BAD_VALUE: "Other values that cannot be read (staff group, supervision yes or no)",
}
MAX_PROBLEMS_LISTED = 500


@dataclass(frozen=True)
class Problem:
    row: int  # as a spreadsheet numbers it
    kind: str
    column: str  # the file's heading, so the person can find it
    message: str

    @property
    def kind_label(self) -> str:
        return PROBLEM_KINDS[self.kind]


@dataclass
class Check:
    """What reading a file found: rows read, each kind of problem counted, the first problems listed."""

    file_name: str
    mapping_name: str
    as_at: date
    file_format: str = ""
    rows_read: int = 0
    counts: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    staff: set = field(default_factory=set)
    levels: Counter = field(default_factory=Counter)

    staff_total: int | None = None  # a check read back from a kept report holds only the count

    @classmethod
    def from_report(cls, report: dict) -> "Check":
        """A check as a background job kept it (``training.job_kinds.report_of``), for its report page."""
        return cls(
            file_name=report["file_name"],
            mapping_name=report["mapping_name"],
            as_at=date.fromisoformat(report["as_at"]),
            rows_read=report["rows"],
            counts=Counter(report["counts"]),
            problems=[Problem(row, kind, column, message) for row, kind, column, message in report["problems"]],
            staff_total=report["staff"],
        )

    @property
    def staff_count(self) -> int:
        return self.staff_total if self.staff_total is not None else len(self.staff)

    @property
    def problem_count(self) -> int:
        return sum(self.counts.values())

    @property
    def is_clean(self) -> bool:
        return self.rows_read > 0 and not self.problem_count

    @property
    def problems_left_out(self) -> int:
        return self.problem_count - len(self.problems)

    def note(self, row: int, kind: str, column: str, message: str) -> None:
        self.counts[kind] += 1
        if len(self.problems) < MAX_PROBLEMS_LISTED:
            self.problems.append(Problem(row, kind, column, message))

    def counted(self) -> list[tuple[str, int]]:
        """Every kind of problem with its count (none found included), in the report's order."""
        return [(label, self.counts.get(kind, 0)) for kind, label in PROBLEM_KINDS.items()]

    def summary(self) -> dict:
        """The JSON kept with an import: counts only, never a staff identifier."""
        return {
            "file_format": self.file_format,
            "rows": self.rows_read,
            "staff": len(self.staff),
            "problems": {kind: self.counts.get(kind, 0) for kind in PROBLEM_KINDS},
            "rows_by_level": dict(sorted(self.levels.items())),
        }


def problem_counts(summary: dict) -> list[tuple[str, int]]:
    """An import's kept summary as (kind of problem, count), in the report's order."""
    found = summary.get("problems", {})
    return [(label, found.get(kind, 0)) for kind, label in PROBLEM_KINDS.items()]


def check_rows(content: bytes, *, mapping: Mapping, check: Check) -> Iterator[StaffRequirement]:
    """Read ``content`` through ``mapping``: yield each good row as an unsaved ``StaffRequirement`` (without its
    import) and note every problem on ``check``. Raises ``ImportFileError`` for a file that cannot be read at all,
    or whose columns the mapping cannot find."""
    table = read_table(content)
    check.file_format = table.file_format
    missing = unmatched_headings(table.headers, COMPLIANCE_KIND, mapping)
    if missing:
        raise _missing_columns(missing)
    file_heading = {column.header: mapping.file_heading(column.header) for column in COLUMNS}
    headers, rows = map_table(table.headers, table.rows, mapping)
    position = {heading: index for index, heading in enumerate(headers)}
    levels = _levels()
    lookups = Lookups()
    first_seen: dict[tuple[str, int], int] = {}
    for row, cells in rows:
        check.rows_read += 1

        def cell(column: Column, cells=cells) -> str:
            index = position.get(column.header)
            return cell_text(cells[index]).strip() if index is not None and index < len(cells) else ""

        requirement = _read_row(row, cell, file_heading, levels, lookups, check)
        if requirement is None:
            continue
        key = (requirement.staff_id.casefold(), requirement.level.pk)
        if key in first_seen:
            check.note(
                row,
                DUPLICATE,
                file_heading[STAFF_ID.header],
                f"{requirement.staff_id} is already in row {first_seen[key]} for {requirement.level.name}",
            )
            continue
        first_seen[key] = row
        check.staff.add(requirement.staff_id.casefold())
        check.levels[requirement.level.slug] += 1
        yield requirement


def _missing_columns(missing: list[str]):
    from_file = ", ".join(f"'{heading}'" for heading in missing)
    return ImportFileError(
        f"The file has no column the mapping can read for {from_file}. Check the file is the learning system's "
        "export, or change the mapping."
    )


def _levels() -> dict[str, Level]:
    """Every active level by its slug and by its name, as a mapping's values or a file may write it."""
    found = {}
    for level in Level.objects.filter(is_active=True):
        found[level.slug.casefold()] = level
        found[level.name.casefold()] = level
    return found


def _read_row(row, cell, file_heading, levels, lookups, check) -> StaffRequirement | None:
    """One row as a ``StaffRequirement``, or None with its problems noted."""
    problems_before = check.problem_count
    values: dict = {}
    staff_id = cell(STAFF_ID)
    if not staff_id:
        check.note(row, NO_STAFF_ID, file_heading[STAFF_ID.header], "has no staff identifier")
    elif len(staff_id) > STAFF_ID.max_length:
        check.note(row, BAD_VALUE, file_heading[STAFF_ID.header], "is longer than 40 characters")
    values["staff_id"] = staff_id
    course = cell(LEVEL)
    if not course:
        check.note(row, NO_LEVEL, file_heading[LEVEL.header], "has no course or level")
    elif course.casefold() not in levels:
        check.note(
            row, UNKNOWN_LEVEL, file_heading[LEVEL.header], f"'{course[:100]}' is not a course the mapping knows"
        )
    else:
        values["level"] = levels[course.casefold()]
    for column, kind in (
        (STAFF_GROUP, BAD_VALUE),
        (AREA, UNKNOWN_PLACE),
        (SERVICE, UNKNOWN_PLACE),
        (TEAM, UNKNOWN_PLACE),
        (NEEDS_SUPERVISION, BAD_VALUE),
        (COMPLETED_ON, BAD_DATE),
        (LAST_SUPERVISED, BAD_DATE),
    ):
        raw = cell(column)
        try:
            values[column.field] = column.parse(raw, lookups, values)
        except CellError as error:
            shown = f"'{raw[:100]}' " if raw else ""
            check.note(row, kind, file_heading[column.header], f"{shown}{error}".strip())
    for column in (COMPLETED_ON, LAST_SUPERVISED):
        day = values.get(column.field)
        if day is not None and day > check.as_at:
            check.note(
                row,
                FUTURE_DATE,
                file_heading[column.header],
                f"{day:%-d %B %Y} is after the export's date ({check.as_at:%-d %B %Y})",
            )
    if check.problem_count > problems_before:
        return None
    return StaffRequirement(row_number=row, **values)
