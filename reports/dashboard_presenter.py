"""What the dashboard's page shows, from the dashboard's figures (``reports.dashboard.build``): its charts, each
with its plotly figure and its figures as a table. The view parses the form, builds the dashboard and renders
what ``present`` returns.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join

from reports import charts, spc
from reports.dashboard import Dashboard, Headline
from reports.figures import NOT_COLLECTED, monthly_series_many, year_table
from reports.templatetags.report_format import format_cell


def present(board: Dashboard) -> dict:
    """The template's context for ``board`` (the form aside)."""
    return {
        "board": board,
        "charts": build_charts(board),
        "policy_list_url": _policy_list_url(),
        "min_points": spc.MIN_POINTS,
    }


def _policy_list_url() -> str:
    """The policy register's page, where there is one."""
    try:
        return reverse("governance_policy_list")
    except NoReverseMatch:
        return ""


def build_charts(board: Dashboard) -> list[dict]:
    """Each chart: its id, title, plotly figure (or None with nothing to draw), columns and rows, and the rows as an
    HTML table; the XmR charts also carry their ``spc`` reading and ``variation``."""
    year, area = board.year, board.area
    areas = board.areas
    both_years = monthly_series_many(["consultations"], year.previous.start, year.end, within=area, areas=areas)[
        "consultations"
    ]
    last_months, this_months = both_years[:12], both_years[12:]
    mash = year_table("mash_enquiries", year.last(3), by="area", within=area, areas=areas)
    categories = year_table("consultations", [board.this_span], by="category", within=area, areas=areas)
    category_rows = [(row.label, row.values[0]) for row in categories.rows if row.values[0]]
    compliance = board.compliance
    built = [
        {
            "id": "monthly-consultations",
            "title": f"Consultations by month, {year.label} against {year.previous.label}",
            "figure": charts.monthly_comparison(
                "Consultations by month",
                year.label,
                [v for _, v in this_months],
                year.previous.label,
                [v for _, v in last_months],
            ),
            "columns": ["Month", year.previous.label, year.label],
            "rows": [
                (month.strftime("%B"), last, this)
                for (month, this), (_, last) in zip(this_months, last_months, strict=True)
            ],
        },
        {
            "id": "mash-by-area",
            "title": "MASH enquiries processed by area, year on year",
            "figure": charts.grouped_bars(
                "MASH enquiries processed",
                [row.label for row in mash.rows],
                [(y.label, [row.values[i] for row in mash.rows]) for i, y in enumerate(mash.years)],
            ),
            "columns": ["Area", *[y.label for y in mash.years]],
            "rows": [(row.label, *row.figures) for row in mash.rows],
        },
        {
            "id": "consultations-by-category",
            "title": f"Consultations by category of concern, {board.this_span.label}",
            "figure": charts.horizontal_bars(
                "Consultations by category of concern",
                [label for label, _ in category_rows],
                [value for _, value in category_rows],
            )
            if category_rows
            else None,
            "columns": ["Category of concern", board.this_span.label],
            "rows": category_rows,
        },
        {
            "id": "training-compliance",
            "title": "Safeguarding training compliance against target",
            "figure": charts.compliance_against_target(
                "Training compliance",
                [y.label for y, _ in compliance.percent_by_year],
                [p for _, p in compliance.percent_by_year],
                compliance.target,
            )
            if any(p is not None for _, p in compliance.percent_by_year)
            else None,
            "columns": ["Year", "Compliance (%)", "Target (%)"],
            "rows": [
                (y.label, None if p is None else round(p, 1), compliance.target) for y, p in compliance.percent_by_year
            ],
        },
    ]
    built.extend(_xmr_chart(headline) for headline in board.headlines if headline.chart is not None)
    for chart in built:
        chart["table"] = _table_html(chart["title"], chart["columns"], chart["rows"])
    return built


def _xmr_chart(headline: Headline) -> dict:
    """A headline's monthly chart: its figure, and a table of the months with the mean and limits each is read
    against, its special causes and the process change that starts a phase there."""
    chart = headline.chart
    small = chart.reading is spc.Reading.SMALL_COUNTS
    rows = []
    for index, (month, value) in enumerate(zip(headline.months, chart.values, strict=True)):
        phase = chart.phase_of(index)
        change = f"{phase.note}: new mean and limits from this month" if phase.note and index == phase.start else ""
        if small:
            rows.append((month.strftime("%B %Y"), int(value), change))
            continue
        rows.append(
            (
                month.strftime("%B %Y"),
                int(value),
                phase.mean,
                phase.lower_limit if phase.judged else "Too few points",
                phase.upper_limit if phase.judged else "Too few points",
                "; ".join(sorted(chart.special.get(index, ()))),
                change,
            )
        )
    columns = ["Month", "Count", "Process change"]
    if not small:
        columns = ["Month", "Count", "Mean", "Lower process limit", "Upper process limit", "Special cause", columns[-1]]
    return {
        "id": f"spc-{headline.slug}",
        "title": f"{headline.name} by month" + ("" if small else ": XmR chart"),
        "figure": charts.xmr_chart(f"{headline.name} by month", headline.months, chart),
        "columns": columns,
        "rows": rows,
        "spc": chart,
        "variation": headline.variation,
        "latest_month": headline.latest_month,
    }


def _table_html(caption, columns, rows):
    """A chart's figures as an NHS.UK table, built in Python: a template loop over a few
    hundred cells costs more than all of the page's other rendering."""

    def cell(value):
        if value == NOT_COLLECTED:
            return "Not collected"
        return "No data" if value is None else format_cell(value)

    head = format_html_join("", '<th scope="col" class="nhsuk-table__header">{}</th>', ((c,) for c in columns))
    body = format_html_join(
        "",
        '<tr class="nhsuk-table__row"><th scope="row" class="nhsuk-table__header">{}</th>{}</tr>',
        (
            (
                row[0],
                format_html_join("", '<td class="nhsuk-table__cell">{}</td>', ((cell(v),) for v in row[1:])),
            )
            for row in rows
        ),
    )
    if not rows:
        body = format_html(
            '<tr class="nhsuk-table__row"><td class="nhsuk-table__cell" colspan="{}">No figures.</td></tr>',
            len(columns),
        )
    return format_html(
        '<table class="nhsuk-table"><caption class="nhsuk-u-visually-hidden">{}</caption>'
        '<thead class="nhsuk-table__head"><tr class="nhsuk-table__row">{}</tr></thead>'
        '<tbody class="nhsuk-table__body">{}</tbody></table>',
        caption,
        head,
        body,
    )
