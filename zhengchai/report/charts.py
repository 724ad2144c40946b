"""Chart specifications for the report, as plain JSON the bundled chart library draws.

The library's JavaScript comes from the installed Python package (no CDN) and is written once
beside the pages; each page carries its charts' data and draws them when it opens from file://.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from zhengchai.report.labels import Measure

LIBRARY = "plotly.min.js"
FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif'
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#7f7f7f", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd")


@dataclass
class Series:
    name: str
    x: list[int]
    y: list[float | None]
    color: str | None = None
    dash: str = "solid"


@dataclass
class Chart:
    """One chart on a page: its element id, the library's data and layout."""

    id: str
    data: list[dict] = field(default_factory=list)
    layout: dict = field(default_factory=dict)


def write_library(assets: Path) -> Path:
    import plotly.offline

    assets.mkdir(parents=True, exist_ok=True)
    path = assets / LIBRARY
    path.write_text(plotly.offline.get_plotlyjs(), encoding="utf-8")
    return path


def colors(names: list[str]) -> dict[str, str]:
    """One colour per district, the same on every page."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(sorted(names))}


def _clean(values) -> list[float | None]:
    return [None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) for v in values]


def _layout(title: str, measure: Measure, years: list[int], *, height: int, legend: bool) -> dict:
    return {
        "title": {"text": title, "font": {"size": 14}},
        "font": {"family": FONT, "size": 12},
        "height": height,
        "margin": {"l": 70, "r": 20, "t": 40 if title else 10, "b": 40},
        "xaxis": {"tickmode": "array", "tickvals": years, "ticktext": [f"{y}年" for y in years],
                  "range": [min(years) - 0.3, max(years) + 0.3] if years else None},
        "yaxis": {"title": {"text": measure.unit}, "tickformat": ",~r", "rangemode": "tozero"},
        "showlegend": legend,
        "legend": {"orientation": "h", "y": -0.15},
        "hovermode": "closest",
        "plot_bgcolor": "#fff",
    }


def line_chart(chart_id: str, title: str, measure: Measure, series: list[Series], years: list[int], *,
               height: int = 420, legend: bool = True, y_max: float | None = None) -> Chart:
    hover = f"%{{fullData.name}}<br>%{{x}}年：%{{y:,.{measure.decimals}f}} {measure.unit}<extra></extra>"
    data = [{
        "type": "scatter", "mode": "lines+markers", "name": s.name, "x": s.x, "y": _clean(s.y),
        "line": {"color": s.color, "dash": s.dash, "width": 2}, "marker": {"size": 6},
        "hovertemplate": hover, "connectgaps": False,
    } for s in series]
    layout = _layout(title, measure, years, height=height, legend=legend)
    if not any(v is not None for d in data for v in d["y"]):
        layout["annotations"] = [{"text": "未报告此项", "showarrow": False, "xref": "paper", "yref": "paper",
                                  "x": 0.5, "y": 0.5, "font": {"size": 14, "color": "#888"}}]
    if y_max:
        layout["yaxis"]["range"] = [0, y_max * 1.08]
    return Chart(chart_id, data, layout)


def bar_chart(chart_id: str, title: str, measure: Measure, names: list[str], values: list[float],
              color_of: dict[str, str]) -> Chart:
    hover = f"%{{y}}：%{{x:,.{measure.decimals}f}} {measure.unit}<extra></extra>"
    data = [{"type": "bar", "orientation": "h", "y": names, "x": _clean(values),
             "marker": {"color": [color_of.get(n, PALETTE[0]) for n in names]}, "hovertemplate": hover}]
    layout = {
        "title": {"text": title, "font": {"size": 14}}, "font": {"family": FONT, "size": 12},
        "height": 60 + 32 * max(len(names), 1), "margin": {"l": 80, "r": 20, "t": 40, "b": 40},
        "xaxis": {"title": {"text": measure.unit}, "tickformat": ",~r"},
        "yaxis": {"autorange": "reversed"}, "showlegend": False, "plot_bgcolor": "#fff",
    }
    return Chart(chart_id, data, layout)


def page_json(charts: list[Chart]) -> str:
    """The charts of a page as JSON safe inside a <script> element."""
    payload = [{"id": c.id, "data": c.data, "layout": c.layout} for c in charts]
    return json.dumps(payload, ensure_ascii=False).replace("</", "<\\/")
