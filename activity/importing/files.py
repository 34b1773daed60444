"""Reading an uploaded file into a header row and data rows, whatever a person sends.

The format is decided by the content, never the file's name: an Excel workbook (XLSX)
is a zip holding ``[Content_Types].xml`` and ``xl/workbook.xml``; anything else must
decode as text (UTF-8, with or without a byte order mark, else Windows-1252) and read
as CSV. Every way a file can be unreadable ends in ``ImportFileError`` with a sentence
that says what to do, never in an exception a person would see as a server error.

A text cell that our own export protected from being read as a formula (``'=...``: see
``safeguarding.spreadsheets``) is read back as the text it was, so an export imports unchanged.

Data rows come from a generator, so a large CSV is read as it is checked; a problem
only found part-way (too many rows, a formula further down a sheet) is raised from it
as ``ImportFileError`` too.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

from safeguarding.spreadsheets import restore

MAX_IMPORT_BYTES = 20 * 2**20
MAX_IMPORT_ROWS = 200_000
# A workbook is compressed: refuse one that would unpack to more than this (a "zip bomb").
MAX_UNPACKED_BYTES = 400 * 2**20

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
    if sum(info.file_size for info in members.values()) > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            f"The workbook is too large to import: the most an import takes is {MAX_IMPORT_ROWS:,} rows. "
            "Split it into smaller files."
        )

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of error for a damaged or unusual workbook
        raise ImportFileError(f"The workbook cannot be read: it may be damaged. {_WHAT_TO_SEND}") from None
    sheets = workbook.worksheets
    if not sheets or not hasattr(sheets[0], "iter_rows"):
        workbook.close()
        raise ImportFileError("The workbook's first sheet holds no table: put the rows in the first sheet.")
    sheet = sheets[0]
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


def _sheet_rows(sheet, workbook):
    try:
        for row_number, row in enumerate(sheet.iter_rows(min_row=1), start=1):
            values = []
            for cell in row:
                if cell.data_type == "f":
                    raise ImportFileError(
                        f"Cell {cell.coordinate} holds a formula: the importer reads values, not formulas. "
                        "Copy the sheet and paste it as values only, then upload it again."
                    )
                values.append(restore(cell.value))
            yield row_number, values
    except ImportFileError:
        raise
    except Exception:  # a sheet damaged part-way
        raise ImportFileError(f"The workbook cannot be read: it may be damaged. {_WHAT_TO_SEND}") from None
    finally:
        workbook.close()
