"""Whether a figure a question claims is right: 三公经费是不是100万, 有没有超过5万, 一年预算2850多万准不准."""

from __future__ import annotations

import re

CLAIM = re.compile(r"(\d+(?:\.\d+)?)\s*(亿元?|万元?|元)?")


def verdict(claimed: re.Match[str], wording: str, wan: float) -> str:
    """Whether a claimed figure is right: 超过/低于 it, the figure itself, or a round figure near it (2850多万)."""
    bound = float(claimed.group(1)) * {"亿": 1e4, "万": 1.0, "元": 1e-4}[(claimed.group(2) or "万")[0]]  # bare: 万元
    if re.search(r"超过|大于|高于|多于|以上", wording):  # 有没有超过5万
        return f"超过了{claimed.group(0)}" if wan > bound else f"没有超过{claimed.group(0)}"
    if re.search(r"低于|少于|不到|以下", wording):
        return f"低于{claimed.group(0)}" if wan < bound else f"不低于{claimed.group(0)}"
    more = wording[claimed.end() : claimed.end() + 1] == "多"  # 2850多万: at least that, below the next round figure
    rounded = "." not in claimed.group(1) and (bound <= wan < bound * 1.1 if more else abs(bound - wan) <= 0.005 * wan)
    return "是的" if abs(bound - wan) < 0.006 else "大致是（文件所列为准确数）" if rounded else "不是"
