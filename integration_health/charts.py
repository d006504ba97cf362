"""Bar charts drawn on the server as inline SVG: one stacked bar a day, each bar with a <title>
that says its figures in words (a screen reader and a hovering mouse read the same text).

No JavaScript and nothing fetched: the admin may run where no CDN is reachable.
"""

from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT, AXIS = 420, 140, 18  # the drawing, and the strip under the bars for the day labels
BAR_GAP = 10


@dataclass(frozen=True)
class Segment:
    y: float
    height: float
    css_class: str


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    label: str
    title: str
    segments: list[Segment]


@dataclass(frozen=True)
class Series:
    name: str  # in the bar's title: "2 delivered"
    css_class: str  # its colour (the template's stylesheet)
    values: list[int]  # one a day


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    legend: list[Series]


def day_label(day: date) -> str:
    return f"{day.day} {day:%b}"


def stacked_bars(*, days: list[date], series: list[Series], total_name: str) -> Chart:
    """One bar a day, its series stacked bottom up, scaled to the busiest day.
    A bar's title: "30 Nov: 5 calls (3 succeeded, 2 refused)"."""
    totals = [sum(s.values[i] for s in series) for i in range(len(days))]
    scale = (HEIGHT - AXIS) / max(max(totals, default=0), 1)
    slot = WIDTH / max(len(days), 1)
    bars = []
    for i, day in enumerate(days):
        base, segments = HEIGHT - AXIS, []
        for s in series:
            height = s.values[i] * scale
            base -= height
            if height:
                segments.append(Segment(y=round(base, 1), height=round(height, 1), css_class=s.css_class))
        parts = ", ".join(f"{s.values[i]:,} {s.name}" for s in series)
        title = f"{day_label(day)}: {totals[i]:,} {total_name} ({parts})"
        x, width = round(i * slot + BAR_GAP / 2, 1), round(slot - BAR_GAP, 1)
        bars.append(Bar(x=x, width=width, label=day_label(day), title=title, segments=segments))
    return Chart(bars=bars, legend=series)
