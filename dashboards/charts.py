"""Charts drawn as SVG on the server: no charting library, no script, nothing from outside.

The Content-Security-Policy allows no inline styles, so every chart is SVG with presentation
attributes (``fill``, ``width``) worked out here and written out by
``templates/dashboards/_chart.html``. Each chart is a picture of the data table printed
beside it; the SVG has ``role="img"`` and a title, and the table is what screen readers use.

Three kinds:

* ``bars``: one horizontal bar per row (turnout per election, actions by status...);
* ``grouped``: for each category, one bar per series (representativeness: members,
  voters, respondents, mentors and the caseload, as shares);
* ``lines``: one line per series over time (themes by quarter).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# GOV.UK Frontend colours with at least 4.5:1 contrast on white.
PALETTE = ["#1d70b8", "#4c2c92", "#00703c", "#912b88", "#003078", "#b58840", "#d4351c", "#505a5f"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "", "6 3", "2 3", "8 3 2 3"]
RAG_COLOURS = {"red": "#d4351c", "amber": "#b35a00", "green": "#00703c", "none": "#505a5f"}

WIDTH = 640
LABEL_WIDTH = 210
VALUE_WIDTH = 70
BAR_HEIGHT = 20
ROW_GAP = 8
LABEL_CHARS = 30


def _clip(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
    label_x: int = LABEL_WIDTH - 8
    bars: list[Bar] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)
    legend: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    axis: list[dict] = field(default_factory=list)
    empty: bool = False


def bars(
    title: str,
    rows: list[tuple[str, float | None, str]],
    *,
    maximum: float | None = None,
    colours: list[str] | None = None,
) -> Chart:
    """``rows``: (label, value or None for "not shown", text printed after the bar)."""
    values = [v for _, v, _ in rows if v is not None]
    top = maximum or (max(values) if values else 0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    chart = Chart(kind="bars", title=title, height=len(rows) * (BAR_HEIGHT + ROW_GAP) + ROW_GAP)
    chart.empty = not any(values)
    for i, (label, value, text) in enumerate(rows):
        y = ROW_GAP + i * (BAR_HEIGHT + ROW_GAP)
        width = room * (value or 0) / top
        chart.bars.append(
            Bar(
                label=_clip(label),
                text=text,
                x=LABEL_WIDTH,
                y=y,
                width=round(max(width, 0), 1),
                height=BAR_HEIGHT,
                colour=(colours[i % len(colours)] if colours else PALETTE[0]),
                text_x=round(LABEL_WIDTH + max(width, 0) + 6, 1),
                text_y=y + BAR_HEIGHT - 5,
            )
        )
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
    """``values[i][j]``: category ``i``, series ``j`` (None: hidden or not entered)."""
    bar = 12
    group_gap = 14
    legend_height = 24 * ((len(series) + 2) // 3)
    group_height = len(series) * bar + group_gap
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    chart = Chart(
        kind="grouped",
        title=title,
        height=legend_height + len(categories) * group_height + ROW_GAP,
    )
    chart.empty = not any(v for row in values for v in row if v)
    for j, name in enumerate(series):
        chart.legend.append(
            {
                "label": name,
                "colour": PALETTE[j % len(PALETTE)],
                "x": (j % 3) * 210,
                "y": 4 + 24 * (j // 3),
                "text_x": (j % 3) * 210 + 20,
                "text_y": 4 + 24 * (j // 3) + 12,
            }
        )
    for i, label in enumerate(categories):
        top = legend_height + i * group_height
        chart.labels.append(
            {"label": _clip(label), "x": LABEL_WIDTH - 8, "y": top + len(series) * bar / 2 + 5}
        )
        for j, value in enumerate(values[i]):
            y = top + j * bar
            width = room * (value or 0) / (maximum or 1)
            chart.bars.append(
                Bar(
                    label=f"{label}: {series[j]}",
                    text="–" if value is None else f"{value:.0f}{suffix}",
                    x=LABEL_WIDTH,
                    y=y,
                    width=round(max(width, 0), 1),
                    height=bar - 2,
                    colour=PALETTE[j % len(PALETTE)],
                    text_x=round(LABEL_WIDTH + max(width, 0) + 4, 1),
                    text_y=y + bar - 3,
                )
            )
    return chart


def lines(title: str, points: list[str], series: list[tuple[str, list[int]]]) -> Chart:
    """One line per series over ``points`` (quarters), with a legend and a value axis."""
    left, right, top_pad = 50, 20, 10
    legend_height = 22 * len(series)
    plot_height = 200
    height = legend_height + plot_height + 40
    chart = Chart(kind="lines", title=title, height=height)
    top_value = max((max(v) for _, v in series if v), default=0)
    chart.empty = top_value == 0
    top_value = top_value or 1
    plot_top = legend_height + top_pad
    span = WIDTH - left - right
    step = span / max(len(points) - 1, 1)
    for k in range(5):
        value = top_value * k / 4
        y = plot_top + plot_height - plot_height * k / 4
        chart.axis.append(
            {
                "y": round(y, 1),
                "label": f"{value:,.0f}",
                "x1": left,
                "x2": WIDTH - right,
                "text_x": left - 6,
                "text_y": round(y + 4, 1),
            }
        )
    for i, point in enumerate(points):
        chart.labels.append(
            {"label": point, "x": round(left + i * step, 1), "y": plot_top + plot_height + 20}
        )
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
                "dots": [{"x": x, "y": y} for x, y in coords],
            }
        )
        chart.legend.append(
            {
                "label": _clip(name, 60),
                "colour": colour,
                "dash": DASHES[j % len(DASHES)],
                "x": 0,
                "y": 4 + 22 * j,
                "text_x": 40,
                "text_y": 4 + 22 * j + 10,
                "line_y": 4 + 22 * j + 6,
            }
        )
    return chart
