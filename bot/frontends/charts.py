"""PNG pictures of a Reply's chart, with Chinese labels, for Telegram and the web front end."""

from __future__ import annotations

import io
import textwrap
from functools import cache

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..core.reply import Chart

# Simplified-Chinese faces first: the same code points are drawn with mainland glyph shapes.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Noto Sans CJK JP",
    "Noto Serif CJK SC",
)
COLORS = ("#2f6db5", "#e08a2e", "#3a9a5b", "#c2453d", "#7d5fb2", "#8c6d4f", "#d16ba5", "#6f7a86")


class NoCJKFont(RuntimeError):
    """No font able to draw Chinese characters is installed."""


@cache
def cjk_font() -> str:
    """The family name of an installed CJK font (rescanning system fonts if matplotlib's cache is stale)."""
    for scan in (False, True):
        if scan:
            for path in font_manager.findSystemFonts():
                if any(k in path.lower() for k in ("cjk", "wqy", "sourcehan", "simhei", "yahei", "pingfang")):
                    font_manager.fontManager.addfont(path)
        known = {f.name for f in font_manager.fontManager.ttflist}
        for family in CJK_FAMILIES:
            if family in known:
                return family
    raise NoCJKFont("no Chinese font found for charts; install one, e.g. `apt-get install fonts-noto-cjk`")


def caption(chart: Chart) -> str:
    """The chart's figures as text: the title, then one line per label."""
    lines = [chart.title]
    pairs = zip(chart.labels, chart.values, strict=True)
    lines += [f"{label}：{value:,.2f}{chart.unit}" for label, value in pairs]
    return "\n".join(lines)


def render_png(chart: Chart) -> bytes:
    """Draw a pie (breakdown) or horizontal bar (comparison) chart as PNG bytes."""
    if chart.kind not in ("pie", "bar"):
        raise ValueError(f"unknown chart kind {chart.kind!r}")
    family = cjk_font()
    fig = Figure(figsize=(7, 4.5), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    if chart.kind == "pie":
        _pie(ax, chart, family)
    else:
        _bar(ax, chart, family)
    fig.suptitle(textwrap.fill(chart.title, 30), fontfamily=family, fontsize=14)
    out = io.BytesIO()
    fig.savefig(out, format="png", bbox_inches="tight", pad_inches=0.3, facecolor="white")
    return out.getvalue()


def _pie(ax, chart: Chart, family: str) -> None:
    total = sum(chart.values)
    # a zero share has no wedge; it is still named in the legend
    pairs = list(zip(chart.labels, chart.values, strict=True))
    shown = [(label, value, COLORS[i % len(COLORS)]) for i, (label, value) in enumerate(pairs) if value > 0]
    ax.pie([v for _, v, _ in shown], colors=[c for _, _, c in shown], startangle=90, counterclock=False,
           autopct=lambda pct: f"{pct:.1f}%", pctdistance=0.7,
           wedgeprops={"edgecolor": "white", "linewidth": 1.5},
           textprops={"color": "white", "fontsize": 11, "fontfamily": family})
    ax.axis("equal")
    handles = [ax.patches[i] for i in range(len(shown))]
    names = [f"{label} {value:,.2f}{chart.unit}" for label, value, _ in shown]
    missing = [label for label, value in pairs if value <= 0]
    legend = ax.legend(handles, names, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False,
                       prop={"family": family, "size": 11})
    if missing:
        legend.set_title("\n".join(f"{label} 0.00{chart.unit}" for label in missing),
                         prop={"family": family, "size": 10})
    ax.text(0.5, -0.08, f"合计 {total:,.2f}{chart.unit}", transform=ax.transAxes, ha="center",
            fontfamily=family, fontsize=11)


def _bar(ax, chart: Chart, family: str) -> None:
    positions = range(len(chart.labels))
    colors = [COLORS[i % len(COLORS)] for i in positions]
    bars = ax.barh(list(positions), list(chart.values), color=colors)
    ax.set_yticks(list(positions), labels=list(chart.labels), fontfamily=family, fontsize=11)
    ax.invert_yaxis()
    ax.bar_label(bars, labels=[f"{v:,.2f}" for v in chart.values], padding=4, fontsize=10)
    ax.set_xlabel(chart.unit, fontfamily=family)
    ax.margins(x=0.15)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
