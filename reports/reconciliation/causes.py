"""Each difference in words: the figure, the value each report holds, and its cause.

Causes come from the figures as the records give them now (``live``): an approved report holding something else
changed after it was approved (a record corrected, archived or added; a figure since collected or no longer
collected; a return since superseded by records); an area's figure that is more than the areas below it holds
records at the area itself; an area below with no pack in these reports leaves its share out. Where none of
these accounts for a difference, the page says it found no cause.
"""

from dataclasses import dataclass, field

from reports.figures import NOT_COLLECTED
from reports.models import Report
from reports.reconciliation.checks import AREAS, PERIODS, SAME, Found
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
        if holding.value != figure.value:
            difference.causes.append(_changed(holding, found.key, live, names))
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
            f"This counts what is open at the end of the period, so {whole_label} should equal its last part, "
            f"{labels[-1]} ({value_text(parts[-1].value)}), but it holds {value_text(whole.value)}."
        )
    else:
        total = sum(part.value for part in parts)
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
        if holding.value != live.get(key).value:
            difference.causes.append(_changed(holding, key, live, names, period=True))
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
    total = sum(part.value for part in parts if _is_count(part.value))
    difference = Difference(
        check=AREAS,
        figure=names.figure(found.key),
        statement=f"The areas directly below {area} add up to {value_text(total)}, "
        f"but {area} holds {value_text(whole.value)}.",
        shown=[
            Shown(names.area(key.area), value_text(part.value), part.report)
            for key, part in zip(found.parts, parts, strict=True)
        ]
        + [Shown(child.name, "no figure in these reports") for child in found.missing]
        + [Shown(area, value_text(whole.value), whole.report)],
        shown_as="Area",
    )
    figure = live.get(found.key)
    if figure is None or any(live.get(key) is None for key in found.parts):
        return _unexplained(difference, NOT_LOOKED_UP)
    keys_and_holdings = [(found.key, whole), *zip(found.parts, parts, strict=True)]
    for key, holding in keys_and_holdings:
        if holding.value != live.get(key).value:
            difference.causes.append(_changed(holding, key, live, names, area=True))
    accounted = 0
    held_at_area = figure.held_at_area.value if figure.held_at_area else None
    if held_at_area:
        accounted += held_at_area
        difference.causes.append(
            f"{value_text(held_at_area)} of {area}'s figure {_is_or_are(held_at_area)} held at {area} itself, "
            "in no area below it."
        )
    for child in found.missing:
        now = figure.below.get(child.slug)
        now_value = now.figure if now else None
        if not now_value:
            continue  # nothing there: a missing pack changes nothing (the page lists missing packs anyway)
        accounted += now_value if _is_count(now_value) else 0
        difference.causes.append(
            f"No pack for {child.name} among these reports: its share is missing from the sum "
            f"(the records give {child.name} {value_text(now_value)})."
        )
    for key, part in zip(found.parts, parts, strict=True):
        if part.value == NOT_COLLECTED:
            difference.causes.append(
                f"The figure is not collected for {names.area(key.area)} in {part.report.title}, "
                "so it adds nothing to the sum."
            )
    live_total = sum(value for key in found.parts if _is_count(value := live.get(key).value))
    live_whole = figure.value if _is_count(figure.value) else 0
    remainder = live_whole - live_total - accounted
    if remainder:
        difference.causes.append(f"No cause was found for the remaining {value_text(abs(remainder))}.")
        difference.explained = False
    if not difference.causes:
        return _unexplained(difference, NO_CAUSE)
    return difference


def _changed(holding: Holding, key: FactKey, live: LiveFigures, names: Names, *, period=False, area=False) -> str:
    """Why a report holds something other than the records now give: changed after its approval."""
    now = live.get(key).cell
    which = f"{period_label(key.start, key.end)}: " if period else f"{names.area(key.area)}: " if area else ""
    report = holding.report
    if not report.is_approved:
        return (
            f"{which}{report.title} is a draft and reads the records as they stand, yet holds "
            f"{value_text(holding.value)} where they now give {value_text(now.figure)}: no cause found."
        )
    approved = f"changed after {report.title} was approved on {date_text(report.approved_at)}"
    if holding.value == NOT_COLLECTED:
        text = (
            f"{approved}: it holds no figure, as the figure was not collected for {names.area(key.area)} then; "
            f"the records now give {value_text(now.figure)}."
        )
    elif now.figure == NOT_COLLECTED:
        text = f"{approved}: it holds {value_text(holding.value)}; the figure is now not collected for "
        text += f"{names.area(key.area)}."
    else:
        text = f"{approved}: it holds {value_text(holding.value)}, the records now give {value_text(now.figure)}."
    if now.superseded_returns and now.from_records:
        text += " A return entered for this figure is now superseded by records."
    return _capitalised(which + text) if not which else which + text


def _covering(report: Report) -> str:
    return f"{report.period_label}, {report.area.name if report.area_id else 'the whole trust'}"


def _unexplained(difference: Difference, why: str) -> Difference:
    difference.causes.append(why)
    difference.explained = False
    return difference


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _is_count(value) -> bool:
    return isinstance(value, int) and value != NOT_COLLECTED


def _is_or_are(count: int) -> str:
    return "is" if count == 1 else "are"


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
