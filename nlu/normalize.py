"""Normalising a question before it is understood.

全角 → 半角 (NFKC), 繁 → 简 (OpenCC), Chinese numerals in years and amounts → digits, quotes and
stray spaces and punctuation dropped, regional words of asking in standard ones, look-alike characters
mended, and the text cut to a sane length.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_CHARS = 200  # a question longer than this is cut: nothing in a disclosure needs more
DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
# a run of Chinese digits of four that reads as a year: 二〇二四年
CN_YEAR = re.compile("([〇零○一二三四五六七八九]{4})年")
# a Chinese number followed by a unit word: 两千万, 三十五万元, 一百辆
CN_NUMBER = re.compile("([零〇一二两三四五六七八九十百千万亿]{2,})(?=元|万元|辆|台|人|个|次|%|年)")
# regional ways of asking put in standard words (长沙's 好多钱 is 多少钱, 旧年 去年, 搞么子 干什么)
DIALECT = ((re.compile(r"好多(?=钱|人|个|次|项(?!目)|辆|台|万|$|[啊呀哦嘛呢])"), "多少"), (re.compile("旧年"), "去年"),
           (re.compile("么子|啥子"), "什么"), (re.compile("咋个"), "怎么"), (re.compile("咱们|咱"), "我们"),
           (re.compile("冇得|冇"), "没有"), (re.compile("(?<=[多少增减涨降])咯"), "了"), (re.compile("坐席"), "座席"),
           # Cantonese ways of asking; the pinyin-input slips of the words every budget question uses
           (re.compile("乜嘢|乜野"), "什么"), (re.compile("几多"), "多少"), (re.compile("予算"), "预算"),
           (re.compile("绩笑|积效|级效"), "绩效"))
# characters typed for others they look like, never meant in a budget question: 公务接侍费, 预箅, 拔款, 审汁
LOOK_ALIKE = str.maketrans("侍箅拔汁", "待算拨计")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
SURROGATE = re.compile("[\ud800-\udfff]")


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _converter().convert(text)


def cn_to_int(text: str) -> int | None:
    """'两千万' -> 20000000, '三十五' -> 35, '一百零五' -> 105, '二〇二四' -> 2024; None if not a number."""
    if text and all(ch in DIGITS for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            unit = UNITS[ch]
            if unit >= 10_000:
                section = (section + (digit or 0)) * unit
                total += section
                section = 0
            else:
                section += (1 if digit is None else digit) * unit
            digit = None
        else:
            return None
    return total + section + (digit or 0)


def clean_text(text: str) -> str:
    """Text that every encoder takes: surrogate pairs joined, each lone surrogate (bytes that were not
    UTF-8, a JSON "\\ud800") made U+FFFD. Front ends call it once on what comes in."""
    if SURROGATE.search(text) is None:
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def normalize(text: str) -> str:
    """The question as the matcher sees it; the meaning is unchanged."""
    text = CONTROL.sub("", clean_text(text[: MAX_CHARS * 4]))[: MAX_CHARS * 2]
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text)
    text = CN_YEAR.sub(lambda m: "".join(str(DIGITS[c]) for c in m.group(1)) + "年", text)
    text = CN_NUMBER.sub(lambda m: str(cn_to_int(m.group(1)) or m.group(1)), text)
    text = re.sub(r"[“”\"'‘’「」『』《》〈〉`]", "", text)
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"[?？!！。.,，~～…]+$", "", text)
    text = text.translate(LOOK_ALIKE)
    for dialect, standard in DIALECT:
        text = dialect.sub(standard, text)
    return text.lower()[:MAX_CHARS]
