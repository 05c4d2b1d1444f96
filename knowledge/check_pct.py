"""Percentages recomputed from the figures their own sentence states:

- a change: 「1.10万元，比上年预算数减少25万元，下降95.0%」 — 25 ÷ (1.10 + 25);
- a change between two stated years: 「2025年…执行数为1690.69万元，2026年预算安排1672.67万元，比2025年…减少1.07%」;
- a completion: 「年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%」;
- shares of a stated total: 「本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；…」.

Rounding is tolerated as for sums: every printed figure may be off by half its last printed digit, and a
percentage disagrees only when no figures within that rounding give it, by more than half its own last
digit and at least 0.01. Where the sentence does not make plain which figure a percentage is of, nothing
is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from itertools import product

from .check_base import Finding, Spot
from .model import Section

NUM = r"\d[\d,]*(?:\.\d+)?"
MONEY = re.compile(rf"({NUM})\s*(亿元|万元|元)")
UP_WORDS = ("增加", "增长", "上升", "提高")
DIRECTION = "增加|减少|增长|下降|上升|降低|提高"
GAP = r"(?:[^，,。；;\d%]|\d{4}年度?)*?"  # words between 比 and 增加, years allowed: 较2025年年初预算
CHANGE = re.compile(
    rf"(?:比|较|与){GAP}(?:[，,]{GAP})?(?P<dir>{DIRECTION})了?(?P<delta>{NUM})(?P<du>亿元|万元|元)[，,、]?"
    rf"(?:同比)?(?P<pdir>{DIRECTION})(?:（增长）|\(增长\))?(?P<pct>{NUM})%"
)
TWO_YEARS = re.compile(
    rf"(?P<y0>\d{{4}}|上)年[^，,。；;\d]*?(?P<a>{NUM})万元[，,](?P<y1>\d{{4}}|本)年[^，,。；;\d]*?(?P<b>{NUM})万元[，,]"
    rf"(?:比|较){GAP}(?P<dir>{DIRECTION})(?P<pct>{NUM})%"
)
COMPLETION = re.compile(
    rf"年初预算数?为?(?P<b>{NUM})万元[，,][^，,。；;\d]*?决算数?为?(?P<f>{NUM})万元[，,。]"
    rf"完成(?:年初)?预算数?的(?P<pct>{NUM})%"
)
LIST_HEAD = re.compile(r"(?:其中|主要用于以下方面)[：:，,]")
SHARE_ITEM = re.compile(rf"[^，,。；;]*?(?P<a>{NUM})万元[，,]占(?:[^，,。；;%\d]{{0,16}}的)?(?P<pct>{NUM})%")
SUBJECT_ONLY = re.compile(r"[\u4e00-\u9fff]{0,6}")  # 「收入较去年增加…」: the figure is in the sentence before


@dataclass(frozen=True)
class Figure:
    """A number as printed: its value and how many decimals it shows."""

    value: float
    decimals: int

    @classmethod
    def read(cls, text: str, sign: int = 1) -> Figure:
        text = text.replace(",", "")
        return cls(sign * float(text), len(text.partition(".")[2]))

    @property
    def half(self) -> float:
        return 0.5 * 10 ** -self.decimals

    def corners(self) -> tuple[float, float]:
        return self.value - self.half, self.value + self.half

    def __str__(self) -> str:
        return f"{abs(self.value):,.{self.decimals}f}"


@dataclass(frozen=True)
class Sentence:
    text: str
    before: str  # the sentence before it in the section, for a figure a short sentence refers back to


def percentage_findings(sections: list[Section]) -> list[Finding]:
    findings: list[Finding] = []
    for section in sections:
        where = f"说明 {section.number}{section.heading}".strip()
        found: list[Finding | None] = []
        for sentence in _sentences(section.text):
            found += _changes(sentence, where)
            found += [_two_years(m, sentence, where) for m in TWO_YEARS.finditer(sentence.text)]
            found += [_completion(m, sentence, where) for m in COMPLETION.finditer(sentence.text)]
            found += _shares(sentence, where)
        # the printed percentage stands on the section's page
        findings += [replace(f, first=replace(f.first, page=section.page)) for f in found if f is not None]
    return findings


def _sentences(text: str) -> Iterator[Sentence]:
    before = ""
    for part in re.findall(r"[^。]+。?", text or ""):
        yield Sentence(part, before)
        before = part


def _changes(sentence: Sentence, where: str) -> list[Finding | None]:
    """「X万元，比上年增加Δ万元，增长p%」: p = Δ ÷ (X − Δ)."""
    found, start = [], 0
    for m in CHANGE.finditer(sentence.text):
        sign = 1 if m["dir"] in UP_WORDS else -1
        delta = Figure.read(m["delta"], sign)
        x, unit, quote = _figure_before(sentence, start, m.start(), first=start == 0)
        start = m.end()
        if x is None or unit != m["du"]:
            continue
        stated = Figure.read(m["pct"], 1 if m["pdir"] in UP_WORDS else -1)
        formula = f"{delta} ÷ ({x} {'−' if sign > 0 else '+'} {delta})"
        found.append(_verdict(
            "增减幅度", where, quote, f"{m['pdir']}{m['pct']}%", stated, formula,
            lambda x_, d_: d_ / (x_ - d_) * 100 if x_ - d_ > 0 else None, x, delta,
            inputs=f"{x}{m['du']}、{m['dir']}{delta}{m['du']}",
        ))
    return found


def _figure_before(sentence: Sentence, start: int, end: int, *, first: bool) -> tuple[Figure | None, str, str]:
    """The amount a change is of, its unit and the quote: the last figure before the change in the
    sentence, or — when the sentence opens with the change and at most a subject word (收入较去年…) —
    the first figure of the sentence before."""
    segment = sentence.text[start:end]
    figures = list(MONEY.finditer(segment))
    if figures:
        return Figure.read(figures[-1][1]), figures[-1][2], sentence.text
    if first and SUBJECT_ONLY.fullmatch(segment) and (earlier := MONEY.search(sentence.before)):
        return Figure.read(earlier[1]), earlier[2], sentence.before + sentence.text
    return None, "", sentence.text


def _two_years(m: re.Match[str], sentence: Sentence, where: str) -> Finding | None:
    """「2025年…为a万元，2026年…b万元，比2025年…增加p%」: p = (b − a) ÷ a."""
    if m["y0"].isdigit() and m["y1"].isdigit() and int(m["y0"]) >= int(m["y1"]):
        return None
    a, b = Figure.read(m["a"]), Figure.read(m["b"])
    stated = Figure.read(m["pct"], 1 if m["dir"] in UP_WORDS else -1)
    return _verdict(
        "增减幅度", where, sentence.text, f"{m['dir']}{m['pct']}%", stated, f"({b} − {a}) ÷ {a}",
        lambda a_, b_: (b_ - a_) / a_ * 100 if a_ > 0 else None, a, b, inputs=f"{a}万元、{b}万元",
    )


def _completion(m: re.Match[str], sentence: Sentence, where: str) -> Finding | None:
    """「年初预算为B万元，支出决算为F万元，完成年初预算的p%」: p = F ÷ B."""
    budget, final = Figure.read(m["b"]), Figure.read(m["f"])
    return _verdict(
        "完成率", where, sentence.text, f"完成预算的{m['pct']}%", Figure.read(m["pct"]), f"{final} ÷ {budget}",
        lambda b_, f_: f_ / b_ * 100 if b_ > 0 else None, budget, final,
        inputs=f"年初预算{budget}万元、决算{final}万元",
    )


def _shares(sentence: Sentence, where: str) -> list[Finding | None]:
    """「合计T万元，其中：A a万元，占p%；B b万元，占q%」: p = a ÷ T."""
    found = []
    for head in LIST_HEAD.finditer(sentence.text):
        before = sentence.text[: head.start()]
        last = list(MONEY.finditer(before))
        if last and last[-1][2] == "万元" and re.fullmatch(r"[，,：:\s]*", before[last[-1].end():]):
            total, quote = Figure.read(last[-1][1]), sentence.text
        elif not before.strip() and (earlier := MONEY.search(sentence.before)) and earlier[2] == "万元":
            total, quote = Figure.read(earlier[1]), sentence.before + sentence.text
        else:
            continue
        for clause in re.split(r"[；;]", sentence.text[head.end():]):
            item = SHARE_ITEM.match(clause)
            if item is None:
                break
            part = Figure.read(item["a"])
            found.append(_verdict(
                "占比", where, quote, f"占{item['pct']}%", Figure.read(item["pct"]), f"{part} ÷ {total}",
                lambda t_, a_: a_ / t_ * 100 if t_ > 0 else None, total, part,
                inputs=f"{part}万元、合计{total}万元",
            ))
    return found


def _verdict(
    what: str, where: str, quote: str, printed: str, stated: Figure, formula: str,
    ratio: Callable[[float, float], float | None], first: Figure, second: Figure, *, inputs: str,
) -> Finding | None:
    """A finding when no figures within rounding of `first` and `second` give the stated percentage."""
    values = [r for a, b in product(first.corners(), second.corners()) if (r := ratio(a, b)) is not None]
    exact = ratio(first.value, second.value)
    if len(values) < 4 or exact is None:
        return None  # the base may be zero within rounding: no percentage to recompute
    slack = max(stated.half, 0.01) + 1e-9
    if min(values) - slack <= stated.value <= max(values) + slack:
        return None
    decimals = max(stated.decimals, 1)
    computed = f"{abs(exact):.{decimals}f}%"
    if what == "增减幅度":
        computed = ("增长" if exact >= 0 else "下降") + computed
    message = f"{what}：{where} 写「{printed}」，而按所述 {inputs} 计算（{formula}）为 {computed}。"
    first_spot = Spot(where, None, None, stated.value, "%", stated.value, stated.decimals, quote=quote)
    second_spot = Spot(f"按所述数字计算 {formula}", None, None, round(exact, 6), "%", round(exact, 6), decimals,
                       quote=quote)
    return Finding("percentage", message, first_spot, second_spot, subject=what)

