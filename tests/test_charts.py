import io
import warnings

import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from PIL import Image

from bot.core.reply import Chart
from bot.frontends import charts

SANGONG = Chart("pie", "长沙市12345政务热线中心2024年“三公”经费预算构成",
                ("公务接待费", "公务用车购置及运行费", "因公出国（境）费"), (1.90, 2.03, 0.0), "万元")
STRUCTURE = Chart("bar", "2024年支出结构", ("基本支出", "项目支出"), (380.33, 2470.15), "万元")


@pytest.mark.parametrize("chart", [SANGONG, STRUCTURE], ids=["pie", "bar"])
def test_render_png_draws_every_glyph(chart):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)" for an empty box
        png = charts.render_png(chart)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.width > 400 and image.height > 300


def test_cjk_font_covers_labels():
    family = font_manager.FontProperties(family=charts.cjk_font())
    path = font_manager.findfont(family, fallback_to_default=False)
    font = FT2Font(path)
    text = SANGONG.title + "".join(SANGONG.labels) + "".join(STRUCTURE.labels) + "合计万元"
    assert [c for c in text if font.get_char_index(ord(c)) == 0] == []


def test_caption_lists_figures():
    assert charts.caption(SANGONG) == (
        "长沙市12345政务热线中心2024年“三公”经费预算构成\n"
        "公务接待费：1.90万元\n公务用车购置及运行费：2.03万元\n因公出国（境）费：0.00万元"
    )


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="line"):
        charts.render_png(Chart("line", "x", ("a",), (1.0,), "万元"))


def test_missing_cjk_font_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(charts, "CJK_FAMILIES", ("No Such Font SC",))
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: [])
    charts.cjk_font.cache_clear()
    try:
        with pytest.raises(charts.NoCJKFont, match="fonts-noto-cjk"):
            charts.render_png(SANGONG)
    finally:
        charts.cjk_font.cache_clear()
