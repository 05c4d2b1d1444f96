"""Normalising questions: width, script, numerals, noise."""

from __future__ import annotations

import pytest

from nlu.normalize import MAX_CHARS, cn_to_int, normalize


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("２０２４年三公经费", "2024年三公经费"),
        ("三公經費是多少？", "三公经费是多少"),
        ("二〇二四年 机关运行经费", "2024年机关运行经费"),
        ("“三公”经费", "三公经费"),
        ("  三公\t经费  ", "三公经费"),
        ("ＡＢＣ", "abc"),
        ("预算两千万元吗", "预算20000000元吗"),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "text, value", [("两千万", 20_000_000), ("三十五", 35), ("一百零五", 105), ("十", 10), ("二〇二四", 2024)]
)
def test_chinese_numerals(text, value):
    assert cn_to_int(text) == value


def test_control_characters_and_length_are_tamed():
    assert normalize("三公\x00经费\u200b") == "三公经费"
    assert len(normalize("很" * 100_000)) == MAX_CHARS
