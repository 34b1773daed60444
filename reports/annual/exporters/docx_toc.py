"""The Word file's contents list, filled in, with page numbers.

Why this way. A TOC field alone is empty until someone opens the file in Word and updates it ("Right-click
to update"), which is the hand work the report exists to end, and python-docx cannot lay out pages. So:

1. We write the entries ourselves, exactly as Word writes an updated contents list: inside a ``TOC`` field,
   each entry a link to a bookmark on its heading with a ``PAGEREF`` field for its page. Word shows them as
   they are (and can still update them), LibreOffice likewise.
2. We learn the page numbers by laying the file out once with headless LibreOffice (``soffice --headless
   --convert-to pdf``, about 2 to 4 s) and reading the PDF's outline, which LibreOffice makes from the
   headings, with the page of each; then we write those numbers into the entries. The entries were already
   there, with placeholder numbers, when the file was laid out, so filling them in moves nothing.

Letting LibreOffice update the field itself (a macro or UNO) needs the Python UNO bridge and a running office
process, and its result would have to be converted back to .docx by LibreOffice, which rewrites our styles;
reading its layout and writing the numbers ourselves keeps the file ours.

Without LibreOffice (a developer's machine; CI installs it) the entries are written without page numbers and
the file asks Word to update its fields when opened: the list is still there and its links work, and the
log says why the numbers are missing. Each process keeps its own LibreOffice profile (a lock serialises
conversions within it), so two workers never share one.
"""

import atexit
import io
import logging
import os
import shutil
import subprocess  # nosec B404
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from reports.annual.exporters.docx_fields import add_contents_entry, begin_field, end_field, update_fields_on_open

log = logging.getLogger(__name__)

TOC_INSTRUCTION = r'TOC \o "1-2" \h \z \u'
PLACEHOLDER = "00"
TIMEOUT_SECONDS = 90
_lock = threading.Lock()


@dataclass
class Entry:
    level: int
    text: str
    bookmark: str
    page_text: object = None  # the w:t showing the page number, filled in after layout
    on_cover: bool = False  # the executive summary: on the front sheet, found by its label, not a heading


def add_contents(document, entries: list[Entry]) -> None:
    """The contents list: one paragraph an entry, inside one TOC field."""
    for index, entry in enumerate(entries):
        paragraph = document.add_paragraph(style=f"toc {min(entry.level, 2)}")
        if index == 0:
            begin_field(paragraph, TOC_INSTRUCTION)
        entry.page_text = add_contents_entry(paragraph, entry.text, entry.bookmark, PLACEHOLDER)
        if index == len(entries) - 1:
            end_field(paragraph)


def soffice() -> str | None:
    """LibreOffice's command, or None where it is not installed (``SOFFICE`` names another)."""
    return os.environ.get("SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def fill_page_numbers(document, entries: list[Entry]) -> bool:
    """Lay the document out with LibreOffice and write each entry's page; False (numbers left blank and
    Word asked to update the field on opening) where LibreOffice is missing or fails."""
    buffer = io.BytesIO()
    document.save(buffer)
    pdf = _laid_out(buffer.getvalue())
    pages = _pages(pdf, entries) if pdf else None
    if pages is None:
        for entry in entries:
            entry.page_text.text = ""
        update_fields_on_open(document)
        return False
    for entry, page in zip(entries, pages, strict=True):
        entry.page_text.text = str(page) if page else ""
    return True


def _laid_out(docx: bytes) -> bytes | None:
    command = soffice()
    if command is None:
        log.warning("LibreOffice is not installed: the Word file's contents list has no page numbers")
        return None
    with _lock, tempfile.TemporaryDirectory(prefix="report-docx-") as work:
        source = Path(work, "report.docx")
        source.write_bytes(docx)
        try:
            # LibreOffice, from PATH or SOFFICE, with a fixed argument list and no shell, on a file we wrote
            subprocess.run(  # nosec B603
                [
                    command,
                    f"-env:UserInstallation={_profile().as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf:writer_pdf_Export",
                    "--outdir",
                    work,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
            )
            return Path(work, "report.pdf").read_bytes()
        except (OSError, subprocess.SubprocessError) as error:
            log.warning(
                "LibreOffice could not lay out the Word file (%s): its contents list has no page numbers", error
            )
            return None


@atexit.register
def _remove_profile() -> None:
    shutil.rmtree(_profile_path(), ignore_errors=True)


def _profile_path() -> Path:
    return Path(tempfile.gettempdir(), f"report-soffice-{os.getuid()}-{os.getpid()}")


def _profile() -> Path:
    path = _profile_path()
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _outline(reader: PdfReader) -> list[tuple[str, int]]:
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((" ".join(item.title.split()), reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


def _pages(pdf: bytes, entries: list[Entry]) -> list[int | None] | None:
    """Each entry's page: a heading's from the outline, in order; the executive summary's from the first page
    (the cover) that says "Executive summary"."""
    try:
        reader = PdfReader(io.BytesIO(pdf))
        outline = _outline(reader)
    except Exception as error:  # a PDF we cannot read is no reason to refuse the Word file
        log.warning("The laid-out Word file could not be read (%s): its contents list has no page numbers", error)
        return None
    pages: list[int | None] = []
    position = 0
    for entry in entries:
        if entry.on_cover:
            pages.append(_cover_page(reader))
            continue
        wanted = " ".join(entry.text.split())
        match = next((i for i in range(position, len(outline)) if outline[i][0] == wanted), None)
        if match is None:
            pages.append(None)
            continue
        pages.append(outline[match][1])
        position = match + 1
    return pages


def _cover_page(reader: PdfReader) -> int | None:
    for number, page in enumerate(reader.pages[:4], start=1):
        if "Executive summary" in (page.extract_text() or ""):
            return number
    return None
