"""Checks a draft's narrative against its own tables, and its public narrative for small numbers.

Two kinds of flag, each naming the section, the sentence and the number:

**mismatch**: a number in a section's Board narrative that stands for a figure in that section's tables and
differs from it ("92 children" beside a CDOP table totalling 93). A number is tied to a figure only when all
of these hold, so that a flag is rare and always explainable:

1. *The sentence names the table*: it holds a word of the table's title or of its figure's phrase ("CDOP",
   "consultation", "enquiries"; words such as "by", "area", "the" do not count).
2. *The number counts what the table counts*: the first word after it, little words aside, is a word of the
   table's title or phrase, of a row's label or (in a table of several figures) of a column's name: "92
   children" beside "child deaths reviewed", "1,427 calls", "30 cases"; not "21 relating to exploitation" nor
   "2 families". An average a working day is tied only to a table of averages ("about 18 each working day"),
   and a count never is. A change needs no such word, as its subject comes before it ("MASH activity rose by
   63%"). A number after "compared with", "from", "than" ... and no such word shares the table of the number
   before it in the sentence ("1,427 calls in 2021/22 compared with 1,076 in 2020/21").
3. *The row*: the row whose label (or the area's full name, "Oxfordshire" for "Oxon") the sentence names,
   nearest the number; else the table's total (or its only row); in a table of several figures without a
   total, the row whose name shares most words with the words after the number. No row, no tie.
4. *The column*: a number after a word of change ("an increase of 177", "rose by 63%", "fell by") or before
   "more" or "fewer" is the change from the year before (a percentage, the percentage change), but "rose to"
   and "up from" give a year's figure; any other number is the year named nearest it in the sentence
   (2021/22, 2021-2022, "this year", "last year", "the previous year"), or the report's year when none is
   named; the earlier figure of a comparison (after "from", "than", "compared with") is the year named after
   it, or else the year before; in a table of several figures, the column whose name shares most words with
   the words after it. A year the table does not show, a percentage without a word of change (a share, "67%
   of"), or a percentage in a sentence naming a year other than the report's and the one before ("between
   2018/19 and 2021/22") ties nothing.
5. Where several tables fit, those whose words most follow the number (then precede it), the most specific
   first; a chart that repeats the table before it is the same table.

It is a mismatch when the number differs from the figure (to the decimal places written, a percentage to
within its rounding, a change also when it goes the other way: "a rise" where the table falls), unless the
number equals another figure of that table (or of another table that fits as well): the writer is then taken
to mean that one.

**public_number**: every number from 1 to the disclosure threshold in a section's public narrative (the
Board narrative when no public one is written), because the public version hides such counts in its tables.

Both ignore numbers that are not counts: years (2021, 2021/22, 2021-2022) and the years 1990 to 2039 written
alone, dates (24 August 2022, 01/06/2021, March 2021), section, paragraph, level, band, regulation and similar
references (section 6.2, Level 3, s.42, Regulation 13), numbers joined to letters (0.5WTE, COVID-19), numbered
list markers, sums of money and numbers written in words; the mismatch check also ignores percentages that
are not changes. Plain Python: it reads the content's JSON shape (``reports.annual.content``).
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from reports.annual.disclosure import DisclosureRule
from reports.annual.presentation import PresentedReport, PresentedTable, present

MISMATCH, PUBLIC_NUMBER = "mismatch", "public_number"

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_FINANCIAL_YEAR = re.compile(r"\b((?:19|20)\d{2})\s*[/\u2013-]\s*(?:19|20)?\d{1,2}\b")
# What is not a count, in one pattern (the first alternative that fits at a place wins, so years come first).
_NOT_COUNTS = re.compile(
    "|".join(
        [
            _FINANCIAL_YEAR.pattern,
            rf"(?i:\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b(?:\s+\d{{4}})?)",  # 24 August 2022
            rf"(?i:\b(?:{_MONTHS})\s+\d{{4}}\b)",  # March 2021
            r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b",  # 01/06/2021
            r"\b(?:199\d|20[0-3]\d)\b",  # 2021
            r"(?i:\b(?:sections?|paragraphs?|paras?|chapters?|appendix|appendices|tables?|figures?|items?|levels?|"
            r"bands?|regulations?|articles?|schedules?|steps?|phases?|stages?|tiers?|parts?|priority|priorities|"
            r"objectives?|recommendations?|standards?|versions?|ss?|covid|agenda)\s*[.§-]?\s*\d+(?:\.\d+)*[a-z]?\b)",
            r"§\s*\d+(?:\.\d+)*",
            r"\b\d+(?:\.\d+){2,}\b",  # 6.2.1
            r"(?m:^\s*\d+(?:\.\d+)+\s)",  # a heading's number, "6.2 Audits"
        ]
    )
)
_NUMBER = re.compile(
    r"(?<![\w.,/£$€#-])(?<![A-Za-z]-)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w/]|,\d|\.\d)(\s*(?:%|per\s?cent\b))?",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'\u2018\u201c])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019.]*[A-Za-z]|[A-Za-z]")

_STOP = frozenset(
    re.findall(
        r"\S+",
        "a an the and or of to in on at for from with by per as is are was were be been this that these those its it "
        "their our we they there which who what about into than then also each all any area areas service services "
        "trust trusts year years number numbers total made s",
    )
)
_FALLS = frozenset(
    re.findall(r"\S+", "fall fell fallen falling down decrease decreased decreasing reduction reduced drop dropped")
)
_CHANGE_BEFORE = _FALLS | frozenset(
    re.findall(r"\S+", "increase increased increasing rise rose risen rising grew grown growth up change changed")
)
_CHANGE_AFTER = {"more", "fewer", "less", "extra", "additional"}
_FEWER = {"fewer", "less"}
_COMPARISON_BEFORE = {"with", "to", "against", "from", "than", "on", "versus", "vs"}
_LAST_YEAR = re.compile(r"\b(?:last|previous|prior|preceding)\s+year\b|\bthe\s+year\s+before\b", re.IGNORECASE)
_THIS_YEAR = re.compile(r"\bthis\s+year\b", re.IGNORECASE)


@dataclass(frozen=True)
class Flag:
    kind: str  # MISMATCH or PUBLIC_NUMBER
    section_number: str
    section_title: str
    sentence_number: int  # 1 for the section's first sentence
    sentence: str
    number: str  # as written
    figure: str = ""  # the table's figure, as a mismatch reads it
    table: str = ""
    where: str = ""  # the row and column of the figure: "Total, 2021/22"

    @property
    def key(self) -> str:
        """Names the flag: an acknowledgement holds while the section, sentence, number and figure stay."""
        return "|".join(
            [self.kind, self.section_title[:150], str(self.sentence_number), self.number, self.figure, self.table[:80]]
        )[:300]

    @property
    def section(self) -> str:
        return f"{self.section_number} {self.section_title}"

    @property
    def message(self) -> str:
        if self.kind == MISMATCH:
            return (
                f"Section {self.section}, sentence {self.sentence_number}, says {self.number} where the table "
                f"'{self.table}' shows {self.figure} ({self.where}): \u201c{self.sentence}\u201d"
            )
        return (
            f"Section {self.section}, sentence {self.sentence_number} of the public narrative, has the number "
            f"{self.number}; the public version hides counts this small: \u201c{self.sentence}\u201d"
        )


def check_content(content: dict, rule: DisclosureRule, aliases: dict[str, str] | None = None) -> list[Flag]:
    """Every flag on the report's content (a draft's or a snapshot's): the narrative's, then the public's."""
    return narrative_flags(content, aliases=aliases) + public_flags(content, rule)


def narrative_flags(
    content: dict, document: PresentedReport | None = None, aliases: dict[str, str] | None = None
) -> list[Flag]:
    """``document``: the content's full version as presented already, if it is at hand; ``aliases``: other names
    of a row's label, {"Oxfordshire": "Oxon"}, as an area is named in full in a sentence and short in a table."""
    flags = []
    year = content.get("year")
    for raw, section in zip(content["sections"], (document or present(content)).sections, strict=True):
        tables = _figure_tables(section.tables, raw["blocks"])
        if not tables:
            continue
        for number, sentence in enumerate(sentences(raw["narrative"]), start=1):
            flags += [
                Flag(MISMATCH, section.number, section.title, number, sentence, *found)
                for found in _mismatches(sentence, tables, year, aliases or {})
            ]
    return flags


def public_flags(content: dict, rule: DisclosureRule) -> list[Flag]:
    """Reads only the narratives, not the tables: quick enough to ask before every public download."""
    flags = []
    for raw, section_number in zip(content["sections"], _section_numbers(content), strict=True):
        text = raw["narrative"] if raw.get("public_narrative") is None else raw["public_narrative"]
        for number, sentence in enumerate(sentences(text), start=1):
            for found in _numbers(sentence):
                if not found.percent and found.value == int(found.value) and 1 <= found.value <= rule.threshold:
                    flags.append(Flag(PUBLIC_NUMBER, section_number, raw["title"], number, sentence, found.text))
    return flags


def _section_numbers(content: dict) -> list[str]:
    """Each section's number as the report shows it (``presentation.present``): 6, then 6.1, 6.2 ..."""
    numbers, top, sub = [], 0, 0
    for section in content["sections"]:
        if section["level"] == 1:
            top, sub = top + 1, 0
            numbers.append(str(top))
        else:
            sub += 1
            numbers.append(f"{top}.{sub}")
    return numbers


def open_flags(flags: list[Flag], acknowledged: set[str]) -> list[Flag]:
    return [flag for flag in flags if flag.key not in acknowledged]


# Reading the narrative ---------------------------------------------------------------------------------------


def sentences(markdown: str) -> list[str]:
    """The narrative's sentences as plain text: each line or list item apart, split at a full stop."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown or "")  # a link's words, not its address
    text = re.sub(r"[*_`]+|^\s{0,3}#+\s*|^\s*>\s?|\|", " ", text, flags=re.MULTILINE)
    text = re.sub(r"^\s*(?:[-+]|\d+[.)])\s+", "", text, flags=re.MULTILINE)  # list markers
    found = []
    for line in text.splitlines():
        for sentence in _SENTENCE_END.split(line.strip()):
            sentence = " ".join(sentence.split())
            if sentence:
                found.append(sentence)
    return found


@dataclass(frozen=True)
class _Number:
    text: str
    value: Decimal
    decimals: int
    percent: bool
    start: int
    end: int


def _masked(sentence: str) -> str:
    """The sentence with everything that is not a count blanked out, positions kept."""
    return _NOT_COUNTS.sub(lambda match: " " * len(match.group()), sentence)


def _numbers(sentence: str) -> list[_Number]:
    if not _DIGIT.search(sentence):
        return []  # most sentences: no need to mask them
    found = []
    for match in _NUMBER.finditer(_masked(sentence)):
        whole, fraction, percent = match.groups()
        digits = whole.replace(",", "") + (fraction or "")
        found.append(
            _Number(
                text=sentence[match.start() : match.end()].strip(),
                value=Decimal(digits),
                decimals=len(fraction) - 1 if fraction else 0,
                percent=bool(percent),
                start=match.start(),
                end=match.end(),
            )
        )
    return found


def _stem(word: str) -> str:
    word = word.lower().replace("\u2019", "'").removesuffix("'s").strip("'.")
    if word == "children":
        return "child"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _words(text: str) -> list[str]:
    return [_stem(word) for word in _WORD.findall(text)]


def _key_words(text: str) -> set[str]:
    return {word for word in _words(text) if word not in _STOP and len(word) > 1}


# The section's tables ----------------------------------------------------------------------------------------


@dataclass
class _Table:
    shown: PresentedTable
    subject: set[str]  # the words that name it
    by_metric: bool  # the columns are figures (one year), not years
    per_day: bool  # averages a working day
    words: set[str]  # the words a number it counts may be followed by: its subject's, its rows' and columns'

    def series(self) -> list[str]:
        return self.shown.series_columns

    def has_change(self) -> bool:
        return len(self.shown.columns) - 1 > self.shown.series_count


def _figure_tables(tables: list[PresentedTable], blocks: list[dict]) -> list[_Table]:
    found, previous = [], None
    for table, block in zip(tables, blocks, strict=True):
        same = previous is not None and (table.title, table.rows) == (previous.title, previous.rows)
        previous = table
        if table.is_register or same or not table.rows:
            continue
        by_metric = block.get("layout") == "metrics"
        subject = _key_words(table.title) | _key_words(block.get("phrase", ""))
        labels = [row.label for row in table.rows if not row.is_total]
        if by_metric:
            labels += table.series_columns
        found.append(
            _Table(
                shown=table,
                subject=subject,
                by_metric=by_metric,
                per_day=bool(block.get("working_days")),
                words=subject.union(*(_key_words(label) for label in labels)),
            )
        )
    return found


# Tying a number to a figure ----------------------------------------------------------------------------------


def _year_mentions(sentence: str, year: int | None) -> list[tuple[int, int]]:
    """(position, start year) of each year the sentence names."""
    mentions = [(match.start(), int(match.group(1))) for match in _FINANCIAL_YEAR.finditer(sentence)]
    if year is not None:
        mentions += [(match.start(), year - 1) for match in _LAST_YEAR.finditer(sentence)]
        mentions += [(match.start(), year) for match in _THIS_YEAR.finditer(sentence)]
    return sorted(mentions)


def _label_year(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def _row_named(table: _Table, sentence: str, at: int, aliases: dict[str, str]):
    """The row whose label (or another name of it) the sentence names nearest ``at``, or None."""
    lowered = sentence.lower()
    names: dict[str, list[str]] = {}
    for name, label in aliases.items():
        names.setdefault(label, []).append(name)
    best = None
    for row in table.shown.rows:
        if row.is_total:
            continue
        pattern = "|".join(re.escape(name.lower()) for name in [row.label, *names.get(row.label, [])])
        for match in re.finditer(rf"\b(?:{pattern})\b", lowered):
            distance = abs(match.start() - at)
            if best is None or distance < best[0]:
                best = (distance, row)
    return best[1] if best else None


def _row_for(table: _Table, sentence: str, number: _Number, after: set[str], aliases: dict[str, str]):
    named = _row_named(table, sentence, number.start, aliases)
    if named is not None:
        return named
    rows = table.shown.rows
    total = [row for row in rows if row.is_total]
    if total:
        return total[0]
    if len(rows) == 1:
        return rows[0]
    scored = sorted(((len(_key_words(row.label) & after), i) for i, row in enumerate(rows)), reverse=True)
    if scored[0][0] and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return rows[scored[0][1]]
    return None


@dataclass(frozen=True)
class _Tie:
    table: _Table
    row: object
    column: int  # index into row.cells
    column_name: str
    change: bool


def _column_for(
    table: _Table, sentence: str, number: _Number, change: bool, year, after: set[str], compared: bool = False
):
    """(index into a row's cells, its name) for the number, or None. ``compared``: the number follows "from",
    "compared with" ..., so it is the earlier figure: the year named after it, or else the year before."""
    series = table.series()
    if table.by_metric:
        if number.percent or change:
            return None
        scored = sorted(((len(_key_words(name) & after), i) for i, name in enumerate(series)), reverse=True)
        if scored[0][0] and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            return scored[0][1], series[scored[0][1]]
        return None
    if number.percent or change:
        if not table.has_change():
            return None
        if number.percent:
            named = {start for _, start in _year_mentions(sentence, year)}
            if year is not None and named - {year, year - 1}:
                return None
            return len(series) + 1, "% change"
        return len(series), table.shown.columns[-2]
    mentions = _year_mentions(sentence, year)
    later = [mention for mention in mentions if mention[0] > number.start]
    if compared:
        mentions = later[:1] or ([(number.start, year - 1)] if year is not None else [])
    if len(series) == 1 and not mentions:
        return 0, series[0]
    if mentions:
        _, start = min(mentions, key=lambda mention: abs(mention[0] - number.start))
        label = _label_year(start)
    elif year is not None:
        label = _label_year(year)
    else:
        return None
    return (series.index(label), label) if label in series else None


def _context(masked: str, number: _Number) -> tuple[list[str], list[str]]:
    """Up to four words before the number and after it, within its clause."""
    before = re.split(r"[,;:()]", masked[: number.start])[-1]
    after = re.split(r"[,;:().]", masked[number.end :])[0]
    return [w.lower() for w in _WORD.findall(before)][-4:], [_stem(w) for w in _WORD.findall(after)][:4]


def _is_earlier(before: list[str]) -> bool:
    """After "from", "than", "against", "compared with" or "compared to": the earlier of two figures."""
    if not before:
        return False
    if before[-1] in ("from", "than", "against", "versus", "vs"):
        return True
    return before[-1] in ("with", "to") and len(before) > 1 and before[-2] in ("compared", "comparison")


def _is_change(before: list[str], after: list[str]) -> tuple[bool, bool | None]:
    """Whether the number is a change, and whether it says a fall (None: no direction)."""
    if before and before[-1] in ("to", "from"):
        return False, None  # "rose to 1,427", "up from 1,076": a level
    said = [_stem(word) for word in before if _stem(word) in _CHANGE_BEFORE or word in _CHANGE_BEFORE]
    said += [word for word in after[:1] if word in _CHANGE_AFTER]
    if not said:
        return False, None
    direction = said[-1]
    if direction in ("change", "changed", "extra", "additional"):
        return True, None
    return True, direction in _FALLS or direction in _FEWER or _stem(direction) in _FALLS


def _mismatches(sentence: str, tables: list[_Table], year: int | None, aliases: dict[str, str]) -> list[tuple]:
    masked = _masked(sentence)
    sentence_words = set(_words(sentence))
    named = [table for table in tables if table.subject & sentence_words]
    if not named:
        return []
    found, last_tie = [], None
    for number in _numbers(sentence):
        before, after_words = _context(masked, number)
        after = set(after_words)
        change, falls = _is_change(before, after_words)
        if number.percent and not change:
            continue
        candidates = _candidates(named, before, after_words, change=change)
        if not candidates and last_tie is not None and before and before[-1] in _COMPARISON_BEFORE:
            candidates = [last_tie.table]
        ties = []
        for table in candidates:
            row = _row_for(table, sentence, number, after, aliases)
            compared = not change and _is_earlier(before)
            column = _column_for(table, sentence, number, change, year, after, compared) if row is not None else None
            if column is not None:
                ties.append(_Tie(table, row, column[0], column[1], change))
        if not ties:
            continue
        last_tie = ties[0]
        problem = _disagreement(number, ties, falls)
        if problem:
            found.append(problem)
    return found


def _candidates(named: list[_Table], before: list[str], after: list[str], *, change: bool) -> list[_Table]:
    """The tables the number may stand for, those that fit best. A count must be followed by a word naming
    what the table counts (its words, a row's or a column's); a change need not ("MASH activity rose by 63%").
    An average a working day needs "day" after it or "average" before it; a count must not have "day" after it."""
    first = next((word for word in after if word not in _STOP), None)
    before_words = {_stem(word) for word in before}
    scored = []
    for order, table in enumerate(named):
        if not change and first not in table.words:
            continue
        per_day = "day" in after or "average" in before_words
        if per_day != table.per_day and not change:
            continue
        score = 2 * len(set(after) & table.subject) + len(before_words & table.subject)
        scored.append((-score, len(table.subject), order, table))
    scored.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in scored if entry[:2] == scored[0][:2]] if scored else []


def _disagreement(number: _Number, ties: list[_Tie], falls: bool | None) -> tuple | None:
    tie = ties[0]
    figure = tie.row.cells[tie.column]
    if figure is None or isinstance(figure, str):
        return None
    if _agrees(number, figure, tie.change, falls):
        return None
    if any(_equals_some_figure(number, each.table) for each in ties):
        return None
    shown = _shown(figure, percent=number.percent, change=tie.change)
    where = f"{tie.row.label}, {tie.column_name}"
    return number.text, shown, tie.table.shown.title, where


def _agrees(number: _Number, figure, change: bool, falls: bool | None) -> bool:
    if change and falls is not None and figure != 0 and (figure < 0) != falls:
        return False
    value = abs(Decimal(str(figure))) if change else Decimal(str(figure))
    places = Decimal(1).scaleb(-number.decimals)
    if number.percent:
        return abs(value - number.value) < places  # "63%" for 62.7 or 63.4
    return value.quantize(places) == number.value


def _equals_some_figure(number: _Number, table: _Table) -> bool:
    if number.percent:
        return False
    values = [cell for row in table.shown.rows for cell in row.cells[: table.shown.series_count + 1]]
    return any(
        isinstance(cell, int | float)
        and abs(Decimal(str(cell))).quantize(Decimal(1).scaleb(-number.decimals)) == number.value
        for cell in values
    )


def _shown(figure, *, percent: bool, change: bool) -> str:
    if percent:
        return f"{figure:+.1f}%"
    if change:
        return f"{figure:+,}"
    return f"{figure:,}"
