"""Plotly figures for the dashboard, as the JSON plotly.js draws (our own copy, from the plotly wheel).

The figures are written as plain data and layout dictionaries, in plotly's own JSON
schema: building them through ``plotly.graph_objects`` validates every property and cost
more than all the dashboard's queries together. Every chart comes with the same numbers
as a table (see the template), so nothing is only in a picture.

A count's axis has whole-number ticks only (``count_axis``): "0.2 consultations" is not a thing.
"""

import itertools

from reports import spc

NHS_BLUE, NHS_DARK_GREY, NHS_ORANGE, NHS_GREY = "#005eb8", "#425563", "#ed8b00", "#aeb7bd"
MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]


def count_axis(largest: float, title: str = "") -> dict:
    """An axis for counts: ticks at whole numbers only (1, 2, 5, 10, 20, 50 ... apart, at most about six of them),
    with thousands separators, from zero."""
    steps = (base * 10**power for power in itertools.count() for base in (1, 2, 5))
    step = next(each for each in steps if largest / each <= 6)
    return {"title": {"text": title}, "rangemode": "tozero", "tick0": 0, "dtick": step, "tickformat": ",d"}


def _largest(*series) -> float:
    return max((value for values in series for value in values if value is not None), default=0)


def _figure(data: list[dict], title: str, y_title: str = "", **layout) -> dict:
    base = {
        "title": {"text": title, "font": {"size": 16}},
        "font": {"family": "Arial, sans-serif", "color": "#212b32"},
        "margin": {"l": 50, "r": 20, "t": 50, "b": 50},
        "height": 340,
        "legend": {"orientation": "h", "y": -0.2},
        "yaxis": {"title": {"text": y_title}, "rangemode": "tozero"},
        "plot_bgcolor": "white",
        "separators": ".,",
    }
    base.update(layout)
    return {"data": data, "layout": base}


def _line(x, y, name, colour, mode="lines+markers", dash="solid", hover="%{y:,d}", **more) -> dict:
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "name": name,
        "mode": mode,
        "line": {"color": colour, "dash": dash},
        "hovertemplate": f"%{{x}}: {hover}<extra>{name}</extra>",
        **more,
    }


def monthly_comparison(title, this_label, this_values, last_label, last_values) -> dict:
    return _figure(
        [_line(MONTHS, last_values, last_label, NHS_GREY), _line(MONTHS, this_values, this_label, NHS_BLUE)],
        title,
        yaxis=count_axis(_largest(this_values, last_values), "Consultations"),
    )


def grouped_bars(title, categories, series: list[tuple[str, list]]) -> dict:
    colours = [NHS_GREY, NHS_DARK_GREY, NHS_BLUE, NHS_ORANGE][-len(series) :] if series else []
    data = [
        {"type": "bar", "x": categories, "y": values, "name": label, "marker": {"color": colour}}
        for (label, values), colour in zip(series, colours, strict=True)
    ]
    largest = _largest(*(values for _, values in series))
    return _figure(data, title, barmode="group", yaxis=count_axis(largest))


def horizontal_bars(title, labels, values) -> dict:
    data = [{"type": "bar", "x": values, "y": labels, "orientation": "h", "marker": {"color": NHS_BLUE}}]
    return _figure(
        data,
        title,
        height=max(340, 28 * len(labels) + 80),
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis=count_axis(_largest(values)),
    )


def compliance_against_target(title, labels, percents, target) -> dict:
    data = [{"type": "bar", "x": labels, "y": percents, "name": "Compliance (%)", "marker": {"color": NHS_BLUE}}]
    if target is not None:
        data.append(_line(labels, [target] * len(labels), f"Target {target:g}%", NHS_ORANGE, "lines", "dash"))
    return _figure(data, title, "%", yaxis={"title": {"text": "%"}, "range": [0, 100]})


def xmr_chart(title, months, chart: spc.XmR) -> dict:
    """The monthly counts with, for each phase, its mean and (once it has enough points) its process limits; each
    recorded process change a dotted vertical line with its note. Small counts are bars, without mean or limits."""
    labels = [month.strftime("%b %Y") for month in months]
    if chart.reading is spc.Reading.SMALL_COUNTS:
        counts = {"type": "bar", "x": labels, "y": chart.values, "name": "Monthly count", "marker": {"color": NHS_BLUE}}
        data = [counts]
    else:
        special = sorted(chart.special)
        data = [
            _line(labels, chart.values, "Monthly count", NHS_DARK_GREY),
            _line(
                [labels[i] for i in special],
                [chart.values[i] for i in special],
                "Special cause",
                NHS_ORANGE,
                mode="markers",
                marker={"color": NHS_ORANGE, "size": 10},
            ),
        ]
        first_judged = next((phase for phase in chart.phases if phase.judged), None)
        for phase in chart.phases:
            data.extend(
                _phase_lines(labels, phase, mean_legend=phase is chart.phases[0], limit_legend=phase is first_judged)
            )
    figure = _figure(data, title, yaxis=count_axis(_largest(chart.values)))
    changes = [phase for phase in chart.phases if phase.note]
    figure["layout"]["shapes"] = [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": labels[phase.start],
            "x1": labels[phase.start],
            "y0": 0,
            "y1": 1,
            "line": {"color": NHS_BLUE, "dash": "dot", "width": 2},
        }
        for phase in changes
    ]
    figure["layout"]["annotations"] = [
        {
            "x": labels[phase.start],
            "xref": "x",
            "y": 1,
            "yref": "paper",
            "yanchor": "bottom",
            "xanchor": "left",
            "showarrow": False,
            "text": _short(phase.note),
            "font": {"size": 12, "color": NHS_BLUE},
        }
        for phase in changes
    ]
    return figure


def _phase_lines(labels, phase: spc.Phase, *, mean_legend: bool, limit_legend: bool) -> list[dict]:
    """A phase's mean, and its limits when it has them: a trace each, so no line joins one phase to the next."""
    x = labels[phase.start : phase.end]

    def level(name, value, colour, dash, legend):
        return _line(x, [value] * len(x), name, colour, "lines", dash, "%{y:,.1f}", legendgroup=name, showlegend=legend)

    lines = [level("Mean", phase.mean, NHS_BLUE, "solid", mean_legend)]
    if phase.judged:
        lines.append(level("Upper process limit", phase.upper_limit, NHS_GREY, "dot", limit_legend))
        lines.append(level("Lower process limit", phase.lower_limit, NHS_GREY, "dot", limit_legend))
    return lines


def _short(note: str, most: int = 40) -> str:
    return note if len(note) <= most else note[: most - 1].rstrip() + "…"
