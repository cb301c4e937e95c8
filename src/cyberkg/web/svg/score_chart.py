"""Charts drawn on the server: the geometry of an SVG the template writes out (no script,
no request). Scores published on different scales are drawn on one 0-100 axis and labelled
as published.

>>> from pyoxigraph import Literal
>>> chart = score_chart([{"period": Literal("2017"), "value": Literal("0.283"), "scale": Literal("0-1")},
...                      {"period": Literal("2020"), "value": Literal("19.12"), "scale": Literal("0-100")}])
>>> [(b["year"], b["label"], round(b["percent"], 1)) for b in chart["bars"]]
[('2017', '0.283', 28.3), ('2020', '19.12', 19.1)]
"""

from __future__ import annotations

from typing import Any

WIDTH, HEIGHT = 560, 250
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 24, 46


def score_chart(series: list[dict[str, Any]]) -> dict[str, Any]:
    """Bars for observations with ``period``, ``value`` and optional ``scale`` (``"0-1"`` or
    ``"0-100"``) and ``rank``, in the order given."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(series), 1)
    bar_w = min(56.0, slot * 0.6)
    bars = []
    for n, row in enumerate(series):
        raw = row["value"].value
        try:
            number = float(raw)
        except ValueError:
            continue
        scale = row["scale"].value if "scale" in row else ("0-1" if number <= 1 else "0-100")
        percent = max(0.0, min(100.0, number * 100 if scale == "0-1" else number))
        height = plot_h * percent / 100
        x = LEFT + slot * n + (slot - bar_w) / 2
        bars.append({
            "year": row["period"].value if "period" in row else "",
            "label": raw, "scale": scale, "percent": percent,
            "rank": row["rank"].value if "rank" in row else None,
            "x": round(x, 1), "y": round(TOP + plot_h - height, 1),
            "width": round(bar_w, 1), "height": round(height, 1),
            "cx": round(x + bar_w / 2, 1),
        })
    ticks = [{"value": t, "y": round(TOP + plot_h - plot_h * t / 100, 1)} for t in (0, 25, 50, 75, 100)]
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "top": TOP,
            "bottom": TOP + plot_h, "bars": bars, "ticks": ticks}
