"""A department's units and its income by kind, as its text states them (issue #11): how many units and
which (下属有几个预算单位, 都是哪些, 事业单位几个, 内设多少个机构), where its money comes from beyond 财政拨款
(钱从哪来, 除了财政拨款还有哪些). Figures read in the PDFs of tests/fixtures/corpus and data/disclosures."""

from __future__ import annotations

import pytest
from conversing import converse, figures


def test_how_many_units_is_the_sentence_counting_them(corpus_engine):
    # 北京市民政局 一（二）机构设置情况: 市民政局所属15个预算单位，分别是市民政局（本级）、北京市社会组织管理中心…
    reply = converse(corpus_engine, "北京市民政局下属有几个预算单位")
    assert "15个预算单位" in reply.answer


def test_which_units_is_the_list_to_its_end(bundled_engine):
    # 万里街道: 事业单位4家，具体包括：1.…（本部）。2.…社区事务受理服务中心。…6.…综合行政执法队。
    reply = converse(bundled_engine, "万里街道办事处下面有哪些单位")
    assert "社区事务受理服务中心" in reply.answer and "综合行政执法队" in reply.answer


def test_a_kind_of_unit_counted_is_that_kind(bundled_engine):
    reply = converse(bundled_engine, "万里街道办事处有几家事业单位")
    assert "事业单位4家" in reply.answer


@pytest.mark.parametrize(("question", "expected"), [
    # 北京市民政局: 一般公共预算拨款收入66197.67万元，政府性基金808.28万元，事业收入150万元，其他收入382.42万元
    ("北京市民政局的钱从哪来", ("66197.67万元", "808.28万元", "150.00万元", "382.42万元")),
    ("北京市民政局除了财政拨款还有哪些收入", ("150.00万元", "382.42万元")),
])
def test_income_by_kind_names_every_kind_it_has(corpus_engine, question, expected):
    reply = converse(corpus_engine, question)
    assert all(e in reply.answer for e in expected), reply.answer


def test_a_sum_within_a_scope_adds_only_the_items(bundled_engine):
    # founding 表6: 办公费 9.06, 印刷费 1.00 (一般公共预算 and 基本支出 only say where)
    reply = converse(bundled_engine, "热线中心一般公共预算基本支出中办公费和印刷费合计多少")
    assert "合计10.06万元" in reply.answer


def test_which_units_after_except_the_bureau_itself(corpus_engine):
    # 广州市气象局 三、部门预算构成: 下属单位具体包括：广州市防雷减灾管理办公室、广州市气象台、…
    reply = converse(corpus_engine, "广州市气象局除了局本级还有哪几个下属单位？")
    assert "广州市防雷减灾管理办公室" in reply.answer and "广州市气象台" in reply.answer


def test_vehicles_of_its_units_are_its_vehicles_not_its_parent(corpus_engine):
    # 北京市退役军人事务局: 截至2025年底共有车辆108台
    assert "108台" in converse(corpus_engine, "北京市退役军人事务局所属单位共有多少辆车").answer


@pytest.mark.parametrize("question", ["那笔2470.15万元是干什么的", "那2470.15万元的项目支出主要用来干嘛"])
def test_a_quoted_figure_finds_what_it_is_for(bundled_engine, question):
    # founding 四（二）: 项目支出预算2470.15万元，主要是单位为完成特定行政工作任务…
    reply = converse(bundled_engine, question)
    assert "2470.15" in reply.answer and "主要职责" not in reply.answer


@pytest.mark.parametrize(("turns", "expected"), [
    # 杭州市司法局 表7 “三公”经费预算表: 杭州市西郊监狱 101.60, 杭州市南郊监狱 79.30
    (("杭州市西郊监狱的三公经费多少",), ("杭州市司法局", "101.60万元")),
    (("杭州市西郊监狱的三公经费多少", "南郊监狱呢"), ("79.30万元",)),
    # 湖州市退役军人事务局 表02: 湖州市军队离休退休干部休养所 3011.95, 湖州市烈士陵园管理所 316.25
    (("湖州市军队离休退休干部休养所2026年预算多少",), ("3011.95万元",)),
    (("湖州市军队离休退休干部休养所2026年预算多少", "换成烈士陵园管理所呢"), ("316.25万元",)),
])
def test_a_unit_named_with_its_city_is_found_in_the_department_listing_it(bundled_engine, turns, expected):
    reply = converse(bundled_engine, *turns)
    assert all(e in reply.answer for e in expected), reply.answer


def test_a_question_about_a_units_project_is_asked_of_its_department(bundled_engine):
    # 杭州市司法局 表11: 法律援助 … 民事案件200件，刑事案件510件，行政案件30件 (杭州市法律援助中心)
    reply = converse(bundled_engine, "杭州市法律援助中心法律援助项目绩效目标里，刑事案件要完成多少件")
    assert "510件" in reply.answer


def test_a_supervisor_named_in_a_table_is_no_unit(bundled_engine):
    # 长沙职教基地's tables name 长沙市教育局 as 单位名称; the knowledge base holds no 长沙市教育局 budget
    reply = converse(bundled_engine, "长沙市教育局2026年部门预算多少")
    assert "未收录" in reply.answer and "656.73" not in reply.answer


def test_a_body_its_budget_does_not_list_is_not_answered_with_the_departments_figure(bundled_engine):
    # 杭州市司法局 lists its prisons and centres by unit; 杭州市人民医院 is none of them
    for question in ("杭州市司法局下属杭州市人民医院2026年预算多少", "杭州市司法局下属的杭州市人民医院预算多少"):
        reply = converse(bundled_engine, question)
        assert ("没有单列" in reply.answer or "未收录" in reply.answer) and not figures(reply.answer), reply.answer


def test_the_next_unit_asked_after_a_units_budget_is_its_budget(bundled_engine):
    # 杭州市司法局 表2 收入预算总表: 杭州市西郊监狱 19347.38; 杭州市南郊监狱 — its own row
    reply = converse(bundled_engine, "杭州市司法局下属的杭州市西郊监狱今年收入预算多少", "那南郊监狱呢")
    assert "杭州市南郊监狱" in reply.answer and "19347.38" not in reply.answer and figures(reply.answer)


def test_a_row_asked_within_the_names_of_its_table_and_funding(corpus_engine):
    # 深圳市审计局 表6 一般公共预算基本支出表: 30226 劳务费 2.88
    reply = converse(corpus_engine, "深圳市审计局一般公共预算基本支出经济分类中劳务费是多少")
    assert "2.88万元" in reply.answer


def test_offices_counted_as_the_text_counts_them(corpus_engine):
    # 深圳市审计局 二、机构编制: 深圳市审计局（本级）内设机构13个
    reply = converse(corpus_engine, "深圳市审计局内设几个处室")
    assert "13个" in reply.answer


def test_two_units_just_asked_are_compared(bundled_engine):
    # 杭州市司法局 表7: 杭州市西郊监狱 101.60, 杭州市南郊监狱 79.30 → 22.30
    reply = converse(bundled_engine, "杭州市西郊监狱的三公经费多少", "南郊监狱呢", "两家差多少")
    assert "101.60万元" in reply.answer and "79.30万元" in reply.answer and "多22.30万元" in reply.answer
