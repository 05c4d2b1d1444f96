"""How figures and sources are written in a reply."""

from __future__ import annotations

import re

from .lookup import Figure


def money(value: float, unit: str, wan: float | None = None) -> str:
    """3.93万元; a 元 figure also in 万元: 39,300.00元（3.93万元）."""
    if unit == "元" and wan is not None:
        return f"{value:,.2f}元（{wan:.2f}万元）"
    if unit in ("万元", "亿元"):
        return f"{value:.2f}{unit}"
    if unit == "%":
        return f"{value:.2f}%"
    if unit and value == int(value):
        return f"{int(value)}{unit}"
    return f"{value:.2f}".rstrip("0").rstrip(".") + (unit or "")  # 234789.14平方米, 2.5人次


def figure_text(figure: Figure) -> str:
    return money(figure.value, figure.unit, figure.wan)


PCT_CLAUSE = re.compile(r"(增长|上升|提高|增加|增幅为?|下降|减少|降低|降幅为?)了?\s*(\d+(?:\.\d+)?)\s*[%％]")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def printed(value: float, quote: str | None) -> str:
    """A figure at the precision the document prints it (1.3, not 1.30); two decimals when unseen."""
    for m in NUMBER.finditer(quote or ""):
        if abs(float(m.group(0).replace(",", "")) - abs(value)) < 1e-6:
            return m.group(0).replace(",", "")
    return f"{abs(value):.2f}"


def pct_clause(value: float, quote: str | None) -> str:
    """增长1.3% as the document words it; else 上升/下降 with two decimals."""
    for m in PCT_CLAUSE.finditer(quote or ""):
        if abs(float(m.group(2)) - abs(value)) < 1e-6:
            return f"{m.group(1)}{m.group(2)}%"
    return f"{'上升' if value > 0 else '下降'}{abs(value):.2f}%"


def change_text(value: float, unit: str, compared: str | None, pct: float | None, quote: str | None = None) -> str:
    against = f"比{compared}" if compared else "比上年"
    if value == 0:
        return f"与{compared or '上年'}持平"
    verb = "增加" if value > 0 else "减少"
    text = f"{against}{verb}{money(abs(value), unit)}"
    if pct is not None:
        text += f"，{pct_clause(pct, quote)}"
    return text


def label_with_kind(label: str, kind: str) -> str:
    """基本支出 -> 基本支出预算; 收入预算 stays as it is, and in a 决算 reads 收入决算."""
    if kind == "决算" and label.endswith("预算") and not label.endswith("公共预算"):
        return f"{label[:-2]}决算"
    return label if label.endswith(("预算", "决算", "预算数", "决算数")) else f"{label}{kind}"
