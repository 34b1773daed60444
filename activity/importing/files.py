"""Reading an uploaded file into a header row and data rows, whatever a person sends.

The format is decided by the content, never the file's name: an Excel workbook (XLSX)
is a zip holding ``[Content_Types].xml`` and ``xl/workbook.xml``; anything else must
decode as text (UTF-8, with or without a byte order mark, else Windows-1252) and read
as CSV. Every way a file can be unreadable ends in ``ImportFileError`` with a sentence
that says what to do, never in an exception a person would see as a server error.

A text cell that our own export protected from being read as a formula (``'=...``: see
``core.spreadsheets``) is read back as the text it was, so an export imports unchanged.

Data rows come from a generator, so a large CSV is read as it is checked; a problem
only found part-way (too many rows, a formula further down a sheet) is raised from it
as ``ImportFileError`` too.

A workbook is a zip of XML parts, and a small one can unpack to a great deal of work (issue 12: 132 KB
whose shared text unpacks to 50 MB tied a web worker up for 30 s). So before openpyxl parses anything,
the zip's directory is checked (each part's unpacked size, and how tightly it is packed: a declared
size is also the most ``zipfile`` will ever unpack), then the opening bytes of the shared-strings table
(its stated count, and no XML entities); while reading, the shared strings are read by our own capped
reader, rows only to Excel's last row and cells only to ``MAX_COLUMNS_READ``. The limits and the
files they were sized from are in docs/benchmarks.md ("Hostile workbooks").
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from core.spreadsheets import restore

MAX_IMPORT_BYTES = 20 * 2**20
MAX_IMPORT_ROWS = 200_000
# Workbook limits, sized from the largest legitimate files (scripts/hostile_files.py, measured in
# docs/benchmarks.md): 200,000 consultations as the app logs them unpack to 118 MB as our export
# writes them (all in the sheet) and, as Excel saves them, a 70 MB sheet and 10.3 MB of shared text
# in 400,000 strings; no part of either packs tighter than 11 to 1. 200,000 reviews with every free
# text at its longest (more than the 20 MB upload limit allows) have 47 MB of shared text.
# The whole workbook unpacked (a 20 MB upload of our own export unpacks to about 210 MB).
MAX_UNPACKED_BYTES = 400 * 2**20
# Any one part packed tighter than this, once it unpacks to more than PACKED_PART_FLOOR: about ten times
# the tightest legitimate part (11 to 1). The hostile files pack 385 to 1 and more.
MAX_PACKING_RATIO = 100
PACKED_PART_FLOOR = 2**20
# The shared-strings table: ten times the 10.3 MB of 200,000 consultations (twice the longest reviews).
MAX_SHARED_TEXT_BYTES = 100 * 2**20
# Strings in it: a cell uses one, and an importable file has at most 200,001 rows of 10 columns
# (the widest kind of record; a column with any other heading is refused). Five times the 400,000
# strings of 200,000 consultations.
MAX_IMPORT_COLUMNS = 10
MAX_SHARED_STRINGS = (MAX_IMPORT_ROWS + 1) * MAX_IMPORT_COLUMNS
# The cells a sheet may say it spans (its <dimension>): ten times an importable file's 2,000,010.
# Excel states a whole formatted column (A1:J1048576, 10.5 million) but never the whole sheet.
MAX_STATED_CELLS = 10 * MAX_SHARED_STRINGS
# Cells are read only this far to the right (ten times the widest kind of record): a cell at column
# XFD would otherwise make every row 16,384 cells wide.
MAX_COLUMNS_READ = 10 * MAX_IMPORT_COLUMNS
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_CELL_CHARACTERS = 32_767
# Every other part (styles, theme, workbook, properties) that openpyxl parses: legitimate ones are
# kilobytes (a theme, 10 KB; styles, 3 KB); Excel's styles can reach a few MB.
MAX_OTHER_PART_BYTES = 10 * 2**20
# How much of a part's opening is read to find its stated counts, size and any XML entities.
_OPENING_BYTES = 4096

CSV = "CSV"
XLSX = "Excel workbook"

_SIGNATURES = [
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old-style Office file (.xls or .doc) or a password-protected workbook"),
    (b"{\\rtf", "a Rich Text document"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
]
_MARKUP = [
    (b"<!doctype html", "a web page"),
    (b"<html", "a web page"),
    (b"<?xml", "an XML file (perhaps an Excel 2003 XML spreadsheet)"),
]
_WHAT_TO_SEND = "Save it as CSV or as an Excel workbook (.xlsx) and upload that."
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPLIT = "Split it into smaller files of at most 200,000 rows, or save it again from Excel, and upload that."
_SHARED_STRINGS_TYPE = re.compile(rb"<Override\b[^>]*sharedStrings\+xml[^>]*>", re.IGNORECASE)
_PART_NAME = re.compile(rb'PartName="/?([^"]+)"')
_STATED_COUNT = re.compile(rb'\b(uniqueCount|count)="(\d+)"')
_SPACES = re.compile(r"\s+")


class ImportFileError(ValueError):
    """The file as a whole cannot be imported; the message says why and what to do."""


@dataclass
class Table:
    """A file read as a table: its headings and, lazily, its non-blank data rows."""

    file_format: str
    headers: list[str]
    rows: Iterator[tuple[int, list]]  # (row number as a spreadsheet shows it, cells)


def read_table(content: bytes) -> Table:
    """Read ``content`` as CSV or XLSX, or raise ``ImportFileError`` saying why it cannot be."""
    if not content or not content.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ImportFileError("The file is empty.")
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportFileError(
            f"The file is {len(content) / 2**20:.1f} MB: the most an import takes is "
            f"{MAX_IMPORT_BYTES / 2**20:g} MB. Split it into smaller files."
        )
    if content.startswith(b"PK"):
        return _read_xlsx(content)
    for signature, what in _SIGNATURES:
        if content.startswith(signature):
            raise ImportFileError(f"The file is {what}, not a CSV file or an Excel workbook. {_WHAT_TO_SEND}")
    opening = content[:100].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for signature, what in _MARKUP:
        if opening.startswith(signature):
            raise ImportFileError(f"The file is {what}, not a CSV file or an Excel workbook. {_WHAT_TO_SEND}")
    return _read_csv(content)


def normalise_header(text) -> str:
    return _SPACES.sub(" ", str(text if text is not None else "")).strip().casefold()


def cell_text(value) -> str:
    """A cell as a person would read it: how it is shown back in a message."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def is_blank(cells) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        f"The file has more than {MAX_IMPORT_ROWS:,} rows of data: the most an import takes is "
        f"{MAX_IMPORT_ROWS:,}. Split it into smaller files."
    )


# CSV


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(f"The file cannot be read as text. {_WHAT_TO_SEND}") from None
    if b"\x00" in content:
        raise ImportFileError(f"The file holds binary data, not text: it is not a CSV file. {_WHAT_TO_SEND}")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(
            "The file's text is in an encoding the importer does not know. Save it as CSV UTF-8 and upload that."
        ) from None


def _delimiter(text: str) -> str:
    """A comma, unless the first line is plainly separated by semicolons or tabs (some Excel exports)."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > counts[","] else ","


def _read_csv(content: bytes) -> Table:
    text = _decode(content)
    if _CONTROL_CHARACTERS.search(text):
        raise ImportFileError(f"The file holds control characters, so it is not a CSV file. {_WHAT_TO_SEND}")
    # strict: an unclosed quote is refused rather than read as one long cell swallowing the rows after it
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    numbered = enumerate(reader, start=1)
    header_row = 0
    try:
        for header_row, cells in numbered:  # noqa: B007 (the header's row number is used below)
            if not is_blank(cells):
                headers = cells
                break
        else:
            raise ImportFileError("The file is empty.")
    except csv.Error as error:
        raise ImportFileError(f"The file cannot be read as CSV ({error}). {_WHAT_TO_SEND}") from None

    def rows():
        count, last_read = 0, header_row
        try:
            for last_read, cells in numbered:
                if is_blank(cells):
                    continue
                count += 1
                if count > MAX_IMPORT_ROWS:
                    raise _too_many_rows()
                yield last_read, [restore(cell) for cell in cells]
        except csv.Error as error:
            raise ImportFileError(
                f"The file cannot be read as CSV after row {last_read} ({error}). {_WHAT_TO_SEND}"
            ) from None

    return Table(CSV, [str(header) for header in headers], rows())


# XLSX


def unpacked_size(content: bytes) -> int:
    """What a workbook says it unpacks to (its zip directory), or the content's own size if it is not a zip."""
    if not content.startswith(b"PK"):
        return len(content)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return len(content)


def _read_xlsx(content: bytes) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = {info.filename: info for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(f"The file looks like a zip file but is damaged. {_WHAT_TO_SEND}") from None
    if "[Content_Types].xml" not in members or "xl/workbook.xml" not in members:
        if "word/document.xml" in members:
            what = "a Word document"
        elif "ppt/presentation.xml" in members:
            what = "a PowerPoint presentation"
        elif "content.xml" in members:
            what = "an OpenDocument file"
        else:
            what = "a zip file"
        raise ImportFileError(f"The file is {what}, not a CSV file or an Excel workbook. {_WHAT_TO_SEND}")
    try:
        _check_parts(archive, members)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        if isinstance(error, ImportFileError):
            raise
        raise ImportFileError(f"The workbook cannot be read: it may be damaged. {_WHAT_TO_SEND}") from None

    try:
        reader = _CappedReader(io.BytesIO(content), read_only=True, data_only=False)
        reader.read()
        workbook = reader.wb
    except _Refused as refused:
        raise refused.error from None
    except Exception:  # openpyxl raises many kinds of error for a damaged or unusual workbook
        raise ImportFileError(f"The workbook cannot be read: it may be damaged. {_WHAT_TO_SEND}") from None
    sheets = workbook.worksheets
    if not sheets or not hasattr(sheets[0], "iter_rows"):
        workbook.close()
        raise ImportFileError("The workbook's first sheet holds no table: put the rows in the first sheet.")
    sheet = sheets[0]
    stated_cells = (sheet.max_row or 0) * (sheet.max_column or 0)
    if stated_cells > MAX_STATED_CELLS:
        workbook.close()
        raise ImportFileError(
            f"The workbook's first sheet says it spans {stated_cells:,} cells ({sheet.calculate_dimension()}), "
            f"more than the {MAX_STATED_CELLS:,} the importer reads: a file of {MAX_IMPORT_ROWS:,} rows spans "
            f"about {MAX_SHARED_STRINGS:,}. Copy the table into a new workbook, save it and upload that."
        )
    sheet.reset_dimensions()  # trust the cells, not a stated size that may run to the sheet's edge
    cells_by_row = _sheet_rows(sheet, workbook)
    for _header_row, cells in cells_by_row:
        if not is_blank(cells):
            headers = [cell_text(cell) for cell in cells]
            break
    else:
        raise ImportFileError("The workbook's first sheet is empty: put the rows in the first sheet.")

    def rows():
        count = 0
        for row_number, cells in cells_by_row:
            if is_blank(cells):
                continue
            count += 1
            if count > MAX_IMPORT_ROWS:
                workbook.close()
                raise _too_many_rows()
            yield row_number, cells

    return Table(XLSX, headers, rows())


def _megabytes(size: int) -> str:
    return f"{size / 2**20:,.0f} MB" if size >= 2**20 else f"{size / 2**10:,.0f} KB"


def _check_parts(archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]) -> None:
    """Refuse a workbook whose parts would cost more to read than any legitimate file, from its zip directory
    and the opening bytes of its parts, before anything is parsed.

    A part's declared size is trusted: ``zipfile`` never unpacks more than it (and fails its checksum if
    the data runs on), so neither can openpyxl, which reads through it.
    """
    unpacked = sum(info.file_size for info in members.values())
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            f"The workbook unpacks to {_megabytes(unpacked)}, more than the {_megabytes(MAX_UNPACKED_BYTES)} "
            f"the importer reads. {_SPLIT}"
        )
    shared_strings = _shared_strings_part(archive, members)
    for name, info in members.items():
        what = _part_name(name, shared_strings)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > PACKED_PART_FLOOR and ratio > MAX_PACKING_RATIO:
            raise ImportFileError(
                f"The workbook's {what} unpacks from {_megabytes(info.compress_size)} to "
                f"{_megabytes(info.file_size)} ({ratio:,.0f} to 1): no real workbook packs tighter than about "
                f"{MAX_PACKING_RATIO // 10} to 1, so it may be made to overload the importer. Save the table "
                "again from Excel, as a new workbook, and upload that."
            )
        limit = _size_limit(name, shared_strings)
        if limit is not None and info.file_size > limit:
            needs = "10 MB a file of 200,000 rows needs" if name == shared_strings else "the few kilobytes Excel writes"
            raise ImportFileError(
                f"The workbook's {what} unpacks to {_megabytes(info.file_size)}, more than the "
                f"{_megabytes(limit)} the importer reads (about {needs}). {_SPLIT}"
            )
        if name.endswith((".xml", ".rels")) and _defines_entities(archive, name):
            raise ImportFileError(
                f"The workbook's {what} defines XML entities, which Excel never writes, so it may be made to "
                "overload the importer. Save the table again from Excel, as a new workbook, and upload that."
            )
    if shared_strings in members:
        stated = _stated_count(archive, shared_strings)
        if stated > MAX_SHARED_STRINGS:
            raise ImportFileError(
                f"The workbook's shared text holds {stated:,} strings, more than the {MAX_SHARED_STRINGS:,} "
                f"cells a file of {MAX_IMPORT_ROWS:,} rows can use. {_SPLIT}"
            )


def _shared_strings_part(archive: zipfile.ZipFile, members) -> str:
    """The shared-strings table's part, as the workbook's list of parts names it (xl/sharedStrings.xml)."""
    manifest = members["[Content_Types].xml"]
    if manifest.file_size > MAX_OTHER_PART_BYTES:
        return "xl/sharedStrings.xml"  # refused below, as any part too big
    override = _SHARED_STRINGS_TYPE.search(archive.read(manifest))
    part = override and _PART_NAME.search(override.group(0))
    return part.group(1).decode("utf-8", "replace") if part else "xl/sharedStrings.xml"


def _part_name(name: str, shared_strings: str) -> str:
    if name == shared_strings:
        return "shared text (the table of every text its cells hold)"
    if name.startswith("xl/worksheets/"):
        return f"sheet {name.rsplit('/', 1)[-1]}"
    return f"part {name}"


def _size_limit(name: str, shared_strings: str) -> int | None:
    """The most a part may unpack to, beyond the whole workbook's limit; None for the sheets and files
    openpyxl does not parse (images)."""
    if name == shared_strings:
        return MAX_SHARED_TEXT_BYTES
    if name.startswith("xl/worksheets/") or not name.endswith((".xml", ".rels")):
        return None
    return MAX_OTHER_PART_BYTES


def _opening(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as part:
        return part.read(_OPENING_BYTES)


def _defines_entities(archive: zipfile.ZipFile, name: str) -> bool:
    opening = _opening(archive, name).upper()
    return b"<!DOCTYPE" in opening or b"<!ENTITY" in opening


def _stated_count(archive: zipfile.ZipFile, name: str) -> int:
    """The larger of the counts the shared-strings table states in its opening tag (0 if none)."""
    return max((int(number) for _, number in _STATED_COUNT.findall(_opening(archive, name))), default=0)


class _Refused(Exception):
    """Carries an ImportFileError out through openpyxl, which rewraps every ValueError in one of its own."""

    def __init__(self, error: ImportFileError):
        super().__init__(str(error))
        self.error = error


class _CappedReader(ExcelReader):
    """openpyxl's reader, with a shared-strings table read by ``_read_shared_strings``."""

    def read_strings(self):
        self.shared_strings = []
        part = self.package.find("application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml")
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = _read_shared_strings(source)


def _read_shared_strings(source) -> list[str]:
    """openpyxl's ``read_string_table``, stopping at MAX_SHARED_STRINGS strings or a string longer than a cell
    of Excel holds, whatever the table stated in its opening tag."""
    strings = []
    tag = f"{{{SHEET_MAIN_NS}}}si"
    for _, node in iterparse(source):
        if node.tag != tag:
            continue
        text = Text.from_tree(node).content.replace("x005F_", "")
        node.clear()
        if len(text) > EXCEL_MAX_CELL_CHARACTERS:
            raise _Refused(
                ImportFileError(
                    f"The workbook's shared text holds a text of {len(text):,} characters; a cell of Excel holds "
                    f"at most {EXCEL_MAX_CELL_CHARACTERS:,}. Save the table again from Excel and upload that."
                )
            )
        strings.append(text)
        if len(strings) > MAX_SHARED_STRINGS:
            raise _Refused(
                ImportFileError(
                    f"The workbook's shared text holds more than {MAX_SHARED_STRINGS:,} strings, more than the "
                    f"cells a file of {MAX_IMPORT_ROWS:,} rows can use. {_SPLIT}"
                )
            )
    return strings


def _sheet_rows(sheet, workbook):
    try:
        rows = sheet.iter_rows(min_row=1, max_row=EXCEL_MAX_ROWS, max_col=MAX_COLUMNS_READ)
        for row_number, row in enumerate(rows, start=1):
            values = []
            for cell in row:
                if cell.data_type == "f":
                    raise ImportFileError(
                        f"Cell {cell.coordinate} holds a formula: the importer reads values, not formulas. "
                        "Copy the sheet and paste it as values only, then upload it again."
                    )
                if isinstance(cell.value, str) and len(cell.value) > EXCEL_MAX_CELL_CHARACTERS:
                    raise ImportFileError(
                        f"Cell {cell.coordinate} holds {len(cell.value):,} characters; a cell of Excel holds at "
                        f"most {EXCEL_MAX_CELL_CHARACTERS:,}. Save the table again from Excel and upload that."
                    )
                values.append(restore(cell.value))
            yield row_number, values
    except ImportFileError:
        raise
    except Exception:  # a sheet damaged part-way
        raise ImportFileError(f"The workbook cannot be read: it may be damaged. {_WHAT_TO_SEND}") from None
    finally:
        workbook.close()
