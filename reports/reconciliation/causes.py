"""Each difference in words: the figure, the value each report holds, and its cause.

Causes come from the figures as the records give them now (``live``): an approved report holding something else
changed after it was approved (a record corrected, archived or added; a figure since collected or no longer
collected; a return since superseded by records); an area's figure that is more than the areas below it holds
records at the area itself (or at an area between, where the areas below are the lowest ones); a figure not
collected for an area adds nothing to a sum. Where none of these accounts for a difference, or the figures were
not looked up (``live.MAX_TABLES``), the page says so. (An area below with no pack is not a difference: the
areas are then not added up, and the page names the pack missing.)
"""

from dataclasses import dataclass, field

from reports.figures import NOT_COLLECTED
from reports.models import Report
from reports.reconciliation.checks import AREAS, PERIODS, SAME, Found, same_value
from reports.reconciliation.gather import FactKey, Gathered, Holding
from reports.reconciliation.live import LiveFigures
from reports.reconciliation.naming import Names, date_text, period_label, value_text

NOT_LOOKED_UP = "Its cause was not looked for: too many figures differ to look each one up on one page."
NO_CAUSE = "No cause was found: the records give these figures as the reports hold them."


@dataclass
class Shown:
    """One value in a difference: what it is, the value, and the report holding it (None: no report does)."""

    label: str
    value: str
    report: Report | None = None


@dataclass
class Difference:
    check: str
    figure: str  # its name: metric, area, period
    statement: str  # what disagrees
    shown: list[Shown]
    shown_as: str  # what each value is held for: a report's coverage, a period, an area
    causes: list[str] = field(default_factory=list)
    explained: bool = True  # False: no cause found for all of it


def explain(found: Found, gathered: Gathered, live: LiveFigures, names: Names) -> Difference:
    if found.check == SAME:
        return _same(found, live, names)
    if found.check == PERIODS:
        return _periods(found, gathered, live, names)
    return _areas(found, gathered, live, names)


def _same(found: Found, live: LiveFigures, names: Names) -> Difference:
    values = sorted({value_text(holding.value) for holding in found.holdings})
    difference = Difference(
        check=SAME,
        figure=names.figure(found.key),
        statement=f"The reports hold {len(values)} different values for this figure: {', '.join(values)}.",
        shown=[
            Shown(_covering(holding.report), value_text(holding.value), holding.report) for holding in found.holdings
        ],
        shown_as="Report covering",
    )
    figure = live.get(found.key)
    if figure is None:
        return _unexplained(difference, NOT_LOOKED_UP)
    for holding in found.holdings:
        if not same_value(holding.value, figure.value):
            _changed(difference, holding, found.key, live, names)
    if not difference.causes:
        return _unexplained(difference, NO_CAUSE)
    return difference


def _periods(found: Found, gathered: Gathered, live: LiveFigures, names: Names) -> Difference:
    whole = gathered.settled(found.key)
    parts = [gathered.settled(key) for key in found.parts]
    labels = [period_label(key.start, key.end) for key in found.parts]
    whole_label = period_label(found.key.start, found.key.end)
    if found.last_part_only:
        statement = (
            f"This is counted at the end of the period (cases open, staff in post), so {whole_label} should "
            f"equal its last part, "
            f"{labels[-1]} ({value_text(parts[-1].value)}), but it holds {value_text(whole.value)}."
        )
    else:
        total = sum(_count(part.value) for part in parts)
        statement = (
            f"{_and_list(labels)} add up to {value_text(total)}, but {whole_label} holds {value_text(whole.value)}."
        )
    difference = Difference(
        check=PERIODS,
        figure=names.figure(found.key),
        statement=statement,
        shown=[Shown(label, value_text(part.value), part.report) for label, part in zip(labels, parts, strict=True)]
        + [Shown(whole_label, value_text(whole.value), whole.report)],
        shown_as="Period",
    )
    keys = [*found.parts, found.key]
    if any(live.get(key) is None for key in keys):
        return _unexplained(difference, NOT_LOOKED_UP)
    for key, holding in zip(keys, [*parts, whole], strict=True):
        if not same_value(holding.value, live.get(key).value):
            _changed(difference, holding, key, live, names, period_label(key.start, key.end))
    parts_from_returns = any(live.get(key).cell.from_returns for key in found.parts)
    if not difference.causes and live.get(found.key).cell.from_returns and not parts_from_returns:
        difference.causes.append(
            f"{whole_label} counts a return entered for the whole period, which none of its parts can count."
        )
    if not difference.causes:
        return _unexplained(difference, NO_CAUSE)
    return difference


def _areas(found: Found, gathered: Gathered, live: LiveFigures, names: Names) -> Difference:
    whole = gathered.settled(found.key)
    parts = [gathered.settled(key) for key in found.parts]
    area = names.area(found.key.area)
    total = sum(_count(part.value) for part in parts)
    through = (
        f" (for {_and_list([child.name for child in found.through])}, the areas below them)" if found.through else ""
    )
    difference = Difference(
        check=AREAS,
        figure=names.figure(found.key),
        statement=f"The areas directly below {area}{through} add up to {value_text(total)}, "
        f"but {area} holds {value_text(whole.value)}.",
        shown=[
            Shown(names.area(key.area), value_text(part.value), part.report)
            for key, part in zip(found.parts, parts, strict=True)
        ]
        + [Shown(area, value_text(whole.value), whole.report)],
        shown_as="Area",
    )
    figure = live.get(found.key)
    if figure is None or any(live.get(key) is None for key in found.parts):
        return _unexplained(difference, NOT_LOOKED_UP)
    for key, holding in [(found.key, whole), *zip(found.parts, parts, strict=True)]:
        if not same_value(holding.value, live.get(key).value):
            _changed(difference, holding, key, live, names, names.area(key.area))
    accounted = 0
    for held_at, count in _held_above(found, figure, live, names):
        accounted += count
        difference.causes.append(
            f"{value_text(count)} of the {value_text(figure.value)} {_is_or_are(count)} held at "
            f"{held_at} itself, in no area below it."
        )
    for key, part in zip(found.parts, parts, strict=True):
        if part.value == NOT_COLLECTED:
            difference.causes.append(
                f"The figure is not collected for {names.area(key.area)} in {part.report.title}, "
                "so it adds nothing to the sum."
            )
    remainder = _count(figure.value) - sum(_count(live.get(key).value) for key in found.parts) - accounted
    if remainder:
        difference.causes.append(f"No cause was found for the remaining {value_text(abs(remainder))}.")
        difference.explained = False
    if not difference.causes:
        return _unexplained(difference, NO_CAUSE)
    return difference


def _held_above(found: Found, figure, live: LiveFigures, names: Names) -> list[tuple[str, int]]:
    """Records counted in an area's figure but held at the area itself, or at an area directly below it that
    is counted through the areas below it: (where, how many), as the records give them now."""
    held = []
    at_area = _count(figure.held_at_area.value) if figure.held_at_area else 0
    if at_area:
        held.append((names.area(found.key.area), at_area))
    for child in found.through:
        child_now = figure.below.get(child.slug)
        inside = [key for key in found.parts if names.areas[key.area].path.startswith(child.path)]
        at_child = _count(child_now.figure if child_now else None) - sum(_count(live.get(key).value) for key in inside)
        if at_child:
            held.append((child.name, at_child))
    return held


def _changed(difference: Difference, holding: Holding, key: FactKey, live: LiveFigures, names: Names, which=""):
    """Why a report holds something other than the records now give: changed after its approval. ``which``
    names the part of a sum it is ("Q2 2021/22", "Oxfordshire")."""
    now = live.get(key).cell
    which = f"{which}: " if which else ""
    report = holding.report
    if not report.is_approved:
        difference.explained = False
        difference.causes.append(
            f"{which}{report.title} is a draft and reads the records as they stand, yet holds "
            f"{value_text(holding.value)} where they now give {value_text(now.figure)}: no cause found."
        )
        return
    approved = f"changed after {report.title} was approved on {date_text(report.approved_at)}"
    give = f"{_sources(now)} now give {value_text(now.figure)}"
    if holding.value == NOT_COLLECTED:
        text = (
            f"{approved}: it holds no figure, as the figure was not collected for {names.area(key.area)} then; {give}."
        )
    elif now.figure == NOT_COLLECTED:
        text = f"{approved}: it holds {value_text(holding.value)}; the figure is now not collected for "
        text += f"{names.area(key.area)}."
    else:
        text = f"{approved}: it holds {value_text(holding.value)}, {give}."
    if now.superseded_returns and now.from_records:
        text += " A return entered for this figure is now superseded by records."
    difference.causes.append(which + text if which else _capitalised(text))


def _covering(report: Report) -> str:
    return f"{report.period_label}, {report.area.name if report.area_id else 'the whole trust'}"


def _sources(cell) -> str:
    """What a figure is read from now: "the records", "the returns" or both."""
    if cell.from_returns and cell.from_records:
        return "the records and returns"
    return "the returns" if cell.from_returns else "the records"


def _unexplained(difference: Difference, why: str) -> Difference:
    difference.causes.append(why)
    difference.explained = False
    return difference


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _count(value) -> int:
    """A value as a number to add: none for no data or not collected."""
    return value if isinstance(value, int) else 0


def _is_or_are(count: int) -> str:
    return "is" if count == 1 else "are"


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
