"""Two departments in one conversation (issue #11): a question after a switch (两家差多少, 两者相差多少,
两家加起来多少辆, 比北京市审计局多几辆) asks the subject so far of both; a department named by its kind alone
(审计局呢) is the one in the city of the conversation. Figures read in the PDFs (tests/fixtures/corpus)."""

from __future__ import annotations

import pytest
from conversing import converse


@pytest.mark.parametrize("last", ["两者相差多少", "两家差多少", "相差多少"])
def test_the_difference_after_a_switch_is_of_the_two_departments(corpus_engine, last):
    # 深圳市财政局: 机关运行经费财政拨款预算 2,719.55 万元; 深圳市审计局: 1,040.46 万元
    reply = converse(corpus_engine, "深圳市财政局机关运行经费多少", "深圳市审计局呢", last)
    assert "2719.55万元" in reply.answer and "1040.46万元" in reply.answer
    assert "多1679.09万元" in reply.answer and "相减" in reply.answer


def test_counts_of_two_departments_are_compared_as_counts(corpus_engine):
    # 市民政局共有车辆 47 台; 北京市审计局共有车辆 17 台
    reply = converse(corpus_engine, "北京市民政局有几辆车", "比北京市审计局多几辆")
    assert "47台" in reply.answer and "17台" in reply.answer and "多30台" in reply.answer


def test_counts_of_two_departments_are_added_when_asked(corpus_engine):
    reply = converse(corpus_engine, "北京市民政局有几辆车", "北京市审计局呢", "两家加起来多少辆")
    assert "合计64台" in reply.answer


def test_a_question_about_one_department_after_a_switch_is_not_about_two(corpus_engine):
    reply = converse(corpus_engine, "深圳市财政局机关运行经费多少", "深圳市审计局呢", "比上年减少多少")
    assert "2719.55" not in reply.answer and "73.33" in reply.answer  # 较2025年年初预算减少73.33万元


def test_a_department_named_by_its_kind_is_the_one_of_the_conversations_city(corpus_engine):
    reply = converse(corpus_engine, "北京市民政局有几辆车", "审计局呢")
    assert "北京市审计局" in reply.answer and "17台" in reply.answer


@pytest.mark.parametrize("unit", ["其中交警支队呢", "其中交通管理支队呢"])
def test_a_unit_asked_after_its_department_is_its_unit_not_another_citys_body(corpus_engine, unit):
    # 杭州市公安局 表7 “三公”经费预算表: 杭州市公安局交通管理支队 1,960.35 (福州's 交通管理支队 is another body)
    reply = converse(corpus_engine, "杭州市公安局三公经费多少", unit)
    assert "1960.35万元" in reply.answer and "福州" not in reply.answer


def test_a_clause_naming_only_the_department_goes_with_the_questions_after_it(corpus_engine):
    # 上海市海洋监测预报中心: 财政拨款收入17883万元，比2025年预算增加156万元
    reply = converse(corpus_engine, "上海水务局下属的海洋监测预报中心，财政拨款收入多少？比2025年多了多少？")
    assert "上海市海洋监测预报中心" in reply.answer and "17883.00万元" in reply.answer and "156.00万元" in reply.answer
    assert "长沙" not in reply.answer


@pytest.mark.parametrize(("question", "expected"), [
    # 杭州市公安局 表7 “三公”经费预算表: 交通管理支队 1,960.35, 刑事侦查支队 140.94
    ("杭州市公安局交通管理支队和刑事侦查支队三公经费分别多少", ("1960.35万元", "140.94万元")),
    ("杭州市公安局交通管理支队和刑事侦查支队三公经费加起来多少", ("合计2101.29万元",)),
])
def test_units_of_one_department_each_and_together(corpus_engine, question, expected):
    reply = converse(corpus_engine, question)
    assert all(e in reply.answer for e in expected), reply.answer
