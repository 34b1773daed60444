"""One rule for text written to a spreadsheet (CSV or XLSX): it can never be read as a formula.

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and some
also after a leading tab or carriage return ("CSV injection": ``=HYPERLINK(...)`` in a case
reference would become a live link when the export is opened). Following OWASP, such text gets a
leading apostrophe, which a spreadsheet takes as "this is text". Numbers and dates are left as
they are, so a negative number stays a number; only text is changed.

Text that already starts with apostrophes before one of those characters gets one more, so the
rule can be undone exactly: ``restore(neutralise(text)) == text`` for any text without the
characters dropped below. The importer calls ``restore`` on every cell it reads, so an export
imports back unchanged.

Characters an XLSX file cannot hold are dropped: control characters other than tab, line feed and
carriage return (the importer refuses a CSV file that has them, too), and U+FFFE and U+FFFF.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _needs_quote(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralise(value):
    """``value`` as a spreadsheet may safely hold it. Text loses the characters no XLSX file holds and, if a
    spreadsheet would read it as a formula, gains a leading ``'``. Anything that is not text
    (numbers, dates, None) comes back untouched."""
    if not isinstance(value, str):
        return value
    text = UNWRITABLE.sub("", value)
    return "'" + text if _needs_quote(text) else text


def restore(value):
    """Undo ``neutralise``'s apostrophe: the text as it was before it was exported. Anything else comes back
    untouched."""
    if isinstance(value, str) and value.startswith("'") and _needs_quote(value[1:]):
        return value[1:]
    return value
