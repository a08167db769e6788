"""Charts drawn as SVG on the server: no charting library, no script, nothing from outside.

The Content-Security-Policy allows no inline styles, so every chart is SVG with presentation
attributes (``fill``, ``width``) worked out here and written out by
``templates/dashboards/_chart.html``. Each chart is a picture of the data table printed
beside it; the SVG has ``role="img"`` and a title, and the table is what screen readers use.

Readable by everyone:

* **Text as large as body text.** Every chart is ``WIDTH`` units wide and drawn at that
  many CSS pixels at most (never stretched), with text of ``FONT`` units: 20 px on a desktop,
  and at least 14 px when a 390 px phone shrinks the chart to its 358 px column.
* **Labels never cut.** Long labels wrap onto more lines (``wrap``), above their bars, across
  the chart's whole width, and the chart grows taller to hold them.
* **Not colour alone.** Bars carry their label and value as text; grouped bars name their
  series beside each bar; lines differ by dash pattern and marker shape as well as colour,
  so they read in greyscale and for colour-blind readers.

Four kinds:

* ``bars``: one horizontal bar per row (turnout per election, actions by status...);
* ``grouped``: for each category, one bar per series (representativeness: members,
  voters, respondents, mentors and the caseload, as shares);
* ``lines``: one line per series over time (themes by quarter);
* ``spark``: one small line over the last 12 months (a headline figure's trend).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

# GOV.UK Frontend colours with at least 4.5:1 contrast on white.
PALETTE = ["#1d70b8", "#4c2c92", "#00703c", "#912b88", "#003078", "#b58840", "#d4351c", "#505a5f"]
DASHES = ["", "8 4", "2 4", "10 4 2 4", "", "8 4", "2 4", "10 4 2 4"]
MARKERS = ["circle", "square", "triangle", "diamond", "circle", "square", "triangle", "diamond"]
RAG_COLOURS = {"red": "#d4351c", "amber": "#b35a00", "green": "#00703c", "none": "#505a5f"}
TEXT = "#0b0c0c"

WIDTH = 480
FONT = 20
LINE = 24  # the height of one line of text
# About how many characters of FONT-sized text fit across the chart.
CHARS = 40
BAR_HEIGHT = 22
ROW_GAP = 14
VALUE_ROOM = 100


def wrap(text: str, width: int = CHARS) -> list[str]:
    """``text`` in lines of at most ``width`` characters (long words are broken, never cut)."""
    return textwrap.wrap(text, width, break_long_words=True) or [""]


@dataclass
class Bar:
    label: str
    text: str
    x: float
    y: float
    width: float
    height: float
    colour: str
    text_x: float
    text_y: float


@dataclass
class Chart:
    kind: str
    title: str
    height: int
    width: int = WIDTH
    font: int = FONT
    bars: list[Bar] = field(default_factory=list)
    # Text to draw: {"x", "y", "lines": [(dy, text)], "anchor"}.
    labels: list[dict] = field(default_factory=list)
    legend: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    axis: list[dict] = field(default_factory=list)
    empty: bool = False


def _text(x: float, y: float, lines: list[str], anchor: str = "start") -> dict:
    return {
        "x": round(x, 1),
        "y": round(y, 1),
        "anchor": anchor,
        "lines": [(0 if i == 0 else LINE, line) for i, line in enumerate(lines)],
    }


def bars(
    title: str,
    rows: list[tuple[str, float | None, str]],
    *,
    maximum: float | None = None,
    colours: list[str] | None = None,
) -> Chart:
    """``rows``: (label, value or None for "not shown", text printed after the bar).

    Each label sits above its bar, wrapped across the chart's width.
    """
    values = [v for _, v, _ in rows if v is not None]
    top = maximum or (max(values) if values else 0) or 1
    room = WIDTH - VALUE_ROOM
    chart = Chart(kind="bars", title=title, height=0)
    chart.empty = not any(values)
    y = ROW_GAP / 2
    for i, (label, value, text) in enumerate(rows):
        lines = wrap(label)
        chart.labels.append(_text(0, y + FONT, lines))
        y += LINE * len(lines) + 4
        width = room * (value or 0) / top
        chart.bars.append(
            Bar(
                label=label,
                text=text,
                x=0,
                y=round(y, 1),
                width=round(max(width, 0), 1),
                height=BAR_HEIGHT,
                colour=(colours[i % len(colours)] if colours else PALETTE[0]),
                text_x=round(max(width, 0) + 8, 1),
                text_y=round(y + BAR_HEIGHT - 4, 1),
            )
        )
        y += BAR_HEIGHT + ROW_GAP
    chart.height = int(y + ROW_GAP / 2)
    return chart


def grouped(
    title: str,
    categories: list[str],
    series: list[str],
    values: list[list[float | None]],
    *,
    maximum: float = 100.0,
    suffix: str = "%",
) -> Chart:
    """``values[i][j]``: category ``i``, series ``j`` (None: hidden or not entered).

    Each bar is named beside it ("Voters 12%"), so no legend and no colour is needed to
    tell the series apart.
    """
    # Room after the longest bar for "Peer mentors 100%" (about 12 units a character).
    name_room = (max((len(s) for s in series), default=0) + 6) * 12
    room = WIDTH - name_room
    chart = Chart(kind="grouped", title=title, height=0)
    chart.empty = not any(v for row in values for v in row if v)
    y = ROW_GAP / 2
    for i, label in enumerate(categories):
        lines = wrap(label)
        chart.labels.append({**_text(0, y + FONT, lines), "bold": True})
        y += LINE * len(lines) + 4
        for j, value in enumerate(values[i]):
            width = room * (value or 0) / (maximum or 1)
            shown = "–" if value is None else f"{value:.0f}{suffix}"
            chart.bars.append(
                Bar(
                    label=f"{label}: {series[j]}",
                    text=f"{series[j]} {shown}",
                    x=0,
                    y=round(y, 1),
                    width=round(max(width, 0), 1),
                    height=BAR_HEIGHT - 2,
                    colour=PALETTE[j % len(PALETTE)],
                    text_x=round(max(width, 0) + 8, 1),
                    text_y=round(y + BAR_HEIGHT - 6, 1),
                )
            )
            y += BAR_HEIGHT + 2
        y += ROW_GAP
    chart.height = int(y + ROW_GAP / 2)
    return chart


def _marker(kind: str, x: float, y: float, colour: str, size: float = 6) -> dict:
    """A marker shape, as SVG points (a polygon) or a circle."""
    if kind == "circle":
        return {"circle": True, "x": x, "y": y, "r": size * 0.8, "colour": colour}
    if kind == "square":
        pts = [
            (x - size, y - size),
            (x + size, y - size),
            (x + size, y + size),
            (x - size, y + size),
        ]
    elif kind == "triangle":
        pts = [
            (x, y - size * 1.2),
            (x + size * 1.1, y + size * 0.8),
            (x - size * 1.1, y + size * 0.8),
        ]
    else:
        pts = [(x, y - size * 1.2), (x + size * 1.2, y), (x, y + size * 1.2), (x - size * 1.2, y)]
    return {
        "circle": False,
        "points": " ".join(f"{round(px, 1)},{round(py, 1)}" for px, py in pts),
        "colour": colour,
    }


def _point_labels(points: list[str], left: float, step: float, y: float) -> list[dict]:
    """Labels under the x axis: "2026 Q1" on two lines; every k-th one when crowded."""
    every = max(1, -(-len(points) // 8))
    found = []
    for i, point in enumerate(points):
        if i % every and i != len(points) - 1:
            continue
        found.append(_text(left + i * step, y, point.split(" ")[::-1], anchor="middle"))
    return found


def lines(title: str, points: list[str], series: list[tuple[str, list[int]]]) -> Chart:
    """One line per series over ``points`` (quarters), with a legend and a value axis.

    Series differ by colour, dash pattern and marker shape; the legend repeats both.
    """
    left, right = 64, 24
    legend: list[dict] = []
    y = 6.0
    for j, (name, _values) in enumerate(series):
        wrapped = wrap(name, CHARS - 5)
        colour = PALETTE[j % len(PALETTE)]
        mid = y + LINE / 2 + 2
        legend.append(
            {
                "colour": colour,
                "dash": DASHES[j % len(DASHES)],
                "line_y": round(mid, 1),
                "marker": _marker(MARKERS[j % len(MARKERS)], 20, mid, colour),
                "text": _text(52, y + FONT, wrapped),
            }
        )
        y += LINE * len(wrapped) + 6
    plot_top = y + 16
    plot_height = 220
    chart = Chart(kind="lines", title=title, height=int(plot_top + plot_height + 2 * LINE + 16))
    chart.legend = legend
    top_value = max((max(v) for _, v in series if v), default=0)
    chart.empty = top_value == 0
    top_value = top_value or 1
    span = WIDTH - left - right
    step = span / max(len(points) - 1, 1)
    for k in range(5):
        value = top_value * k / 4
        tick_y = plot_top + plot_height - plot_height * k / 4
        chart.axis.append(
            {
                "y": round(tick_y, 1),
                "x1": left,
                "x2": WIDTH - right,
                "text": _text(left - 8, tick_y + 7, [f"{value:,.0f}"], anchor="end"),
            }
        )
    chart.labels = _point_labels(points, left, step, plot_top + plot_height + FONT + 6)
    for j, (name, values) in enumerate(series):
        colour = PALETTE[j % len(PALETTE)]
        coords = [
            (round(left + i * step, 1), round(plot_top + plot_height * (1 - v / top_value), 1))
            for i, v in enumerate(values)
        ]
        chart.lines.append(
            {
                "label": name,
                "colour": colour,
                "dash": DASHES[j % len(DASHES)],
                "points": " ".join(f"{x},{y}" for x, y in coords),
                "markers": [_marker(MARKERS[j % len(MARKERS)], x, y, colour) for x, y in coords],
            }
        )
    return chart


SPARK_WIDTH = 320


def spark(title: str, points: list[str], values: list[float | None], texts: list[str]) -> Chart:
    """A headline figure over the last months: one line, its first and last months named
    under it, and its latest value written at the end of the line. Months with no figure
    leave a gap."""
    left, right, top_pad, plot_height = 8, 8, 14, 70
    chart = Chart(kind="spark", title=title, width=SPARK_WIDTH, height=top_pad + plot_height + 40)
    known = [v for v in values if v is not None]
    chart.empty = not known
    low, high = (min(known), max(known)) if known else (0, 1)
    if high == low:
        low, high = low - 1, high + 1
    step = (SPARK_WIDTH - left - right - 90) / max(len(values) - 1, 1)
    segment: list[tuple[float, float]] = []
    segments: list[list[tuple[float, float]]] = []
    for i, value in enumerate(values):
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        x = left + i * step
        y = top_pad + plot_height * (1 - (value - low) / (high - low))
        segment.append((round(x, 1), round(y, 1)))
    if segment:
        segments.append(segment)
    for part in segments:
        chart.lines.append(
            {
                "colour": PALETTE[0],
                "dash": "",
                "points": " ".join(f"{x},{y}" for x, y in part),
                "markers": [_marker("circle", x, y, PALETTE[0], 4) for x, y in part],
            }
        )
    last = next(
        (
            (i, v, t)
            for i, (v, t) in reversed(list(enumerate(zip(values, texts, strict=True))))
            if v is not None
        ),
        None,
    )
    if last is not None:
        i, value, text = last
        y = top_pad + plot_height * (1 - (value - low) / (high - low))
        chart.labels.append(_text(left + i * step + 10, y + 7, [text]))
    if points:
        base = top_pad + plot_height + FONT + 10
        chart.axis.append({"text": _text(left, base, [points[0]])})
        chart.axis.append(
            {"text": _text(left + (len(points) - 1) * step, base, [points[-1]], anchor="end")}
        )
    return chart
