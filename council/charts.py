"""Bar charts drawn on the server as inline SVG: no script, no outside service.

Each chart goes beside a table of the same figures: the table is the record, the chart a
picture of it (role="img" with a summary in its label). Sizes are in SVG units: 360 wide, so
that on a phone a unit is about a pixel and the text stays readable; it scales up on a desktop.
"""

from collections.abc import Callable
from dataclasses import dataclass

from council.sufficiency import COMPARED_AREAS

# GOV.UK colours: blue, orange and dark grey, told apart by the legend as well as by colour.
SERIES_COLOURS = ["#1d70b8", "#f47738", "#505a5f"]
TEXT_COLOUR = "#0b0c0c"
WIDTH = 360
LABEL_HEIGHT = 20
BAR_HEIGHT = 16
BAR_GAP = 3
ROW_GAP = 12
VALUE_ROOM = 56  # room right of the longest bar for its figure


@dataclass(frozen=True)
class Bar:
    y: int
    width: float
    colour: str
    text: str
    text_x: float


@dataclass(frozen=True)
class ChartRow:
    label: str
    label_y: int
    bars: list


@dataclass(frozen=True)
class LegendItem:
    name: str
    colour: str
    x: int


@dataclass(frozen=True)
class BarChart:
    summary: str
    width: int
    height: int
    rows: list
    legend: list
    legend_y: int


def bar_chart(*, summary: str, rows: list[tuple[str, list]], series: list[str],
              text: Callable = str) -> BarChart:
    """Horizontal bars, one group per row, one bar per series; None draws no bar and says
    "no figure". Every bar shares one scale, from zero."""
    largest = max((v for _label, values in rows for v in values if v is not None), default=0) or 1
    scale = (WIDTH - VALUE_ROOM) / largest
    legend_y = 0
    legend = []
    y = 0
    if len(series) > 1:
        x = 0
        for i, name in enumerate(series):
            legend.append(LegendItem(name, SERIES_COLOURS[i % len(SERIES_COLOURS)], x))
            x += 22 + 8 * len(name)
        legend_y = 14
        y = 28
    chart_rows = []
    for label, values in rows:
        label_y = y + 15
        y += LABEL_HEIGHT
        bars = []
        for i, value in enumerate(values):
            width = 0 if value is None else max(value * scale, 1 if value else 0)
            bars.append(Bar(y, width, SERIES_COLOURS[i % len(SERIES_COLOURS)],
                            "no figure" if value is None else text(value), width + 4))
            y += BAR_HEIGHT + BAR_GAP
        chart_rows.append(ChartRow(label, label_y, bars))
        y += ROW_GAP
    return BarChart(summary, WIDTH, max(y, 1), chart_rows, legend, legend_y)


def _days(value) -> str:
    value = round(value, 1)
    value = int(value) if value == int(value) else value
    return f"{value} day" if value == 1 else f"{value} days"


def counts_chart(summary: str, rows) -> BarChart:
    """One bar per row of (label, count)."""
    return bar_chart(summary=summary, rows=[(label, [count]) for label, count in rows], series=["Number"])


def publication_times_chart(months) -> BarChart:
    rows = [(f"{m.month:%B %Y}", [m.median, m.slowest]) for m in months if m.published]
    summary = "Working days from submission to publication, median and slowest, by month: " + (
        "; ".join(f"{label}: median {_days(values[0])}, slowest {_days(values[1])}" for label, values in rows)
        or "nothing was published")
    return bar_chart(summary=summary, rows=rows, series=["Median", "Slowest"], text=_days)


def shares_chart(sufficiency) -> BarChart:
    rows = [(row.need.dfe_name, [row.shares[area.code] for area in COMPARED_AREAS]) for row in sufficiency.rows]
    summary = (f"Share of EHC plans by primary need, {sufficiency.band.label.lower()}: "
               + "; ".join(f"{label}: " + ", ".join(
                   f"{area.name} {'no figure' if v is None else f'{v}%'}" for area, v in zip(COMPARED_AREAS, values,
                                                                                        strict=True))
                   for label, values in rows))
    return bar_chart(summary=summary, rows=rows, series=[area.name for area in COMPARED_AREAS],
                     text=lambda v: f"{v}%")


def summary_of(title: str, rows) -> str:
    return f"{title}: " + "; ".join(f"{label} {count}" for label, count in rows)
