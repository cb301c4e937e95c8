"""The geometry of the GCI trend chart, drawn on the server as SVG (no script).

GCI scores were published on a 0-1 scale (2014, 2017, 2018) and on a 0-100 scale (2020,
2024); the chart puts both on one 0-100 axis, marks where the scale and the method
changed, and gives every point the score as published (its tooltip, and the SVG's
description for screen readers; the page's table lists them too). Each series has a colour
from the Okabe-Ito palette (safe for colour-blind readers) and its own marker shape, and
is labelled by name at its last point, so colour is never the only key.

>>> chart = trend_chart([("Cambodia", [("2014", 11.8, "0.118"), ("2024", 37.02, "37.02")])])
>>> [round(p["y"], 1) for p in chart["series"][0]["points"]]
[281.1, 206.4]
>>> chart["series"][0]["path"].startswith("M")
True
"""

from __future__ import annotations

from typing import Any, Sequence

WIDTH, HEIGHT = 760, 360
LEFT, RIGHT, TOP, BOTTOM = 52, 150, 20, 44
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
           "#999933"]
MARKERS = ["circle", "square", "triangle", "diamond"]
#: The first edition published on the 0-100 scale.
SCALE_CHANGE = 2020


def trend_chart(series: Sequence[tuple[str, Sequence[tuple[str, float, str]]]],
                years: Sequence[int] = (2014, 2017, 2018, 2020, 2024)) -> dict[str, Any]:
    """Lines for ``series`` of (name, [(year, points on 0-100, score as published)]).

    Returns the SVG's size, the x positions of the ``years``, the y grid, the line where
    the scale changed, and per series its colour, marker, path, points and end label.
    """
    lo, hi = min(years), max(years)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(year: float) -> float:
        return LEFT + (year - lo) / max(hi - lo, 1) * plot_w

    def y(points: float) -> float:
        return TOP + (1 - max(0.0, min(100.0, points)) / 100) * plot_h

    out = []
    for n, (name, values) in enumerate(series):
        points = [{"x": x(int(year)), "y": y(value), "year": year, "value": value, "label": shown}
                  for year, value, shown in sorted(values, key=lambda v: int(v[0]))]
        path = " ".join(("M" if i == 0 else "L") + f"{p['x']:.1f},{p['y']:.1f}"
                        for i, p in enumerate(points))
        out.append({"name": name, "colour": COLOURS[n % len(COLOURS)],
                    "marker": MARKERS[n % len(MARKERS)], "points": points, "path": path,
                    "end": points[-1] if points else None})
    _spread_labels([s["end"] for s in out if s["end"]])
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "years": [{"x": x(year), "label": str(year)} for year in years],
        "grid": [{"y": y(v), "label": str(v)} for v in range(0, 101, 20)],
        "change": {"x": (x(max(yr for yr in years if yr < SCALE_CHANGE)) + x(SCALE_CHANGE)) / 2}
        if any(yr < SCALE_CHANGE for yr in years) and SCALE_CHANGE in years else None,
        "series": out,
    }


def _spread_labels(ends: list[dict[str, Any]], gap: float = 13.0) -> None:
    """Give each end point a ``label_y`` so that the series names at the right do not
    overlap (at least ``gap`` apart, in the order of the points)."""
    previous = None
    for end in sorted(ends, key=lambda e: e["y"]):
        end["label_y"] = end["y"] if previous is None else max(end["y"], previous + gap)
        previous = end["label_y"]
