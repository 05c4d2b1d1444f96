"""Where money comes from (钱从哪来, 资金来源), whether a source was planned at all, and what a project in a
list of projects is for. Figures read in the documents (data/disclosures, tests/fixtures/corpus)."""

from __future__ import annotations

import pytest
from conversing import converse


@pytest.mark.parametrize("question", ["热线中心的钱都是从哪来的", "资金来源有哪些", "经费来源是什么"])
def test_where_the_departments_money_comes_from_is_its_income_by_kind(bundled_engine, question):
    # founding 三（一）: 收入预算2850.48万元，其中，一般公共预算拨款2850.48万元
    reply = converse(bundled_engine, question)
    assert "2850.48万元" in reply.answer and "一般公共预算拨款" in reply.answer


def test_where_a_projects_money_comes_from_is_its_rows_columns(corpus_engine):
    # 广州市气象局 部门预算项目支出及其他支出预算表: 叫应外呼…专项 17.00, all of it 一般公共预算
    reply = converse(corpus_engine, "广州市气象局广州高级别气象预警防灾叫应外呼与声讯电话服务专项多少钱",
                     "这笔钱从哪来的")
    assert "资金来源" in reply.answer and "一般公共预算17.00万元" in reply.answer


def test_a_source_printed_without_a_figure_was_not_planned(bundled_engine):
    # founding 表1 收支总体情况表: the 事业收入 row is blank
    reply = converse(bundled_engine, "12345热线有事业收入吗")
    assert reply.answer.startswith("没有") and "事业收入" in reply.answer and "空白" in reply.answer


def test_a_project_in_a_list_of_projects_is_for_what_its_goal_column_says(corpus_engine):
    # 广州市气象局 项目支出表, 绩效目标 column: …提供不低于200路的外呼呼出能力…
    reply = converse(corpus_engine, "广州市气象局广州高级别气象预警防灾叫应外呼与声讯电话服务专项多少钱",
                     "这个项目是干什么的")
    assert "绩效目标" in reply.answer and "200路" in reply.answer


def test_the_one_project_of_a_department_is_the_project_pointed_at(bundled_engine):
    # founding 绩效目标表: the one project, 长沙市12345政务服务便民热线服务外包采购项目
    reply = converse(bundled_engine, "项目支出主要花在什么项目上", "这个项目是干什么的")
    assert "服务外包采购项目" in reply.answer and "减量减负" in reply.answer


def test_where_the_money_goes_without_a_subject_is_the_spending(bundled_engine):
    # 深圳市信访局: 支出预算4684.30万元 = 基本支出3072.01 + 项目支出1612.29 (表3 支出总表)
    reply = converse(bundled_engine, "深圳信访局的钱主要花在哪")
    assert "4684.30万元" in reply.answer and "基本支出3072.01万元" in reply.answer and "职责" not in reply.answer


def test_what_a_department_named_does_is_its_duties(bundled_engine):
    # 深圳市信访局 主要职责: …负责指导、协调、督办全市信访工作…
    reply = converse(bundled_engine, "深圳市信访局主要是干啥的")
    assert "主要职责" in reply.answer and "督办全市信访工作" in reply.answer


def test_a_project_of_a_performance_list_without_indicators_has_its_goal(corpus_engine):
    # 湖州市财政局 项目支出绩效表: 全市会计人员考培 187.00, 总体目标 …培养40名充分掌握先进会计理论人才…
    reply = converse(corpus_engine, "湖州财政局全市会计人员考培项目安排了多少", "要培养多少名会计人才")
    assert "40名" in reply.answer
    reply = converse(corpus_engine, "湖州财政局全市会计人员考培项目安排了多少", "这个项目是干什么的")
    assert "绩效目标" in reply.answer and "会计专业技术资格" in reply.answer


def test_people_counted_in_the_text_answer_how_many(bundled_engine):
    # 深圳市信访局 一（五）: 1.社工服务项目498.82万元，主要包括：采购大厅纠纷调解社工23名…
    reply = converse(bundled_engine, "深圳市信访局社工服务项目安排了多少钱", "采购了多少名社工")
    assert "23名" in reply.answer and "1100.30" not in reply.answer


@pytest.mark.parametrize("question", ["12345热线2024年安排了哪个项目？资金多少？", "有什么项目"])
def test_which_projects_of_a_department_with_one_project_names_it(bundled_engine, question):
    # founding: 项目支出2470.15万元, one project: 长沙市12345政务服务便民热线服务外包采购项目
    reply = converse(bundled_engine, question)
    assert "2470.15万元" in reply.answer and "服务外包采购项目" in reply.answer
