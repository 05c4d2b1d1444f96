"""Which words of a question name the subject: a slip is taken for a name only when it sounds like it,
a name inside a longer everyday word is not asked, a table's name only says where, and a follow-up
between two near names is the other part of the same whole. Figures read in data/disclosures."""

from __future__ import annotations

import pytest
from conversing import converse, figures


@pytest.mark.parametrize(("slip", "figure"), [("三工经费多少", "3.93万元"), ("公物用车费多少", "2.03万元"),
                                              ("政府彩购多少", "2419.85万元")])
def test_a_slip_that_sounds_like_the_name_is_the_name(bundled_engine, slip, figure):
    # founding: 三公 3.93, 公务用车购置及运行费 2.03, 政府采购 2419.85
    assert figure in converse(bundled_engine, slip).answer


@pytest.mark.parametrize("question", ["水电费是多少", "基本支出里水电费是多少", "你们办公楼多大面积"])
def test_a_name_inside_a_longer_word_is_not_what_was_asked(bundled_engine, question):
    # the founding document has no 水电费 and no floor area; 邮电费/电费/办公费 are other things
    reply = converse(bundled_engine, question)
    assert "没有找到" in reply.answer and not figures(reply.answer.split("文件中相近的有")[0]), reply.answer
    assert reply.confidence < 0.8


def test_a_tables_name_only_says_where_the_subject_stands(bundled_engine):
    # founding 表4 财政拨款收支总体情况表: the 国有资本经营预算拨款收入 row is blank
    reply = converse(bundled_engine, "2024年财政拨款收支总表中，国有资本经营预算拨款收入安排了多少？")
    assert "国有资本经营预算" in reply.answer and "空白" in reply.answer and "2850.48" not in reply.answer


def test_a_source_named_shortly_finds_its_row(bundled_engine):
    reply = converse(bundled_engine, "有政府性基金支出吗", "那国有资本经营预算呢")
    assert reply.answer.startswith("没有") and "国有资本经营预算" in reply.answer


def test_a_follow_up_between_two_near_names_is_the_other_part(bundled_engine):
    # founding 六（二）: 公务用车运行费2.03万元, the other part of 公务用车购置及运行费 beside 购置费
    reply = converse(bundled_engine, "公务用车购置费多少", "运行维护费呢")
    assert "公务用车运行费预算2.03万元" in reply.answer and "您问的是哪一项" not in reply.answer


def test_the_department_named_stays_while_the_subject_is_chosen(bundled_engine):
    # 深圳市信访局: 公务接待费 2026 年预算数 2.98 万元
    reply = converse(bundled_engine, "深圳信访局公务费多少", "公务接待费")
    assert "深圳市信访局" in reply.answer and "2.98万元" in reply.answer


@pytest.mark.parametrize("question", [
    "基本支出表中公务接待费为0.90万元，而“三公”经费表中为1.90万元，分别指什么",
    "基本支出表里的公务接待费为什么只有0.9万，跟三公经费里说的1.9万不一样？",
])
def test_two_figures_quoted_are_each_said_with_what_it_is(bundled_engine, question):
    # founding: 公务接待费 1.90 in 六（二）/表7, 0.90 in 表6 基本支出
    reply = converse(bundled_engine, question)
    assert "1.90万元" in reply.answer and "0.90万元" in reply.answer and "基本支出中的经济科目" in reply.answer


def test_the_units_in_the_budget_are_its_organisation(bundled_engine):
    # founding 二: 纳入2024年部门预算编制范围的只有长沙市12345政务热线中心本级
    reply = converse(bundled_engine, "热线中心下面有二级单位吗", "那纳入预算编制范围的是哪些")
    assert "本级" in reply.answer and "编制范围" in reply.answer


def test_a_subject_named_inside_a_longer_subject_is_no_department(bundled_engine):
    # founding 表5: 其他政府办公厅（室）及相关机构事务支出 2470.15 — not a 政府办公厅 department
    reply = converse(bundled_engine, "其他政府办公厅（室）及相关机构事务支出是多少？")
    assert "2470.15万元" in reply.answer and "长沙市12345政务热线中心" in reply.answer


def test_words_after_chuliao_are_no_department(bundled_engine):
    # founding 一 主要职责: …定期对热点信息和社情民意进行统计分析…
    reply = converse(bundled_engine, "12345热线中心是干什么的？", "除了转办和运维，还负责哪些统计分析的工作")
    assert "未收录" not in reply.answer and "社情民意" in reply.answer


def test_the_difference_of_two_subjects_asked_with_duochu(bundled_engine):
    # founding: 项目支出2470.15 − 基本支出380.33 = 2089.82
    reply = converse(bundled_engine, "项目支出比基本支出多出多少钱？")
    assert "多2089.82万元" in reply.answer and "相减" in reply.answer


def test_rows_listed_together_come_from_one_table(bundled_engine):
    # founding 表6: 委托业务费2.00, 其他交通费用2.00, 公务用车运行维护费0.24 (the 三公 statement's 2.03 is another view)
    reply = converse(bundled_engine, "委托业务费、其他交通费用和公务用车运行维护费各安排多少？")
    assert "公务用车运行维护费0.24万元" in reply.answer and "2.03" not in reply.answer


def test_the_date_a_count_stands_at_is_no_year_asked(bundled_engine):
    # 长沙市公安局 2025 预算 六（五）: 截至2024年12月底，本单位共有公务用车102辆
    reply = converse(bundled_engine, "长沙市公安局截至2024年底有多少辆车")
    assert "102辆" in reply.answer and "只收录" not in reply.answer


def test_a_year_not_held_keeps_the_department_for_what_follows(bundled_engine):
    # 深圳市信访局 holds 2026 only; its 三公 2026 is 5.58万元
    reply = converse(bundled_engine, "深圳市信访局2024年三公经费多少", "2026年的呢")
    assert "深圳市信访局" in reply.answer and "5.58万元" in reply.answer


def test_jia_shang_before_a_word_is_no_shanghai(bundled_engine):
    # 广州市商务局 …海关部门综合性补助经费 / 加上海事部门综合性补助经费: 加上 + 海事, no 上海
    assert "上海" not in bundled_engine.places("加上海事部门综合性补助经费一共多少")
    assert "上海" in bundled_engine.places("上海市普陀区司法局三公经费多少")


def test_a_slip_with_a_word_glued_to_it(bundled_engine):
    # founding 表6: 住房公积金 29.40
    assert "29.40万元" in converse(bundled_engine, "住房工积金交多少").answer


def test_words_right_before_a_part_of_a_name_name_something_else(corpus_engine):
    # 国家信访局 信息化运行维护绩效目标表: 年度资金总额 2,134.87 — a project, not 公务用车运行维护费
    reply = converse(corpus_engine, "国家信访局2026年信息化运行维护项目安排了多少钱？")
    assert "2134.87万元" in reply.answer and "公务用车" not in reply.answer


def test_a_name_asked_without_its_opening_words_after_a_lead_word(bundled_engine):
    # founding 六（二）: 公务用车运行费2.03万元
    reply = converse(bundled_engine, "三公经费多少", "其中公务用车呢", "买车的钱有没有", "那运行费呢")
    assert "公务用车运行费" in reply.answer and "2.03万元" in reply.answer


def test_why_last_year_was_so_is_the_stated_reason_not_last_years_document(bundled_engine):
    # 深圳市信访局 第五部分: 2026 年财政拨款“三公”经费预算 5.58 万元 — asked why, the document's own statements
    reply = converse(bundled_engine, "深圳市信访局三公经费多少", "为什么上年也是这么多")
    assert "5.58万元" in reply.answer and "只收录" not in reply.answer


def test_a_project_of_a_department_is_no_unit_of_it(bundled_engine):
    # 万里街道 一、项目概况: 万里街道社区公共服务中心新建工程…规划建筑面积约为13459平方米
    reply = converse(bundled_engine, "上海普陀区万里街道办事处的社区公共服务中心新建工程是干什么用的？",
                     "规划建筑面积多少平方米？")
    assert "13459平方米" in reply.answer and "长沙市12345" not in reply.answer


def test_shangji_before_other_words_does_not_ask_the_parent(bundled_engine):
    # founding 二: 长沙市行政审批服务局所属 — but 上级专项转移支付 asks about transfers
    assert "行政审批服务局" in converse(bundled_engine, "热线中心的上级是谁").answer
    reply = converse(bundled_engine, "热线中心有没有上级专项转移支付支出")
    assert "没有找到" in reply.answer and "隶属" not in reply.answer


def test_words_beside_a_name_find_the_column_whose_name_holds_both(corpus_engine):
    # 深圳市财政局 表3 支出总表, 深圳市财政局（本级）: 其中：2026年政府采购项目中预留给中小企业的项目资金规模 537.85
    reply = converse(corpus_engine, "深圳市财政局政府采购预算中预留给中小企业的有多少？")
    assert "537.85万元" in reply.answer and "中小企业" in reply.answer
    assert "2026年2026年" not in reply.answer


def test_words_joined_by_a_particle_are_found_apart_in_the_sentence(bundled_engine):
    # 万里街道: 面向中小企业预留政府采购项目预算金额1928.48万元，其中，预留给小型和微型企业的…1349.94万元
    reply = converse(bundled_engine, "普陀区万里街道2025年政府采购预算多少？", "预留给中小企业的有多少？")
    assert "1928.48万元" in reply.answer and "1349.94万元" in reply.answer


@pytest.mark.parametrize("last", ["这两项加起来多少", "两者合计是多少", "两项一共多少"])
def test_the_two_things_just_asked_are_added(bundled_engine, last):
    # founding 表6: 基本工资 40.50, 津贴补贴 4.32
    reply = converse(bundled_engine, "基本工资预算多少", "津贴补贴呢", last)
    assert "合计44.82万元" in reply.answer


def test_a_projects_name_asked_lists_the_projects(bundled_engine):
    reply = converse(bundled_engine, "热线中心的项目叫什么名字")
    assert "长沙市12345政务服务便民热线服务外包采购项目" in reply.answer


def test_a_target_asked_by_part_of_its_indicators_name_is_the_indicator(bundled_engine):
    # founding 表9: 社会效益指标 安全事故发生率 0 次
    reply = converse(bundled_engine, "外包项目对安全事故的目标值是多少")
    assert "安全事故发生率：0次" in reply.answer


def test_a_short_name_after_a_part_is_the_other_part_of_the_same_whole(bundled_engine):
    # founding 表8: 公务用车购置费 0.00, 公务用车运行费 2.03
    reply = converse(bundled_engine, "热线中心公务用车运行维护费比购置费多多少")
    assert "公务用车购置费0.00万元" in reply.answer and "多2.03万元" in reply.answer


def test_duties_asked_of_it_are_the_departments_not_the_money_just_asked(corpus_engine):
    # 无锡市信访局 一、主要职能: 1.负责处理各类信访事项
    reply = converse(corpus_engine, "无锡市信访局2025年收入预算多少", "它主要负责什么")
    assert "信访事项" in reply.answer and "主要职责" in reply.answer
