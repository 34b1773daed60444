"""Workbooks made to exhaust the importer, and the largest legitimate one, to size its limits against.

    .venv/bin/python scripts/hostile_files.py --out /tmp/hostile   # writes each file, prints its sizes

Each hostile file is a real workbook openpyxl reads (slowly): the header and a row of a consultations
file, then something that costs the reader far more than its few packed kilobytes:

- ``shared_strings_bomb``: a shared-strings table of millions of short strings no cell uses. About
  132 KB that unpacks to 50 MB (the file issue 12 found tying a web worker up for 30 s), or, at
  ``unpacked_mb=390``, about 1.1 MB (the one that took a job worker over a minute and a gigabyte).
- ``stated_dimension``: a sheet that says it runs to the last cell Excel has (A1:XFD1048576).
- ``wide_rows``: rows with a cell in the last column (XFD), which a reader pads out to 16,384 cells.
- ``many_cells``: millions of tiny cells in one row.
- ``long_string``: one shared string of 50 million characters.
- ``entity_expansion``: a shared-strings table that defines XML entities (a "billion laughs").

``legitimate_export`` is our own export (activity.exporting.write_xlsx) at the import's limits:
200,000 rows of the widest kind of record (reviews: ten columns, three of them free text), every
text at its longest and every reference different. No real file is bigger.
"""

import argparse
import functools
import io
import os
import random
import sys
import zipfile
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from xml.sax.saxutils import escape

from openpyxl import Workbook

HEADERS = ["Reference", "Date", "Area", "Client group", "Service", "Team", "Category of concern", "Mode", "Outcome"]
HEADERS = [*HEADERS, "Case reference"]
ROW = ["HOSTILE-1", "2021-06-01", "Oxfordshire", "Child", "", "", "", "Telephone", "Advice given", "C-1"]
SHARED_STRINGS = "xl/sharedStrings.xml"
SHEET = "xl/worksheets/sheet1.xml"
MB = 2**20
_CHUNK = 4 * MB
_XML = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _skeleton() -> dict[str, bytes]:
    """The parts of a small workbook openpyxl wrote, given a shared-strings table as Excel saves one."""
    buffer = io.BytesIO()
    Workbook().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/{SHARED_STRINGS}" ContentType="{_SST_TYPE}"/></Types>'.encode()
    )
    relationship = f'<Relationship Type="{_SST_REL}" Target="sharedStrings.xml" Id="rId9"/>'
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", relationship.encode() + b"</Relationships>"
    )
    return members


def _workbook(*, sheet, strings) -> bytes:
    """The skeleton with this sheet and shared-strings table, each bytes or an iterator of byte chunks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in {**_skeleton(), SHEET: sheet, SHARED_STRINGS: strings}.items():
            if isinstance(data, bytes):
                archive.writestr(name, data)
                continue
            with archive.open(name, "w", force_zip64=True) as member:
                for chunk in data:
                    member.write(chunk)
    return buffer.getvalue()


def _cell(reference: str, index: int) -> str:
    return f'<c r="{reference}" t="s"><v>{index}</v></c>'


def _first_rows() -> bytes:
    """The header and one row of a consultations file, their text in the shared-strings table (_FIRST_STRINGS)."""
    rows, index = [], 0
    for number, cells in enumerate((HEADERS, ROW), start=1):
        row = ""
        for column, value in enumerate(cells):
            if value:
                row += _cell(f"{chr(65 + column)}{number}", index)
                index += 1
        rows.append(f'<row r="{number}">{row}</row>')
    return "".join(rows).encode()


_FIRST_STRINGS = b"".join(f"<si><t>{value}</t></si>".encode() for value in (*HEADERS, *ROW) if value)
_FIRST_COUNT = sum(1 for value in (*HEADERS, *ROW) if value)


def _shared_strings(more=(), *, declared: int = _FIRST_COUNT, first_rows: bool = True):
    """A shared-strings table: the first rows' strings, then ``more`` (chunks of ``<si>`` elements)."""
    yield _XML + b"<sst " + _MAIN + f' count="{declared}" uniqueCount="{declared}">'.encode()
    if first_rows:
        yield _FIRST_STRINGS
    yield from more
    yield b"</sst>"


def _sheet(rows_xml=(), *, dimension: str = "A1:J2", first_rows: bool = True):
    yield _XML + b"<worksheet " + _MAIN + b'><dimension ref="' + dimension.encode() + b'"/><sheetData>'
    if first_rows:
        yield _first_rows()
    yield from rows_xml
    yield b"</sheetData></worksheet>"


def shared_strings_bomb(unpacked_mb: float = 50, *, seed: int = 12) -> bytes:
    """Millions of short strings no cell uses, in runs that pack about 380 to 1."""
    generator = random.Random(seed)
    words = [f"{word:03d}".encode() for word in range(6)]
    element_count = int(unpacked_mb * MB) // len(b"<si><t>000</t></si>")

    def elements():
        left = element_count
        while left:  # runs of one string, a few hundred long: deflate packs a run to a few bytes
            run = min(left, generator.randint(300, 900))
            yield (b"<si><t>" + generator.choice(words) + b"</t></si>") * run
            left -= run

    return _workbook(sheet=_sheet(), strings=_shared_strings(elements(), declared=_FIRST_COUNT + element_count))


def stated_dimension() -> bytes:
    """A two-row sheet that states it fills every cell of the sheet."""
    return _workbook(sheet=_sheet(dimension="A1:XFD1048576"), strings=_shared_strings())


def wide_rows(rows: int = 200_000) -> bytes:
    """Rows of one number in column A and one in column XFD (the 16,384th), which a reader pads out."""

    def rows_xml():
        for start in range(3, rows + 3, 10_000):
            yield "".join(
                f'<row r="{n}"><c r="A{n}"><v>1</v></c><c r="XFD{n}"><v>1</v></c></row>'
                for n in range(start, min(start + 10_000, rows + 3))
            ).encode()

    return _workbook(sheet=_sheet(rows_xml(), dimension="A1:J2"), strings=_shared_strings())


def many_cells(cells: int = 5_000_000) -> bytes:
    """One row of millions of tiny cells without references (a reader numbers them in turn)."""

    def rows_xml():
        yield b'<row r="3">'
        left = cells
        while left:
            batch = min(left, 200_000)
            yield b"<c><v>1</v></c>" * batch
            left -= batch
        yield b"</row>"

    return _workbook(sheet=_sheet(rows_xml()), strings=_shared_strings())


def long_string(characters: int = 50_000_000) -> bytes:
    """One shared string of millions of characters, which a cell of the third row uses."""

    def elements():
        yield b"<si><t>"
        left = characters
        while left:
            batch = min(left, _CHUNK)
            yield b"A" * batch
            left -= batch
        yield b"</t></si>"

    rows = [f'<row r="3">{_cell("A3", _FIRST_COUNT)}</row>'.encode()]
    return _workbook(sheet=_sheet(rows), strings=_shared_strings(elements(), declared=_FIRST_COUNT + 1))


def entity_expansion() -> bytes:
    """A shared-strings table whose last string is an entity that expands to ten billion characters."""
    entities = ['<!ENTITY e0 "AAAAAAAAAA">'] + [f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10)]
    table = b"".join(_shared_strings([b"<si><t>&e9;</t></si>"], declared=_FIRST_COUNT + 1))
    table = table.replace(b"<sst ", b"<!DOCTYPE sst [" + "".join(entities).encode() + b"]><sst ", 1)
    return _workbook(sheet=_sheet(), strings=table)


HOSTILE = {
    "shared-strings-50mb": lambda: shared_strings_bomb(50),
    "shared-strings-390mb": lambda: shared_strings_bomb(390),
    "stated-dimension": stated_dimension,
    "wide-rows": wide_rows,
    "many-cells": many_cells,
    "long-string": long_string,
    "entity-expansion": entity_expansion,
}


def _reviews(rows: int, seed: int):
    """The review model and ``rows`` reviews for its export, every free text at its longest and different."""
    from activity.models import Review

    generator = random.Random(seed)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 "
    areas = [SimpleNamespace(name=name) for name in ("Oxfordshire", "Buckinghamshire", "Swindon", "Wiltshire")]
    start = date(2021, 4, 1)

    def text(number: int, length: int) -> str:
        prefix = f"{number:07d}-"
        return prefix + "".join(generator.choices(letters, k=length - len(prefix)))

    def reviews():
        for number in range(rows):
            day = start + timedelta(days=number % 365)
            yield SimpleNamespace(
                reference=text(number, 40),
                date=day,
                area=areas[number % len(areas)],
                kind=Review.Kind.values[number % len(Review.Kind.values)],
                title=text(number, 120),
                rapid_review_completed_on=day + timedelta(days=5),
                commissioned_on=day + timedelta(days=30),
                completed_on=day + timedelta(days=200),
                published_on=day + timedelta(days=250),
                case_reference=text(number, 40),
            )

    return Review, reviews()


def _consultations(rows: int, seed: int):
    """The consultation model and ``rows`` consultations as the app logs them: its own references
    (``CON-`` and ten hexadecimal digits), case references of eight characters, every column filled."""
    from activity.models import Consultation

    return Consultation, _consultation_records(rows, seed)


def _consultation_records(rows: int, seed: int):
    from activity.models import ClientGroup, Consultation

    generator = random.Random(seed)
    named = SimpleNamespace
    areas = [named(name=name) for name in ("Oxfordshire", "Buckinghamshire", "Swindon", "Wiltshire", "Bath and NES")]
    services = [named(name=f"Service {number}") for number in range(6)]
    teams = [named(name=f"Team {number}") for number in range(30)]
    categories = [named(name=f"Category of concern {number}") for number in range(16)]
    start = date(2021, 4, 1)
    for _ in range(rows):
        yield named(
            reference=f"CON-{generator.getrandbits(40):010X}",
            date=start + timedelta(days=generator.randrange(365)),
            area=generator.choice(areas),
            client_group=generator.choice([ClientGroup.ADULT, ClientGroup.CHILD]),
            service=generator.choice(services),
            team=generator.choice(teams),
            category=generator.choice(categories),
            mode=generator.choice(Consultation.Mode.values),
            outcome=generator.choice(Consultation.Outcome.values),
            case_reference=f"C{generator.randrange(10**7):07d}",
        )


LEGITIMATE = {"reviews": _reviews, "consultations": _consultations}


def legitimate_export(kind: str = "reviews", rows: int = 200_000, *, seed: int = 2021) -> bytes:
    """Our own export (activity.exporting: text in the cells) of ``rows`` records (needs Django set up)."""
    from activity.exporting import write_xlsx

    model, records = LEGITIMATE[kind](rows, seed)
    return write_xlsx(model, records, title=kind)


def legitimate_export_saved_by_excel(kind: str = "reviews", rows: int = 200_000, *, seed: int = 2021) -> bytes:
    """The same rows as ``legitimate_export``, as Excel saves them: every text once in the shared-strings table."""
    from activity.exporting import export_rows

    model, records = LEGITIMATE[kind](rows, seed)
    index: dict[str, int] = {}
    sheet_rows = []
    for number, row in enumerate(export_rows(model, records), start=1):
        cells = "".join(
            _cell(f"{chr(65 + column)}{number}", index.setdefault(value, len(index)))
            for column, value in enumerate(row)
            if value != ""
        )
        sheet_rows.append(f'<row r="{number}">{cells}</row>'.encode())
    strings = [f"<si><t>{escape(text)}</t></si>".encode() for text in index]
    return _workbook(
        sheet=_sheet(sheet_rows, dimension=f"A1:J{len(sheet_rows)}", first_rows=False),
        strings=_shared_strings(strings, declared=len(strings), first_rows=False),
    )


def legitimate_consultations(rows: int, *, seed: int = 2021) -> bytes:
    """A consultations workbook of ``rows`` good rows in the Oxfordshire area (imports into the test trust)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Consultations")
    sheet.append(HEADERS)
    generator = random.Random(seed)
    for number in range(1, rows + 1):
        day = date(2021, 4, 1) + timedelta(days=generator.randrange(365))
        sheet.append([f"LEGIT-{number:06d}", day.isoformat(), "Oxfordshire", "Child", "", "", "", "", "", f"C{number}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sizes(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        biggest = max(archive.infolist(), key=lambda info: info.file_size)
        unpacked = sum(info.file_size for info in archive.infolist())
    return (
        f"{len(content) / 1024:,.0f} KB packed, {unpacked / MB:,.1f} MB unpacked; "
        f"largest part {biggest.filename} {biggest.file_size / MB:,.1f} MB "
        f"({biggest.file_size / max(biggest.compress_size, 1):,.0f} to 1)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="a folder to write the files into")
    parser.add_argument("--legitimate", action="store_true", help="also write the legitimate export (slow)")
    options = parser.parse_args()
    options.out.mkdir(parents=True, exist_ok=True)
    made = dict(HOSTILE)
    if options.legitimate:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
        import django

        django.setup()
        for kind in LEGITIMATE:
            made[f"legitimate-200000-{kind}"] = functools.partial(legitimate_export, kind)
            made[f"legitimate-200000-{kind}-saved-by-excel"] = functools.partial(legitimate_export_saved_by_excel, kind)
    for name, make in made.items():
        content = make()
        (options.out / f"{name}.xlsx").write_bytes(content)
        print(f"{name}.xlsx: {sizes(content)}", flush=True)


if __name__ == "__main__":
    main()
