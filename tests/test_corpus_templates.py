"""One fixture per city template (tests/fixtures/corpus, the corpus fixture set): figures read by a
person in each PDF's text (pdftotext -layout), never copied from the program's output.

Per document: who published it (as the cover or title prints it), year, kind, the unit of its
tables, the income total, 基本/项目支出, the “三公” figures, a few 基本支出 rows by 经济分类 code
and a 名词解释 term. Figures are in the unit the table prints (元 for 上海's tables); the “三公”
figures are in 万元, stated in the narrative or in the “三公” table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from knowledge.domain import to_wan
from knowledge.ingest import read_many
from knowledge.model import Document

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@dataclass(frozen=True)
class Expected:
    department: str
    year: int
    kind: str
    units: dict[str, str]  # table kind -> the unit its 单位 line names
    total: float  # 收入总计 of the 收支总表 (北京: the narrative's 收入预算, its tables are a separate file)
    basic: float | None  # 基本支出 of the spending table's total row
    project: float | None  # 项目支出 of the same row
    three_public: dict[str, float]  # subject -> 万元
    economic: dict[str, tuple[str, float]]  # 经济分类 code -> (name, figure) of the 基本支出 table
    term: str
    tables: bool = True
    notes: list[str] = field(default_factory=list)


THREE = ("“三公”经费", "因公出国（境）费", "公务接待费", "公务用车购置及运行费")


def three(total: float, trip: float, reception: float, cars: float) -> dict[str, float]:
    return dict(zip(THREE, (total, trip, reception, cars), strict=True))


DOCS: dict[str, Expected] = {
    # 上海 市级单位预算: the file of 上海市水务局 holds one of its units' budget; tables in 元
    "上海/2026年上海市水务局_部门预算.pdf": Expected(
        "上海市海洋监测预报中心", 2026, "预算", {"basic_spending": "元", "three_public": "万元"},
        180366183, 24676708, 155689475, three(16.80, 10.00, 0.50, 6.30),
        {"30101": ("基本工资", 3135440), "30201": ("办公费", 446600), "30206": ("电费", 250000),
         "30217": ("公务接待费", 5000), "30302": ("退休费", 304320)},
        "机关运行经费",
    ),
    "上海/2026年上海市公安局_部门预算.pdf": Expected(
        "上海市刑事科学技术研究院", 2026, "预算", {"income_spending_total": "元", "three_public": "万元"},
        70716064, 24148064, 46568000, three(1.70, 0.00, 1.70, 0.00),
        {"30101": ("基本工资", 516600), "30201": ("办公费", 88250), "30217": ("公务接待费", 17000)},
        "事业收入",
    ),
    # 北京 部门预算信息公开: the narrative only; the 报表 are an attachment published apart
    "北京/2026年北京市审计局部门预算.pdf": Expected(
        "北京市审计局", 2026, "预算", {}, 32852.05, 25218.54, 7633.51, three(244.85, 173.52, 6.00, 65.33),
        {}, "基本支出", tables=False,
    ),
    "北京/2026年北京市退役军人事务局部门预算.pdf": Expected(
        "北京市退役军人事务局", 2026, "预算", {}, 1063371.78, 37789.36, 1025582.42,
        three(104.22, 34.38, 1.88, 67.96), {}, "政府采购", tables=False,
    ),
    "北京/2026年北京市民政局部门预算.pdf": Expected(
        "北京市民政局", 2026, "预算", {}, 71094.17, 45980.56, 23336.75, three(282.16, 159.00, 1.35, 121.81),
        {}, "项目支出", tables=False,
    ),
    # 深圳: the 基本支出总表 names its rows without codes; the 预算单位's row is the total
    "深圳/2026年深圳市财政局部门预算.pdf": Expected(
        "深圳市财政局（本级）", 2026, "预算", {"spending": "万元", "basic_spending": "万元"},
        37385.88, 11024.31, 26361.57, three(58.46, 41.60, 9.46, 7.40),
        {"30101": ("基本工资", 1398.46), "30201": ("办公费", 87.63), "30206": ("电费", 336.00),
         "30217": ("公务接待费", 9.46), "30302": ("退休费", 1014.38)},
        "财政拨款收入",
    ),
    "深圳/2026年深圳市审计局部门预算.pdf": Expected(
        "深圳市审计局", 2026, "预算", {"three_public": "万元"}, 10737.69, 9206.23, 1531.45,
        three(35.10, 28.00, 3.50, 3.60),
        {"30101": ("基本工资", 1403.12), "30201": ("办公费", 94.11), "30206": ("电费", 262.00),
         "30217": ("公务接待费", 3.50), "30302": ("退休费", 958.75)},
        "财政拨款收入",
    ),
    # 无锡: page headers, 公开表 numbering; the 信访局 file of 2026 holds the 2025 budget
    "无锡/商务局_2026年部门预算.pdf": Expected(
        "无锡市商务局", 2026, "预算", {"basic_spending": "万元"}, 17466.65, 4670.40, 12796.25,
        three(6.40, 0.00, 3.60, 2.80),
        {"30101": ("基本工资", 633.64), "30201": ("办公费", 88.43), "30217": ("公务接待费", 3.60),
         "30302": ("退休费", 286.16)},
        "财政拨款",
    ),
    "无锡/信访局_2026年部门预算.pdf": Expected(
        "无锡市信访局", 2025, "预算", {"basic_spending": "万元"}, 2867.94, 1692.29, 1175.65,
        three(1.50, 0.00, 1.50, 0.00),
        {"30101": ("基本工资", 202.08), "30201": ("办公费", 41.51), "30217": ("公务接待费", 1.50),
         "30302": ("退休费", 78.38)},
        "财政专户管理资金",
    ),
    # 杭州: 功能分类 and 经济分类 rows by name only; the spending total splits 人员支出 / 日常公用支出
    "杭州/2026年杭州市公安局部门预算.pdf": Expected(
        "杭州市公安局", 2026, "预算", {"three_public": "万元"}, 404415.23, None, 106512.00,
        {"“三公”经费": 4112.82, "公务接待费": 100.93, "公务用车购置及运行费": 4011.89},
        {"30101": ("基本工资", 22519.16), "30201": ("办公费", 650.53), "30217": ("公务接待费", 100.93),
         "30302": ("退休费", 2502.12)},
        "财政专户管理资金",
    ),
    "苏州/2026年苏州市水务局部门预算.pdf": Expected(
        "苏州市水务局", 2026, "预算", {"basic_spending": "万元"}, 92596.24, 2147.85, 90448.39,
        three(15.00, 0.00, 15.00, 0.00),
        {"30101": ("基本工资", 222.98), "30201": ("办公费", 19.45), "30217": ("公务接待费", 15.00),
         "30302": ("退休费", 200.96)},
        "基本支出",
    ),
    # 福州 单位预算: the 公安局 file holds its 治安管理支队's budget; the “三公” total only in its table
    "福州/2026年福州市公安局部门预算.pdf": Expected(
        "福州市公安局治安管理支队", 2026, "预算", {"basic_spending": "万元"}, 2796.14, 2507.88, 288.26,
        three(27.31, 0.00, 2.00, 25.31),
        {"30101": ("基本工资", 464.20), "30201": ("办公费", 76.23), "30217": ("公务接待费", 2.00),
         "30302": ("退休费", 25.76)},
        "财政拨款收入",
    ),
    "湖州/2026年湖州市财政局部门预算.pdf": Expected(
        "湖州市财政局", 2026, "预算", {"basic_spending": "万元"}, 6838.41, None, 1266.75,
        three(9.30, 0.00, 5.80, 3.50),
        {"30101": ("基本工资", 678.19), "30201": ("办公费", 88.48), "30206": ("电费", 93.10),
         "30217": ("公务接待费", 5.80), "30302": ("退休费", 292.27)},
        "财政拨款收入",
    ),
    # 烟台: landscape pages, 部门 and 政府 经济分类 side by side in the 基本支出 tables
    "烟台/2026年烟台市审计局部门预算.pdf": Expected(
        "烟台市审计局", 2026, "预算", {"basic_spending": "万元"}, 3558.35, 2776.85, 781.50,
        three(3.40, 0.00, 3.40, 0.00),
        {"30101": ("基本工资", 442.38), "30201": ("办公费", 47.50), "30206": ("电费", 24.15),
         "30217": ("公务接待费", 3.40), "30302": ("退休费", 196.61)},
        "财政拨款收入",
    ),
    # 广州: [30201]办公费 codes in the name, 行政经费 and “三公” in one table
    "广州/2026年广州市气象局部门预算.pdf": Expected(
        "广州市气象局", 2026, "预算", {"basic_spending": "万元"}, 7651.71, 6146.33, 1505.38,
        three(26.11, 0.00, 1.31, 24.80),
        {"30101": ("基本工资", 726.63), "30201": ("办公费", 21.47), "30217": ("公务接待费", 1.31),
         "30302": ("退休费", 382.54)},
        "“三公”经费",
    ),
    "广州/工业和信息化局_2026年部门预算.pdf": Expected(
        "广州市工业和信息化局", 2026, "预算", {"basic_spending": "万元"}, 225431.78, 15230.73, 210201.05,
        three(95.71, 70.00, 7.18, 18.53),
        {"30101": ("基本工资", 1684.07), "30201": ("办公费", 35.00), "30206": ("电费", 24.25),
         "30217": ("公务接待费", 7.18), "30302": ("退休费", 2481.59)},
        "“三公”经费",
    ),
    # 佛山: the file named for the 交通运输局's 2026 budget holds the 轨道交通局's 2019 决算
    "佛山/2026年佛山市交通运输局部门预算.pdf": Expected(
        "佛山市轨道交通局", 2019, "决算", {"basic_spending": "万元"}, 1668.14, 746.39, 921.75,
        three(0.16, 0.00, 0.16, 0.00),
        {"30101": ("基本工资", 301.79), "30201": ("办公费", 13.80), "30206": ("电费", 11.22),
         "30217": ("公务接待费", 0.16), "30302": ("退休费", 0.00)},
        "上级补助收入",
    ),
    # 武汉: the file holds the 国家信访局's budget (the central template); it never names 武汉
    "武汉/2026年武汉市信访局部门预算.pdf": Expected(
        "国家信访局", 2026, "预算", {"basic_spending": "万元"}, 50616.94, 11056.07, 39560.87,
        three(112.61, 68.50, 5.51, 38.60),
        {"30101": ("基本工资", 1156.05), "30201": ("办公费", 93.70), "30206": ("电费", 146.10),
         "30217": ("公务接待费", 5.51), "30302": ("退休费", 269.19)},
        "上年结转",
    ),
}


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    found = {}
    for outcome in read_many([str(CORPUS / name) for name in DOCS], workers=2):
        assert outcome.error is None, f"{outcome.path}: {outcome.error}"
        assert not outcome.skipped, f"{outcome.path}: parts skipped: {outcome.skipped}"
        found[str(Path(outcome.path).relative_to(CORPUS))] = outcome.document
    return found


def test_the_fixture_set_is_the_corpus_fixture_list():
    assert sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.pdf")) == sorted(DOCS)


@pytest.mark.parametrize("name", sorted(DOCS))
def test_who_when_and_what(docs, name):
    doc, want = docs[name], DOCS[name]
    assert (doc.department, doc.year, doc.kind) == (want.department, want.year, want.kind)


@pytest.mark.parametrize("name", sorted(DOCS))
def test_table_units(docs, name):
    doc, want = docs[name], DOCS[name]
    assert bool(doc.tables) == want.tables
    for kind, unit in want.units.items():
        units = {t.unit for t in doc.tables if t.kind == kind}
        assert units == {unit}, kind


def _total_rows(doc: Document, kinds: tuple[str, ...]):
    """The total rows of tables of these kinds: 合计/总计/收入总计, or the department's own row."""
    names = ("合计", "总计", "收入总计", "收入合计", "本年收入合计", doc.department)
    return [(t, r) for t in doc.tables if t.kind in kinds for r in t.rows if r.name in names]


@pytest.mark.parametrize("name", sorted(DOCS))
def test_income_total(docs, name):
    doc, want = docs[name], DOCS[name]
    if not want.tables:
        assert want.total in _facts(doc, ("收入预算",))
        return
    figures = {v for _, r in _total_rows(doc, ("income_spending_total",)) for v in r.values.values()}
    assert want.total in figures


@pytest.mark.parametrize("name", sorted(DOCS))
def test_basic_and_project_spending(docs, name):
    doc, want = docs[name], DOCS[name]
    for subject, expected in (("基本支出", want.basic), ("项目支出", want.project)):
        if expected is None:
            continue
        if not want.tables:
            assert expected in _facts(doc, (subject,)), subject
            continue
        figures = {
            v for _, r in _total_rows(doc, ("spending", "general_budget"))
            for column, v in r.values.items() if column == subject or column.startswith(subject)
        }
        assert expected in figures, subject


def _facts(doc: Document, subjects: tuple[str, ...]) -> set[float]:
    return {
        round(to_wan(f.value, f.unit), 2) for f in doc.facts
        if f.subject in subjects and f.measure in ("amount", "final") and f.unit in ("元", "万元") and not f.unit_name
    }


@pytest.mark.parametrize("name", sorted(DOCS))
def test_three_public_and_parts(docs, name):
    doc = docs[name]
    words = {"“三公”经费": ("三公", "合计"), "因公出国（境）费": ("出国",), "公务接待费": ("接待",),
             "公务用车购置及运行费": ("购置及运行", "购置和运行")}
    for subject, expected in DOCS[name].three_public.items():
        stated = _facts(doc, (subject,))
        in_table = {
            round(to_wan(v, t.unit), 2) for t in doc.tables if t.kind == "three_public" for r in t.rows
            for column, v in r.values.items()
            if v is not None and any(w in column or w in r.name for w in words[subject])
        }
        assert expected in stated | in_table, subject


@pytest.mark.parametrize("name", sorted(name for name, want in DOCS.items() if want.economic))
def test_basic_spending_rows_by_economic_code(docs, name):
    doc = docs[name]
    rows: dict[str, object] = {}
    for row in (r for t in doc.tables if t.kind == "basic_spending" for r in t.rows if r.code):
        rows.setdefault(row.code, row)  # the first: the 部门经济分类 row before any 事业单位 block
    for code, (row_name, figure) in DOCS[name].economic.items():
        row = rows[code]
        first = next(v for v in row.values.values() if v is not None)
        assert (row.name, first) == (row_name, figure), code


@pytest.mark.parametrize("name", sorted(DOCS))
def test_a_glossary_term(docs, name):
    terms = {t.term: t.definition for t in docs[name].terms}
    assert DOCS[name].term in terms and terms[DOCS[name].term]


def test_each_project_form_of_a_performance_table_keeps_its_own_name_and_goal():
    # 烟台市审计局: one 绩效目标表 printed as a form per project, each opening with 项目名称 (pages 29–33)
    from knowledge.read import read_document

    doc = read_document(CORPUS / "烟台/2026年烟台市审计局部门预算.pdf")
    of_project = [i for i in doc.indicators if i.project == "烟台市智慧审计平台等保测评服务"]
    assert {i.name for i in of_project} >= {"等保测评报告数量", "系统等保测评评分", "等保测评完成时效"}
    assert all(i.goal == "完成烟台市智慧审计平台等保测评" for i in of_project if i.name != "资金总额")
    # the form's head (主管部门…实施单位, 项目资金 年度预算资金总额：4.50) gives the project's money only
    assert [(i.name, i.target) for i in of_project if i.name == "资金总额"] == [("资金总额", 4.5)]
    assert not any("实施单位" in i.name or "：" in i.name for i in doc.indicators)
