"""Reading the published PDFs: figures read by a person from each PDF's text, and bad input refused.

The expected figures below were read from the PDF text (pdftotext -layout), in 万元; 元 tables are
converted (the 上海 预算 tables are in 元).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.domain import to_wan
from knowledge.ingest import read_many
from knowledge.model import Document, IngestError, RawDocument, RawTable
from knowledge.parse import parse_document
from knowledge.read import read_document

DATA = Path(__file__).parent.parent / "data" / "disclosures"
FIXTURES = Path(__file__).parent / "fixtures"

# file -> (department, year, kind)
IDENTITY = {
    "changsha_gonganju_2025_yusuan.pdf": ("长沙市公安局", 2025, "预算"),
    "changsha_xinfangju_2026_yusuan.pdf": ("长沙市信访局", 2026, "预算"),
    "changsha_zhijiaojidi_2026_yusuan.pdf": ("长沙职业教育基地综合协调办公室", 2026, "预算"),
    "fuzhou_shangwuju_2026_yusuan.pdf": ("福州市商务局", 2026, "预算"),
    "guangzhou_xinfangju_2026_yusuan.pdf": ("广州市信访局", 2026, "预算"),
    "hangzhou_sifaju_2026_yusuan.pdf": ("杭州市司法局", 2026, "预算"),
    "huzhou_tuiyijunren_2026_yusuan.pdf": ("湖州市退役军人事务局", 2026, "预算"),
    "shanghai-putuo_caizhengju_2024_juesuan.pdf": ("上海市普陀区财政局", 2024, "决算"),
    "shanghai-putuo_guihuaziyuanju_2024_juesuan.pdf": ("上海市普陀区规划和自然资源局", 2024, "决算"),
    "shanghai-putuo_sifaju_2026_yusuan.pdf": ("上海市普陀区司法局", 2026, "预算"),
    "shanghai-putuo_wanlijiedao_2025_yusuan.pdf": ("上海市普陀区人民政府万里街道办事处", 2025, "预算"),
    "shenzhen_xinfangju_2026_yusuan.pdf": ("深圳市信访局", 2026, "预算"),
    "suzhou_shenjiju_2026_yusuan.pdf": ("苏州市审计局", 2026, "预算"),
    "wuxi_tongjiju_2026_yusuan.pdf": ("无锡市统计局", 2026, "预算"),
}

# narrative figures in 万元 (counts in their own unit): (file, subject, measure, value)
NARRATIVE = [
    ("changsha_gonganju_2025_yusuan.pdf", "收入预算", "amount", 68632.12),
    ("changsha_gonganju_2025_yusuan.pdf", "基本支出", "amount", 28398.17),
    ("changsha_gonganju_2025_yusuan.pdf", "项目支出", "amount", 40233.95),
    ("changsha_gonganju_2025_yusuan.pdf", "机关运行经费", "amount", 2045.01),
    ("changsha_gonganju_2025_yusuan.pdf", "“三公”经费", "amount", 458.50),
    ("changsha_gonganju_2025_yusuan.pdf", "公务接待费", "amount", 28.50),
    ("changsha_gonganju_2025_yusuan.pdf", "公务用车购置及运行费", "amount", 400.00),
    ("changsha_gonganju_2025_yusuan.pdf", "因公出国（境）费", "amount", 30.00),
    ("changsha_gonganju_2025_yusuan.pdf", "政府采购", "amount", 16476.85),
    ("changsha_xinfangju_2026_yusuan.pdf", "收入预算", "amount", 1935.36),
    ("changsha_xinfangju_2026_yusuan.pdf", "基本支出", "amount", 1517.95),
    ("changsha_xinfangju_2026_yusuan.pdf", "项目支出", "amount", 417.41),
    ("changsha_xinfangju_2026_yusuan.pdf", "机关运行经费", "amount", 122.98),
    ("changsha_xinfangju_2026_yusuan.pdf", "“三公”经费", "amount", 8.00),
    ("changsha_xinfangju_2026_yusuan.pdf", "“三公”经费", "change", -1.75),
    ("changsha_xinfangju_2026_yusuan.pdf", "公务接待费", "amount", 3.00),
    ("changsha_xinfangju_2026_yusuan.pdf", "公务用车购置及运行费", "amount", 5.00),
    ("changsha_xinfangju_2026_yusuan.pdf", "因公出国（境）费", "amount", 0.00),
    ("changsha_xinfangju_2026_yusuan.pdf", "政府采购", "amount", 43.9),
    ("changsha_zhijiaojidi_2026_yusuan.pdf", "收入预算", "amount", 656.73),
    ("changsha_zhijiaojidi_2026_yusuan.pdf", "基本支出", "amount", 386.73),
    ("changsha_zhijiaojidi_2026_yusuan.pdf", "项目支出", "amount", 270.00),
    ("changsha_zhijiaojidi_2026_yusuan.pdf", "机关运行经费", "amount", 0.0),
    ("changsha_zhijiaojidi_2026_yusuan.pdf", "“三公”经费", "amount", 0.50),
    ("changsha_zhijiaojidi_2026_yusuan.pdf", "公务接待费", "amount", 0.50),
    ("changsha_zhijiaojidi_2026_yusuan.pdf", "公务用车购置及运行费", "amount", 0.0),
    ("changsha_zhijiaojidi_2026_yusuan.pdf", "因公出国（境）费", "amount", 0.0),
    ("changsha_zhijiaojidi_2026_yusuan.pdf", "政府采购", "amount", 7.0),
    ("fuzhou_shangwuju_2026_yusuan.pdf", "收入预算", "amount", 24995.94),
    ("fuzhou_shangwuju_2026_yusuan.pdf", "收入预算", "change", 608.71),
    ("fuzhou_shangwuju_2026_yusuan.pdf", "基本支出", "amount", 3861.25),
    ("fuzhou_shangwuju_2026_yusuan.pdf", "项目支出", "amount", 21134.69),
    ("fuzhou_shangwuju_2026_yusuan.pdf", "机关运行经费", "amount", 337.82),
    ("fuzhou_shangwuju_2026_yusuan.pdf", "人员经费", "amount", 3551.21),
    ("fuzhou_shangwuju_2026_yusuan.pdf", "公用经费", "amount", 310.04),
    ("fuzhou_shangwuju_2026_yusuan.pdf", "公务用车", "count", 5),
    ("fuzhou_shangwuju_2026_yusuan.pdf", "公务用车", "new_count", 0),
    ("fuzhou_shangwuju_2026_yusuan.pdf", "公务接待费", "amount", 6.10),
    ("fuzhou_shangwuju_2026_yusuan.pdf", "公务用车购置及运行费", "amount", 8.00),
    ("fuzhou_shangwuju_2026_yusuan.pdf", "因公出国（境）费", "amount", 70.00),
    ("fuzhou_shangwuju_2026_yusuan.pdf", "政府采购", "amount", 822.55),
    ("guangzhou_xinfangju_2026_yusuan.pdf", "收入预算", "amount", 3944.08),
    ("guangzhou_xinfangju_2026_yusuan.pdf", "机关运行经费", "amount", 444.39),
    ("guangzhou_xinfangju_2026_yusuan.pdf", "“三公”经费", "amount", 4.8),
    ("guangzhou_xinfangju_2026_yusuan.pdf", "公务接待费", "amount", 2.3),
    ("guangzhou_xinfangju_2026_yusuan.pdf", "公务用车购置及运行费", "amount", 2.5),
    ("guangzhou_xinfangju_2026_yusuan.pdf", "因公出国（境）费", "amount", 0.0),
    ("guangzhou_xinfangju_2026_yusuan.pdf", "政府采购", "amount", 625.65),
    ("hangzhou_sifaju_2026_yusuan.pdf", "收入预算", "amount", 99230.46),
    ("hangzhou_sifaju_2026_yusuan.pdf", "基本支出", "amount", 70724.29),
    ("hangzhou_sifaju_2026_yusuan.pdf", "项目支出", "amount", 28506.17),
    ("hangzhou_sifaju_2026_yusuan.pdf", "机关运行经费", "amount", 12237.94),
    ("hangzhou_sifaju_2026_yusuan.pdf", "“三公”经费", "amount", 413.68),
    ("hangzhou_sifaju_2026_yusuan.pdf", "公务接待费", "amount", 74.00),
    ("hangzhou_sifaju_2026_yusuan.pdf", "公务用车购置及运行费", "amount", 339.68),
    ("hangzhou_sifaju_2026_yusuan.pdf", "政府采购", "amount", 8525.96),
    ("hangzhou_sifaju_2026_yusuan.pdf", "公务用车购置费", "change", 27.78),
    ("hangzhou_sifaju_2026_yusuan.pdf", "公务用车运行费", "amount", 188.00),
    ("hangzhou_sifaju_2026_yusuan.pdf", "公务用车运行费", "change", -13.60),
    ("hangzhou_sifaju_2026_yusuan.pdf", "公务用车", "count", 56),
    ("hangzhou_sifaju_2026_yusuan.pdf", "公务用车", "new_count", 6),
    ("hangzhou_sifaju_2026_yusuan.pdf", "执法执勤用车", "new_count", 4),
    ("huzhou_tuiyijunren_2026_yusuan.pdf", "收入预算", "amount", 6256.31),
    ("huzhou_tuiyijunren_2026_yusuan.pdf", "基本支出", "amount", 1604.41),
    ("huzhou_tuiyijunren_2026_yusuan.pdf", "项目支出", "amount", 4651.90),
    ("huzhou_tuiyijunren_2026_yusuan.pdf", "机关运行经费", "amount", 48.78),
    ("huzhou_tuiyijunren_2026_yusuan.pdf", "“三公”经费", "amount", 1.10),
    ("huzhou_tuiyijunren_2026_yusuan.pdf", "公务接待费", "amount", 1.10),
    ("huzhou_tuiyijunren_2026_yusuan.pdf", "公务用车购置及运行费", "amount", 0.0),
    ("huzhou_tuiyijunren_2026_yusuan.pdf", "因公出国（境）费", "amount", 0.0),
    ("huzhou_tuiyijunren_2026_yusuan.pdf", "政府采购", "amount", 921.97),
    ("shanghai-putuo_caizhengju_2024_juesuan.pdf", "收入预算", "amount", 2946.25),
    ("shanghai-putuo_caizhengju_2024_juesuan.pdf", "基本支出", "amount", 2336.91),
    ("shanghai-putuo_caizhengju_2024_juesuan.pdf", "项目支出", "amount", 603.14),
    ("shanghai-putuo_caizhengju_2024_juesuan.pdf", "“三公”经费", "budget", 0.95),
    ("shanghai-putuo_caizhengju_2024_juesuan.pdf", "“三公”经费", "final", 0.00),
    ("shanghai-putuo_caizhengju_2024_juesuan.pdf", "政府采购", "amount", 251.25),
    ("shanghai-putuo_guihuaziyuanju_2024_juesuan.pdf", "收入预算", "amount", 9746.50),
    ("shanghai-putuo_guihuaziyuanju_2024_juesuan.pdf", "基本支出", "amount", 5377.64),
    ("shanghai-putuo_guihuaziyuanju_2024_juesuan.pdf", "项目支出", "amount", 4381.74),
    ("shanghai-putuo_guihuaziyuanju_2024_juesuan.pdf", "机关运行经费", "amount", 142.80),
    ("shanghai-putuo_guihuaziyuanju_2024_juesuan.pdf", "“三公”经费", "budget", 2.85),
    ("shanghai-putuo_guihuaziyuanju_2024_juesuan.pdf", "“三公”经费", "final", 0.39),
    ("shanghai-putuo_guihuaziyuanju_2024_juesuan.pdf", "“三公”经费", "completion_pct", 13.68),
    ("shanghai-putuo_guihuaziyuanju_2024_juesuan.pdf", "公务接待费", "final", 0.39),
    ("shanghai-putuo_guihuaziyuanju_2024_juesuan.pdf", "政府采购", "amount", 2319.21),
    ("shanghai-putuo_sifaju_2026_yusuan.pdf", "收入预算", "amount", 9628.22),
    ("shanghai-putuo_sifaju_2026_yusuan.pdf", "支出预算", "change", 793.14),
    ("shanghai-putuo_sifaju_2026_yusuan.pdf", "机关运行经费", "amount", 217.83),
    ("shanghai-putuo_sifaju_2026_yusuan.pdf", "“三公”经费", "amount", 10.81),
    ("shanghai-putuo_sifaju_2026_yusuan.pdf", "公务接待费", "amount", 0.83),
    ("shanghai-putuo_sifaju_2026_yusuan.pdf", "公务用车购置及运行费", "amount", 9.98),
    ("shanghai-putuo_sifaju_2026_yusuan.pdf", "因公出国（境）费", "amount", 0.0),
    ("shanghai-putuo_sifaju_2026_yusuan.pdf", "政府采购", "amount", 1486.42),
    ("shanghai-putuo_wanlijiedao_2025_yusuan.pdf", "收入预算", "amount", 18976.76),
    ("shanghai-putuo_wanlijiedao_2025_yusuan.pdf", "收入预算", "change", 3355.65),
    ("shanghai-putuo_wanlijiedao_2025_yusuan.pdf", "机关运行经费", "amount", 464.64),
    ("shanghai-putuo_wanlijiedao_2025_yusuan.pdf", "“三公”经费", "amount", 37.91),
    ("shanghai-putuo_wanlijiedao_2025_yusuan.pdf", "公务接待费", "amount", 1.35),
    ("shanghai-putuo_wanlijiedao_2025_yusuan.pdf", "公务用车购置及运行费", "amount", 36.56),
    ("shanghai-putuo_wanlijiedao_2025_yusuan.pdf", "因公出国（境）费", "amount", 0.0),
    ("shanghai-putuo_wanlijiedao_2025_yusuan.pdf", "政府采购", "amount", 4821.20),
    ("shenzhen_xinfangju_2026_yusuan.pdf", "收入预算", "amount", 4684.30),
    ("shenzhen_xinfangju_2026_yusuan.pdf", "收入预算", "change", -247.70),
    ("shenzhen_xinfangju_2026_yusuan.pdf", "支出预算", "amount", 4684.30),
    ("shenzhen_xinfangju_2026_yusuan.pdf", "人员经费", "amount", 2422.61),
    ("shenzhen_xinfangju_2026_yusuan.pdf", "公用经费", "amount", 357.43),
    ("shenzhen_xinfangju_2026_yusuan.pdf", "公务接待费", "amount", 2.98),
    ("shenzhen_xinfangju_2026_yusuan.pdf", "公务用车购置及运行费", "amount", 2.60),
    ("shenzhen_xinfangju_2026_yusuan.pdf", "因公出国（境）费", "amount", 0.0),
    ("shenzhen_xinfangju_2026_yusuan.pdf", "公务用车", "count", 1),
    ("shenzhen_xinfangju_2026_yusuan.pdf", "项目支出", "amount", 1612.29),
    ("shenzhen_xinfangju_2026_yusuan.pdf", "机关运行经费", "amount", 357.43),
    ("shenzhen_xinfangju_2026_yusuan.pdf", "“三公”经费", "amount", 5.58),
    ("shenzhen_xinfangju_2026_yusuan.pdf", "公务用车运行费", "amount", 2.60),
    ("shenzhen_xinfangju_2026_yusuan.pdf", "政府采购", "amount", 1100.30),
    ("suzhou_shenjiju_2026_yusuan.pdf", "收入预算", "amount", 4651.67),
    ("suzhou_shenjiju_2026_yusuan.pdf", "基本支出", "amount", 4312.17),
    ("suzhou_shenjiju_2026_yusuan.pdf", "项目支出", "amount", 339.5),
    ("suzhou_shenjiju_2026_yusuan.pdf", "机关运行经费", "amount", 395.6),
    ("suzhou_shenjiju_2026_yusuan.pdf", "会议费", "amount", 10.0),
    ("suzhou_shenjiju_2026_yusuan.pdf", "培训费", "amount", 43.0),
    ("suzhou_shenjiju_2026_yusuan.pdf", "公务用车", "count", 1),
    ("suzhou_shenjiju_2026_yusuan.pdf", "“三公”经费", "amount", 10.0),
    ("suzhou_shenjiju_2026_yusuan.pdf", "公务接待费", "amount", 10.0),
    ("suzhou_shenjiju_2026_yusuan.pdf", "公务用车购置及运行费", "amount", 0.0),
    ("suzhou_shenjiju_2026_yusuan.pdf", "因公出国（境）费", "amount", 0.0),
    ("wuxi_tongjiju_2026_yusuan.pdf", "收入预算", "amount", 3210.1),
    ("wuxi_tongjiju_2026_yusuan.pdf", "基本支出", "amount", 2235.04),
    ("wuxi_tongjiju_2026_yusuan.pdf", "项目支出", "amount", 975.06),
    ("wuxi_tongjiju_2026_yusuan.pdf", "机关运行经费", "amount", 131.33),
    ("wuxi_tongjiju_2026_yusuan.pdf", "人员经费", "amount", 2103.71),
    ("wuxi_tongjiju_2026_yusuan.pdf", "会议费", "amount", 2.61),
    ("wuxi_tongjiju_2026_yusuan.pdf", "公务用车", "count", 0),
    ("wuxi_tongjiju_2026_yusuan.pdf", "“三公”经费", "amount", 3.0),
    ("wuxi_tongjiju_2026_yusuan.pdf", "“三公”经费", "change", -11.3),
    ("wuxi_tongjiju_2026_yusuan.pdf", "公务接待费", "amount", 3.0),
    ("wuxi_tongjiju_2026_yusuan.pdf", "因公出国（境）费", "amount", 0.0),
    ("wuxi_tongjiju_2026_yusuan.pdf", "政府采购", "amount", 2.61),
]

# “三公” figures stated only in the “三公” table: (file, column or row word, 万元)
THREE_PUBLIC_TABLE = [
    ("fuzhou_shangwuju_2026_yusuan.pdf", "合计", 84.10),
    ("shenzhen_xinfangju_2026_yusuan.pdf", "公务接待费一般公共预算", 2.98),
    ("shanghai-putuo_sifaju_2026_yusuan.pdf", "公务接待费", 0.83),
    ("shanghai-putuo_wanlijiedao_2025_yusuan.pdf", "“三公”经费预算数合计", 37.91),
]

# three rows of the 基本支出 table, in 万元 (the 上海 预算 tables print 元)
BASIC_ROWS = {
    "changsha_gonganju_2025_yusuan.pdf": {"基本工资": 2811.70, "津贴补贴": 3636.01, "办公费": 280.00},
    "changsha_xinfangju_2026_yusuan.pdf": {"基本工资": 225.08, "津贴补贴": 167.48, "办公费": 33.00},
    "changsha_zhijiaojidi_2026_yusuan.pdf": {"基本工资": 80.51, "津贴补贴": 4.06, "办公费": 6.20},
    "fuzhou_shangwuju_2026_yusuan.pdf": {"基本工资": 603.58, "津贴补贴": 697.81, "办公费": 14.34},
    "guangzhou_xinfangju_2026_yusuan.pdf": {"基本工资": 374.86, "津贴补贴": 1088.93, "办公费": 25.00},
    "hangzhou_sifaju_2026_yusuan.pdf": {"基本工资": 6878.71, "津贴补贴": 14624.13, "办公费": 362.57},
    "huzhou_tuiyijunren_2026_yusuan.pdf": {"基本工资": 228.09, "津贴补贴": 111.75, "办公费": 7.90},
    "shanghai-putuo_caizhengju_2024_juesuan.pdf": {"基本工资": 262.33, "津贴补贴": 1238.58, "办公费": 21.21},
    "shanghai-putuo_guihuaziyuanju_2024_juesuan.pdf": {"基本工资": 537.64, "津贴补贴": 987.86, "办公费": 84.62},
    "shanghai-putuo_sifaju_2026_yusuan.pdf": {"基本工资": 289.2504, "津贴补贴": 1297.1818, "办公费": 12.0},
    "shanghai-putuo_wanlijiedao_2025_yusuan.pdf": {"基本工资": 608.4184, "津贴补贴": 1814.9307, "办公费": 433.3478},
    "shenzhen_xinfangju_2026_yusuan.pdf": {"基本工资": 356.33, "津贴补贴": 1182.05, "办公费": 21.00},
    "suzhou_shenjiju_2026_yusuan.pdf": {"基本工资": 469.17, "津贴补贴": 1300.77, "办公费": 29.00},
    "wuxi_tongjiju_2026_yusuan.pdf": {"基本工资": 302.69, "津贴补贴": 829.90, "办公费": 42.73},
}

TERMS = {
    "changsha_gonganju_2025_yusuan.pdf": "机关运行经费",
    "changsha_xinfangju_2026_yusuan.pdf": "“三公”经费",
    "changsha_zhijiaojidi_2026_yusuan.pdf": "机关运行经费",
    "fuzhou_shangwuju_2026_yusuan.pdf": "事业收入",
    "guangzhou_xinfangju_2026_yusuan.pdf": "财政拨款收入",
    "hangzhou_sifaju_2026_yusuan.pdf": "财政专户管理资金",
    "huzhou_tuiyijunren_2026_yusuan.pdf": "事业单位经营收入",
    "shanghai-putuo_caizhengju_2024_juesuan.pdf": "财政拨款收入",
    "shanghai-putuo_guihuaziyuanju_2024_juesuan.pdf": "年初结转和结余",
    "shanghai-putuo_sifaju_2026_yusuan.pdf": "事业收入",
    "shanghai-putuo_wanlijiedao_2025_yusuan.pdf": "财政拨款收入",
    "shenzhen_xinfangju_2026_yusuan.pdf": "用事业基金弥补收支差额",
    "suzhou_shenjiju_2026_yusuan.pdf": "单位资金",
    "wuxi_tongjiju_2026_yusuan.pdf": "财政专户管理资金",
}


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    """Each PDF read once for the whole module, two at a time."""
    outcomes = read_many([str(DATA / name) for name in IDENTITY], workers=2)
    found = {}
    for outcome in outcomes:
        assert outcome.error is None, f"{outcome.path}: {outcome.error}"
        found[Path(outcome.path).name] = outcome.document
    return found


@pytest.mark.parametrize("name", sorted(IDENTITY))
def test_document_identity(docs, name):
    doc = docs[name]
    assert (doc.department, doc.year, doc.kind) == IDENTITY[name]


@pytest.mark.parametrize(("name", "subject", "measure", "value"), NARRATIVE)
def test_narrative_figure(docs, name, subject, measure, value):
    stated = {
        round(to_wan(f.value, f.unit) if f.unit in ("元", "万元", "亿元") else f.value, 4)
        for f in docs[name].facts
        if f.subject == subject and f.measure == measure and f.value is not None
    }
    assert round(value, 4) in stated, f"{subject} {measure}: {sorted(stated)}"


@pytest.mark.parametrize(("name", "label", "value"), THREE_PUBLIC_TABLE)
def test_three_public_table(docs, name, label, value):
    tables = [t for t in docs[name].tables if t.kind == "three_public"]
    assert tables
    cells = {
        round(to_wan(v, t.unit), 4)
        for t in tables
        for row in t.rows
        for column, v in row.values.items()
        if v is not None and (label in column or label in row.name)
    }
    assert round(value, 4) in cells


@pytest.mark.parametrize("name", sorted(BASIC_ROWS))
def test_basic_spending_rows(docs, name):
    table = next(t for t in docs[name].tables if t.kind == "basic_spending")
    for row_name, expected in BASIC_ROWS[name].items():
        row = next(r for r in table.rows if r.name == row_name)
        first = next(v for v in row.values.values() if v is not None)
        assert to_wan(first, table.unit) == pytest.approx(expected), row_name


def test_shanghai_budget_tables_keep_yuan(docs):
    doc = docs["shanghai-putuo_sifaju_2026_yusuan.pdf"]
    units = {t.kind: t.unit for t in doc.tables}
    assert units["basic_spending"] == "元"
    assert units["three_public"] == "万元"  # the “三公” table of the same document is in 万元


def test_rows_keep_their_unit(docs):
    table = next(t for t in docs["hangzhou_sifaju_2026_yusuan.pdf"].tables if t.kind == "three_public")
    units = {r.unit_name for r in table.rows}
    assert {"杭州市司法局", "杭州市东郊监狱", "杭州市法律援助中心"} <= units


def test_codes_from_class_columns(docs):
    table = next(t for t in docs["shanghai-putuo_sifaju_2026_yusuan.pdf"].tables if t.kind == "basic_spending")
    codes = {r.name: r.code for r in table.rows}
    assert codes["基本工资"] == "30101" and codes["办公费"] == "30201"


@pytest.mark.parametrize("name", sorted(TERMS))
def test_glossary_term(docs, name):
    terms = {t.term: t.definition for t in docs[name].terms}
    assert TERMS[name] in terms and terms[TERMS[name]]


def test_page_numbers_dropped_and_lines_joined(docs):
    text = "".join(s.text for s in docs["wuxi_tongjiju_2026_yusuan.pdf"].sections)
    assert "- 1 -" not in text and "2,235.04万元" in text


def test_performance_indicators(docs):
    indicators = docs["changsha_xinfangju_2026_yusuan.pdf"].indicators
    assert len(indicators) > 20 and all(i.level1 and i.name for i in indicators)


@pytest.mark.parametrize(
    ("fixture", "words"),
    [
        ("scanned.pdf", "OCR"),
        ("truncated.pdf", "truncated"),
        ("password.pdf", "password"),
        ("not_disclosure.pdf", "预算"),
    ],
)
def test_bad_pdf_is_refused_with_a_reason(fixture, words):
    with pytest.raises(IngestError) as caught:
        read_document(FIXTURES / fixture)
    message = str(caught.value)
    assert words in message and "\n" not in message


def _texts(doc: Document, subject: str, measure: str) -> list[str]:
    return [f.text for f in doc.facts if f.subject == subject and f.measure == measure]


def test_reason_in_a_sentence_after_the_change(docs):
    # 十二、…机关运行经费预算支出131.33万元，与上年相比减少2.21万元，减少1.65%。主要原因是在职人员减少…
    assert _texts(docs["wuxi_tongjiju_2026_yusuan.pdf"], "机关运行经费", "reason") == [
        "主要原因是在职人员减少对应的办公费等公用支出减少"
    ]
    assert _texts(docs["suzhou_shenjiju_2026_yusuan.pdf"], "机关运行经费", "reason") == [
        "主要原因是机关运行经费有所下降"
    ]
    # 2024年度“三公”经费支出决算数小于预算数的主要原因：严格落实中央八项规定…
    reasons = _texts(docs["shanghai-putuo_guihuaziyuanju_2024_juesuan.pdf"], "“三公”经费", "reason")
    assert any("严格落实中央八项规定" in text for text in reasons)


def test_items_labelled_by_classification_own_their_figures_and_reasons(docs):
    # 五（一）1.统计信息事务（款）行政运行（项）支出 1,429.11 万元，与上年相比增加 50.65 万元，增长 3.67%。
    # 主要原因是人员变动、人员经费支出预算政策性调整 — the item's, not the department's
    doc = docs["wuxi_tongjiju_2026_yusuan.pdf"]
    item = {f.measure: f for f in doc.facts if f.subject == "行政运行" and f.section == "五（一）"}
    assert (item["amount"].value, item["change"].value, item["change_pct"].value) == (1429.11, 50.65, 3.67)
    assert item["reason"].text.startswith("主要原因是人员变动")
    assert not any("人员变动" in (f.text or "") for f in doc.facts if f.subject in ("收入预算", "支出预算"))
    # 3.统计信息事务（款）专项普查活动（项）: 315.58, +181.78, for 第四次全国农业普查
    census = {f.measure: f for f in doc.facts if f.subject == "专项普查活动"}
    assert census["amount"].value == 315.58 and "农业普查" in census["reason"].text


def test_reason_ends_where_the_next_subject_begins(docs):
    # 其中：公务用车购置费0万元，与2025年预算持平，主要原因是无公车购置计划；公务用车运行费9.98万元…
    doc = docs["shanghai-putuo_sifaju_2026_yusuan.pdf"]
    assert _texts(doc, "公务用车购置费", "reason") == ["主要原因是无公车购置计划"]
    assert 0.0 in [f.value for f in doc.facts if f.subject == "公务用车购置费" and f.measure == "change"]
    # 主要原因是一是…；二是项目支出增加信息化运维项目经费等；支出预算3,944.08万元…
    (reason,) = _texts(docs["guangzhou_xinfangju_2026_yusuan.pdf"], "收入预算", "reason")
    assert reason.endswith("二是项目支出增加信息化运维项目经费等")


def test_bare_wan_is_wan_yuan(docs):
    # 其中：国内公务接待支出0.39万（含外宾接待支出0.00万元）
    doc = docs["shanghai-putuo_guihuaziyuanju_2024_juesuan.pdf"]
    (fact,) = [f for f in doc.facts if f.subject == "公务接待费" and "国内公务接待支出" in f.quote]
    assert (fact.measure, fact.value, fact.unit) == ("amount", 0.39, "万元")


def test_unnumbered_titles_start_sections(docs):
    doc = docs["shanghai-putuo_sifaju_2026_yusuan.pdf"]
    sections = {s.heading: s for s in doc.sections}
    assert sections["2026年部门预算编制说明"].text.startswith("2026年，上海市普陀区司法局收入预算9628.22万元")
    assert "普陀区法律援助中心" in sections["上海市普陀区司法局机构设置"].text
    # the glossary ends at the next title; its facts are named by that title
    glossary = next(s for s in doc.sections if s.heading == "名词解释")
    assert "9628.22" not in glossary.text
    income = next(f for f in doc.facts if f.subject == "收入预算" and f.measure == "amount")
    assert income.section == "2026年部门预算编制说明"
    # 财政拨款收入支出增加的主要原因是工作量增加 (its paragraph ends without a 。): the reason of the
    # 财政拨款 the sentence names, ending where the next paragraph (…主要内容如下：) begins
    reasons = [f for f in doc.facts if "工作量增加" in (f.text or "")]
    assert [(f.subject, f.text) for f in reasons] == [("财政拨款收入", "主要原因是工作量增加")]
    # 1、公共安全支出（204类）司法（06款）行政运行（01项）1672.67万元 is an item's figure, (01项) no count
    assert not any(f.subject == "财政拨款支出" and f.value in (1.0, 1672.67) for f in doc.facts)


def test_numbered_item_labels_name_their_subject(docs):
    # 2.公务接待费。2026年预算数2.98万元，较2025年年初预算增加0.00万元，主要是根据财政审定金额确定公务接待费预算。
    doc = docs["shenzhen_xinfangju_2026_yusuan.pdf"]
    assert _texts(doc, "公务接待费", "reason") == ["主要是根据财政审定金额确定公务接待费预算"]


def test_vehicle_categories_without_a_subject_are_not_counted_as_another(docs):
    # 各预算单位共有车辆2辆，其中，…特种专业技术用车0辆、老干部服务用车2辆
    doc = docs["huzhou_tuiyijunren_2026_yusuan.pdf"]
    counts = {f.value for f in doc.facts if f.subject == "特种专业技术用车" and f.measure == "count"}
    assert counts == {0.0}
    # 车辆2辆，单价在100万元以上的设备1台
    doc = docs["guangzhou_xinfangju_2026_yusuan.pdf"]
    facts = {(f.subject, f.measure, f.value) for f in doc.facts if f.subject in ("公务用车", "单位价值100万元以上设备")}
    assert facts == {("公务用车", "count", 2.0), ("单位价值100万元以上设备", "count", 1.0)}


def test_a_use_keeps_its_figures_and_the_change_after_it(docs):
    # 其中，公务用车购置支出151.68万元…，主要用于经批准购置的5辆公务用车，
    # 比上年预算数增加27.78万元…，主要原因是市西郊监狱…
    doc = docs["hangzhou_sifaju_2026_yusuan.pdf"]
    assert _texts(doc, "公务用车购置费", "use") == ["主要用于经批准购置的5辆公务用车"]
    assert _texts(doc, "公务用车购置费", "reason") == ["主要原因是市西郊监狱本年度拟更新购置大客车，购置费用较高"]
    assert not [f for f in doc.facts if f.subject == "公务用车" and f.value == 5.0]


def _table(doc: Document, title: str):
    return next(t for t in doc.tables if t.title == title)


def test_table_titles_as_printed(docs):
    # 表1：2026年市级部门收支预算总表
    titles = [t.title for t in docs["hangzhou_sifaju_2026_yusuan.pdf"].tables]
    assert titles[0] == "2026年市级部门收支预算总表" and not any(t.startswith(("：", ":")) for t in titles)


def test_title_ruled_inside_the_grid_starts_a_table(docs):
    # 公开02表 / 收入总表 / 部门：苏州市审计局 单位：万元, all inside the ruled grid; 合计 4,651.67
    doc = docs["suzhou_shenjiju_2026_yusuan.pdf"]
    assert [t.title for t in doc.tables[:3]] == ["收支总表", "收入总表", "支出总表"]
    income = _table(doc, "收入总表")
    assert next(r for r in income.rows if r.name == "合计").values["合计"] == 4651.67
    assert all(r.values.get("部门代码") is None for r in income.rows)  # 024 is a code, not 24.0
    totals = _table(doc, "收支总表")
    assert not any(r.name in ("024", "4,651.67") for r in totals.rows)
    # 政府采购支出表: 合计 188.50, 货物 5.50, 服务 183.00
    procurement = _table(doc, "政府采购支出表")
    assert procurement.kind == "procurement"
    totals = {r.name: r.values["总计"] for r in procurement.rows if r.name in ("合计", "货物", "服务")}
    assert totals == {"合计": 188.50, "货物": 5.50, "服务": 183.00}


def test_three_level_three_public_header(docs):
    # 公务用车购置及运行维护费 / 公务用车运行维护费 / 一般公共预算: 2.60 in 2026年
    table = _table(docs["shenzhen_xinfangju_2026_yusuan.pdf"], "财政拨款“三公”经费支出表")
    assert len(set(table.columns)) == len(table.columns)
    row = next(r for r in table.rows if r.name == "2026年")
    assert row.values["公务用车运行维护费一般公共预算"] == 2.60
    assert row.values["公务用车购置及运行维护费小计一般公共预算"] == 2.60
    assert row.values["公务接待费一般公共预算"] == 2.98


def test_totals_printed_across_the_code_columns(docs):
    # 人员经费合计 2,152.26 | 公用经费合计 184.65 (类 款 columns of the 基本支出决算表)
    table = _table(docs["shanghai-putuo_caizhengju_2024_juesuan.pdf"], "一般公共预算财政拨款基本支出决算表")
    figures = {r.name: r.values["决算数"] for r in table.rows if r.name.endswith("经费合计")}
    assert figures == {"人员经费合计": 2152.26, "公用经费合计": 184.65}
    # 合计 96282213.44 元 in the 收入预算总表 of the 司法局
    table = _table(docs["shanghai-putuo_sifaju_2026_yusuan.pdf"], "2026年部门收入预算总表")
    total = next(r for r in table.rows if r.name == "合计")
    assert total.code is None and total.values["收入预算合计"] == 96282213.44


def test_parent_department_where_the_document_names_one(docs):
    # 预算主管部门：上海市普陀区司法局 and 主管部门 福州市商务局 name the department itself: no parent
    assert docs["shanghai-putuo_sifaju_2026_yusuan.pdf"].parent is None
    assert docs["fuzhou_shangwuju_2026_yusuan.pdf"].parent is None
    narrative = "一、部门基本概况\n（一）机构设置\n长沙市某某中心是长沙市教育局所属的公益一类事业单位。\n"
    raw = RawDocument("x.pdf", "长沙市某某中心 2026年部门预算公开", narrative, [])
    assert parse_document(raw).parent == "长沙市教育局"
    row = ["主管部门", "长沙市教育局", "实施单位", "长沙市某某中心"]
    table = RawTable("项目支出绩效目标表", rows=[row, ["项目名称", "某项目", "", ""]])
    raw = RawDocument("x.pdf", "长沙市某某中心 2026年部门预算公开", "一、部门基本概况\n", [table])
    assert parse_document(raw).parent == "长沙市教育局"


def test_a_parent_is_named_by_an_organisation_not_by_words_ending_in_中_or_心():
    def parent(sentence: str) -> str | None:
        narrative = f"一、部门基本概况\n（一）机构设置\n{sentence}\n"
        return parse_document(RawDocument("x.pdf", "长沙市某某中心 2026年部门预算公开", narrative, [])).parent

    # 中心 ends a body's name …
    assert parent("长沙市某某中心是长沙市教育服务中心所属的公益一类事业单位。") == "长沙市教育服务中心"
    # … but 中 or 心 alone ends none: "在机构改革中" and "以便民服务为核心" are no 主管部门
    assert parent("长沙市某某中心是在机构改革中管理体制调整后设立的事业单位。") is None
    assert parent("长沙市某某中心是以便民服务为核心管理的事业单位。") is None


def _indicator(doc: Document, project: str, name: str):
    return next(i for i in doc.indicators if i.project == project and i.name == name)


def test_indicators_of_a_form_per_project(docs):
    # 项目名称 办公楼租金 … 一级指标 二级指标 三级指标 指标值 / 成本指标 经济成本指标 财政投入总数 ≤184.94 万元
    doc = docs["fuzhou_shangwuju_2026_yusuan.pdf"]
    rent = _indicator(doc, "办公楼租金", "财政投入总数")
    assert (rent.level1, rent.level2, rent.value, rent.target, rent.unit, rent.kind) == (
        "成本指标", "经济成本指标", "≤184.94万元", 184.94, "万元", "≤"
    )
    assert rent.goal.startswith("根据与城乡建总签订的《房屋租赁合同》，2026年房租184.94万元")
    port = _indicator(doc, "口岸单位补贴", "港口外贸年吞吐量")
    assert (port.level1, port.level2, port.target, port.unit) == ("效益指标", "社会效益指标", 6000.0, "万吨")
    assert {i.project for i in doc.indicators} >= {"办公楼物业", "菜篮子工程建设专项资金", "物业费"}


def test_indicators_of_a_list_of_projects(docs):
    # 经常性运转经费（水电气）… 成本指标 经济成本指标 水费 120 水费财政拨款总费用 … 万元 ＝
    water = _indicator(docs["changsha_zhijiaojidi_2026_yusuan.pdf"], "经常性运转经费（水电气）", "水费")
    assert (water.level1, water.value, water.target, water.unit, water.kind) == ("成本指标", "120", 120.0, "万元", "＝")
    assert water.content == "水费财政拨款总费用"
    # 公车购置标准 12、18、25 … 定性: three figures, no unit of its own
    cars = next(i for i in docs["changsha_gonganju_2025_yusuan.pdf"].indicators if i.name == "公车购置标准")
    assert (cars.value, cars.kind, cars.unit) == ("12、18、25", "定性", None)


def test_final_account_items_labelled_by_classification_keep_their_own_figures():
    # 上海市普陀区规划和自然资源局 2024 决算 五（三）: "其中：1、社会保障和就业支出（类）行政事业单位养老支出
    # （款）行政单位离退休（项）。主要用于：行政单位退休人员支出。年初预算为54.53万元，支出决算为54.53万元，
    # 完成年初预算的100.00%。"
    doc = read_document(DATA / "shanghai-putuo_guihuaziyuanju_2024_juesuan.pdf")
    item = {f.measure: f for f in doc.facts if f.subject == "行政单位离退休"}
    assert item["budget"].value == 54.53 and item["final"].value == 54.53
    assert item["completion_pct"].value == 100.0
    whole = {f.measure: f for f in doc.facts if f.subject == "一般公共预算拨款" and f.section == "五（三）"}
    assert whole["budget"].value == 10210.34 and whole["completion_pct"].value == 95.45


@pytest.mark.parametrize(
    "name, services",
    [
        ("suzhou_shenjiju_2026_yusuan.pdf", 183.0),  # 拟采购服务支出183万元
        ("huzhou_tuiyijunren_2026_yusuan.pdf", 322.0),  # 政府采购服务预算 322.00 万元
        ("shanghai-putuo_sifaju_2026_yusuan.pdf", 1446.32),  # 政府采购服务预算1446.32万元
        ("shanghai-putuo_wanlijiedao_2025_yusuan.pdf", 983.05),  # 政府采购服务预算（wrapped）983.05万元
    ],
)
def test_procurement_of_services_however_it_is_worded(docs, name, services):
    assert [f.value for f in docs[name].facts if f.subject == "服务类采购" and f.measure == "amount"][:1] == [services]
