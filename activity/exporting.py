"""Write records to CSV or XLSX with the columns the importer reads.

Every text cell goes through ``core.spreadsheets.neutralise``, so no text a person typed
(a case reference, a title, an area's name) is ever read by a spreadsheet as a formula; the importer
undoes it, so an export imports back unchanged. Numbers stay numbers.
"""

import csv
import io

from openpyxl import Workbook

from activity.record_types import record_type_of
from core.spreadsheets import neutralise

EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def export_rows(model, records):
    """The header row, then a row of cells for each record: text neutralised, numbers as numbers."""
    columns = record_type_of(model).export_columns
    if hasattr(records, "select_related"):
        related = [column.field for column in columns if column.kind in ("area", "service", "team", "category")]
        records = records.select_related(*related).iterator(chunk_size=2000)
    yield [column.header for column in columns]
    for record in records:
        yield [neutralise(column.render(record)) for column in columns]


def write_csv(model, records) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(export_rows(model, records))
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(model, records, *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    # openpyxl writes text as a formula only when it starts with "=", which neutralised text never does:
    # every text cell is a string cell (checked in tests), without the cost of building each cell here.
    for row in export_rows(model, records):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_export(model, records, *, file_format: str, title: str) -> bytes:
    if file_format == "csv":
        return write_csv(model, records)
    if file_format == "xlsx":
        return write_xlsx(model, records, title=title)
    raise ValueError(f"Records export to CSV or XLSX, not {file_format!r}")
