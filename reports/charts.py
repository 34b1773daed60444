"""Plotly figures for the dashboard, as the JSON plotly.js draws (our own copy, from the plotly wheel).

The figures are written as plain data and layout dictionaries, in plotly's own JSON
schema: building them through ``plotly.graph_objects`` validates every property and cost
more than all the dashboard's queries together. Every chart comes with the same numbers
as a table (see the template), so nothing is only in a picture.
"""

from reports import spc

NHS_BLUE, NHS_DARK_GREY, NHS_ORANGE, NHS_GREY = "#005eb8", "#425563", "#ed8b00", "#aeb7bd"
MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]


def _figure(data: list[dict], title: str, y_title: str = "", **layout) -> dict:
    base = {
        "title": {"text": title, "font": {"size": 16}},
        "font": {"family": "Arial, sans-serif", "color": "#212b32"},
        "margin": {"l": 50, "r": 20, "t": 50, "b": 50},
        "height": 340,
        "legend": {"orientation": "h", "y": -0.2},
        "yaxis": {"title": {"text": y_title}, "rangemode": "tozero"},
        "plot_bgcolor": "white",
    }
    base.update(layout)
    return {"data": data, "layout": base}


def _line(x, y, name, colour, mode="lines+markers", dash="solid") -> dict:
    return {"type": "scatter", "x": x, "y": y, "name": name, "mode": mode, "line": {"color": colour, "dash": dash}}


def monthly_comparison(title, this_label, this_values, last_label, last_values) -> dict:
    return _figure(
        [_line(MONTHS, last_values, last_label, NHS_GREY), _line(MONTHS, this_values, this_label, NHS_BLUE)],
        title,
        "Consultations",
    )


def grouped_bars(title, categories, series: list[tuple[str, list]]) -> dict:
    colours = [NHS_GREY, NHS_DARK_GREY, NHS_BLUE, NHS_ORANGE][-len(series) :] if series else []
    data = [
        {"type": "bar", "x": categories, "y": values, "name": label, "marker": {"color": colour}}
        for (label, values), colour in zip(series, colours, strict=True)
    ]
    return _figure(data, title, barmode="group")


def horizontal_bars(title, labels, values) -> dict:
    data = [{"type": "bar", "x": values, "y": labels, "orientation": "h", "marker": {"color": NHS_BLUE}}]
    return _figure(
        data, title, height=max(340, 28 * len(labels) + 80), yaxis={"autorange": "reversed", "automargin": True}
    )


def compliance_against_target(title, labels, percents, target) -> dict:
    data = [{"type": "bar", "x": labels, "y": percents, "name": "Compliance (%)", "marker": {"color": NHS_BLUE}}]
    if target is not None:
        data.append(_line(labels, [target] * len(labels), f"Target {target:g}%", NHS_ORANGE, "lines", "dash"))
    return _figure(data, title, "%", yaxis={"title": {"text": "%"}, "range": [0, 100]})


def xmr_chart(title, months, chart: spc.XmR) -> dict:
    labels = [month.strftime("%b %Y") for month in months]
    special = sorted(chart.special)
    data = [
        _line(labels, chart.values, "Monthly count", NHS_DARK_GREY),
        {
            "type": "scatter",
            "x": [labels[i] for i in special],
            "y": [chart.values[i] for i in special],
            "name": "Special cause",
            "mode": "markers",
            "marker": {"color": NHS_ORANGE, "size": 10},
        },
        _line(labels, [chart.mean] * len(labels), "Mean", NHS_BLUE, "lines"),
        _line(labels, [chart.upper_limit] * len(labels), "Upper process limit", NHS_GREY, "lines", "dot"),
        _line(labels, [chart.lower_limit] * len(labels), "Lower process limit", NHS_GREY, "lines", "dot"),
    ]
    return _figure(data, title)
