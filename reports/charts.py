"""Plotly figures for the dashboard, as JSON the page draws with our own copy of plotly.js.

Every chart comes with the same numbers as a table (see the template), so nothing is
only in a picture.
"""

import json

import plotly.graph_objects as go

from reports import spc

NHS_BLUE, NHS_DARK_GREY, NHS_ORANGE, NHS_GREY = "#005eb8", "#425563", "#ed8b00", "#aeb7bd"
MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]


def _layout(figure: go.Figure, title: str, y_title: str = "") -> dict:
    figure.update_layout(
        title={"text": title, "font": {"size": 16}},
        font={"family": "Arial, sans-serif", "color": "#212b32"},
        margin={"l": 50, "r": 20, "t": 50, "b": 50},
        height=340,
        legend={"orientation": "h", "y": -0.2},
        yaxis={"title": y_title, "rangemode": "tozero"},
        plot_bgcolor="white",
    )
    return json.loads(figure.to_json())


def monthly_comparison(title, this_label, this_values, last_label, last_values) -> dict:
    figure = go.Figure()
    figure.add_scatter(x=MONTHS, y=last_values, name=last_label, mode="lines+markers", line={"color": NHS_GREY})
    figure.add_scatter(x=MONTHS, y=this_values, name=this_label, mode="lines+markers", line={"color": NHS_BLUE})
    return _layout(figure, title, "Consultations")


def grouped_bars(title, categories, series: list[tuple[str, list]]) -> dict:
    figure = go.Figure()
    colours = [NHS_GREY, NHS_DARK_GREY, NHS_BLUE, NHS_ORANGE]
    for (label, values), colour in zip(series, colours[-len(series) :], strict=False):
        figure.add_bar(x=categories, y=values, name=label, marker_color=colour)
    figure.update_layout(barmode="group")
    return _layout(figure, title)


def horizontal_bars(title, labels, values) -> dict:
    figure = go.Figure(go.Bar(x=values, y=labels, orientation="h", marker_color=NHS_BLUE))
    figure.update_layout(yaxis={"autorange": "reversed"})
    layout = _layout(figure, title)
    layout["layout"]["height"] = max(340, 28 * len(labels) + 80)
    return layout


def compliance_against_target(title, labels, percents, target) -> dict:
    figure = go.Figure(go.Bar(x=labels, y=percents, name="Compliance (%)", marker_color=NHS_BLUE))
    if target is not None:
        figure.add_scatter(
            x=labels,
            y=[target] * len(labels),
            name=f"Target {target:g}%",
            mode="lines",
            line={"color": NHS_ORANGE, "dash": "dash"},
        )
    figure.update_layout(yaxis={"range": [0, 100]})
    return _layout(figure, title, "%")


def xmr_chart(title, months, chart: spc.XmR) -> dict:
    labels = [month.strftime("%b %Y") for month in months]
    figure = go.Figure()
    figure.add_scatter(
        x=labels, y=chart.values, name="Monthly count", mode="lines+markers", line={"color": NHS_DARK_GREY}
    )
    special = sorted(chart.special)
    figure.add_scatter(
        x=[labels[i] for i in special],
        y=[chart.values[i] for i in special],
        name="Special cause",
        mode="markers",
        marker={"color": NHS_ORANGE, "size": 10},
    )
    for value, name, dash in (
        (chart.mean, "Mean", "solid"),
        (chart.upper_limit, "Upper process limit", "dot"),
        (chart.lower_limit, "Lower process limit", "dot"),
    ):
        figure.add_scatter(
            x=labels,
            y=[value] * len(labels),
            name=name,
            mode="lines",
            line={"color": NHS_BLUE if name == "Mean" else NHS_GREY, "dash": dash},
        )
    return _layout(figure, title)
