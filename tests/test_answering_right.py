"""Answering right on what people ask (issue #11): never a confident figure for a subject the question
did not name; sums, ratios and comparisons said as derived; reasons of the parts; what the document does
not state said plainly. Figures read in data/disclosures/*.txt (the PDFs' text in ../shared)."""

from __future__ import annotations

import json

import pytest
from conversing import converse, figures

from nlu.context import Context


@pytest.mark.parametrize("question", ["热线中心有多少工作人员", "热线中心一共有多少名在编人员", "编制多少人"])
def test_a_thing_the_document_does_not_name_is_said_not_found(bundled_engine, question):
    reply = converse(bundled_engine, question)
    assert "没有找到" in reply.answer and not figures(reply.answer), reply.answer
    assert "满意度" not in reply.answer and "编制范围" not in reply.answer
    assert reply.confidence < 0.8


def test_a_question_naming_its_department_afresh_does_not_carry_the_last_subject(bundled_engine):
    reply = converse(bundled_engine, "住房公积金多少", "热线中心有多少人")
    assert "29.40" not in reply.answer and "这一项" not in reply.answer


def test_vehicles_asked_as_money_are_their_purchase_and_running_cost(bundled_engine):
    # 深圳市信访局: 公务用车购置和运行维护费 2026 年预算数 2.60 万元 (the 0.00 is the planned purchase)
    reply = converse(bundled_engine, "深圳市信访局的公务用车呢")
    assert "2.60万元" in reply.answer


def test_a_total_is_not_noted_against_its_parts(bundled_engine):
    # 广州市信访局 收入总计 3,944.08; 3,204.78 and 739.30 are its 基本支出 and 项目支出
    reply = converse(bundled_engine, "广州信访局收入预算多少")
    assert "3944.08万元" in reply.answer
    assert "3204.78" not in reply.answer and "739.30" not in reply.answer and "口径不同" not in reply.answer


def test_a_claimed_figure_without_unit_is_checked(bundled_engine):
    reply = converse(bundled_engine, "三公经费是不是999999999")
    assert reply.answer.startswith("不是") and "3.93万元" in reply.answer


def test_codes_are_functional_or_economic_by_their_first_digit(bundled_engine):
    assert "功能科目“政府办公厅（室）及相关机构事务”" in converse(bundled_engine, "20103是什么").answer
    assert "经济科目“基本工资”" in converse(bundled_engine, "30101是什么").answer


def test_a_ranking_lists_each_row_once(bundled_engine):
    reply = converse(bundled_engine, "无锡市统计局基本支出里哪项最多")
    assert reply.answer.count("津贴补贴") == 1 and "829.90万元" in reply.answer


@pytest.mark.parametrize("turns, total", [
    (("招待费和公车费加起来多少",), "3.93"),  # 公务接待费 1.90 + 公务用车购置及运行费 2.03
    (("基本工资多少", "加上绩效工资一共多少"), "82.19"),  # 40.50 + 41.69
])
def test_sums_of_named_subjects_are_derived_and_said_so(bundled_engine, turns, total):
    reply = converse(bundled_engine, *turns)
    assert f"合计{total}万元" in reply.answer and "相加" in reply.answer


def test_ratios_and_comparisons_of_two_subjects(bundled_engine):
    # 项目支出 2470.15 ÷ 基本支出 380.33 = 6.49; 培训费 2.85 > 会议费 0.00
    assert "6.49倍" in converse(bundled_engine, "项目支出是基本支出的几倍").answer
    assert converse(bundled_engine, "培训费是不是比会议费多").answer.startswith("是的")
    assert converse(bundled_engine, "会议费是不是比培训费多").answer.startswith("不是")


def test_a_total_is_explained_by_the_reasons_of_its_parts(bundled_engine):
    # 湖州市退役军人事务局: the “三公” fall is explained only for its parts (无购置公务用车计划)
    reply = converse(bundled_engine, "湖州市退役军人事务局三公经费为什么减少")
    assert "无购置公务用车计划" in reply.answer and "没有说明" not in reply.answer


def test_a_final_account_asked_where_only_the_budget_is_held_is_said_so(bundled_engine):
    reply = converse(bundled_engine, "三公经费决算是多少")
    assert "没有决算" in reply.answer and "3.93万元" in reply.answer and reply.confidence < 0.8


@pytest.mark.parametrize("question", ["主要职责是什么", "负责什么", "管哪些事", "热线中心主要负责哪些工作"])
def test_duties_however_asked(bundled_engine, question):
    assert "业务转办" in converse(bundled_engine, question).answer


@pytest.mark.parametrize("question, figure", [
    ("基本支出里的办公费是多少", "9.06万元"),  # 30201 办公费 in the 基本支出 table
    ("基本支出表里列的公务接待费是多少", "0.90万元"),  # 30217, not the 1.90 of the “三公” table
    ("深圳市信访局基本支出里的办公费是多少", "21.00万元"),
])
def test_a_subject_within_another_is_answered_within_it(bundled_engine, question, figure):
    assert figure in converse(bundled_engine, question).answer


def test_unchanged_and_the_documents_own_precision(bundled_engine):
    assert "与2024年持平" in converse(bundled_engine, "长沙市公安局三公经费比上年变化多少").answer
    assert "下降95.0%" in converse(bundled_engine, "湖州市退役军人事务局三公经费比上年变化多少").answer


def test_full_width_digits_in_a_name(bundled_engine):
    assert "3.93万元" in converse(bundled_engine, "３公经费").answer


def test_follow_ups_keep_to_what_was_asked(bundled_engine):
    last_year = converse(bundled_engine, "三公经费多少", "那去年呢", "比上年呢")
    assert "减少0.21万元" in last_year.answer and "4.14" not in last_year.answer
    part = converse(bundled_engine, "三公经费多少", "那去年呢", "其中公务用车呢")
    assert "2.03万元" in part.answer


def test_a_department_the_knowledge_base_lacks_stays_unknown_in_follow_ups(bundled_engine):
    reply = converse(bundled_engine, "北京市审计局三公经费多少", "其中公务接待费呢")
    assert "北京市审计局" in reply.answer and "未收录" in reply.answer and not figures(reply.answer)


@pytest.mark.parametrize("question", ["三公中三公占", "三公里面三公占比", "其中其中", "占占占", "里里中中"])
def test_odd_repetitions_get_a_reply(bundled_engine, question):
    assert converse(bundled_engine, question).answer


@pytest.mark.parametrize("question, place", [
    ("烟台发改委机关运行经费是多少", "烟台"),  # a city and a shortening: never the hotline's 38.80
    ("浏阳市三公经费多少", "浏阳市"),  # a county-level city
    ("长沙县财政局的三公经费是多少", "长沙县"),  # a county of 长沙 is not 长沙
])
def test_a_place_the_knowledge_base_does_not_hold_is_said_not_held(bundled_engine, place, question):
    reply = converse(bundled_engine, question)
    assert "未收录" in reply.answer and place in reply.answer, reply.answer
    assert "38.80" not in reply.answer and "3.93" not in reply.answer


def test_a_city_whose_name_is_a_word_is_no_place_in_that_word(bundled_engine):
    # 来宾 is a city in 广西, and also a guest: 接待来宾 asks about reception, not about 来宾市
    assert "未收录" not in converse(bundled_engine, "接待来宾的费用是多少").answer


def test_a_shortening_after_a_city_names_its_department(corpus_engine):
    # 广州市工业和信息化局 as people write it
    reply = converse(corpus_engine, "广州工信局三公经费是多少")
    assert reply.answer.startswith("广州市工业和信息化局"), reply.answer


@pytest.mark.parametrize("choice", ["广州市信访局", "广州", "广州的"])
def test_the_answer_to_which_department_answers_the_question_waiting(bundled_engine, choice):
    # 广州市信访局: “三公”经费 2026 年预算 4.80 万元
    reply = converse(bundled_engine, "信访局三公经费是多少")
    assert "请问您指的是哪一个" in reply.answer
    reply = bundled_engine.answer(choice, Context.from_dict(json.loads(json.dumps(reply.context.to_dict()))))
    assert reply.answer.startswith("广州市信访局2026年“三公”经费预算4.80万元"), reply.answer


def test_a_new_subject_before_choosing_asks_again(bundled_engine):
    reply = converse(bundled_engine, "信访局三公经费是多少", "机关运行经费呢")
    assert "请问您指的是哪一个" in reply.answer and "广州市信访局" in reply.answer
    assert "38.80" not in reply.answer
    reply = converse(bundled_engine, "信访局三公经费是多少", "机关运行经费呢", "深圳的")
    assert reply.answer.startswith("深圳市信访局") and "机关运行经费" in reply.answer, reply.answer


def test_two_clauses_do_not_say_a_figure_twice(bundled_engine):
    # 培训费 2.85万元, 约300人; 政府采购 2419.85万元 of which 服务类 2413.65万元
    reply = converse(bundled_engine, "培训费预算多少？培训多少人")
    assert reply.answer.count("2.85万元") == 1 and "300人" in reply.answer
    reply = converse(bundled_engine, "政府采购多少，其中服务类采购多少")
    assert reply.answer.count("2413.65万元") == 1 and "2419.85万元" in reply.answer


def test_which_of_two_departments_is_more_is_said(bundled_engine):
    # 深圳市信访局 “三公”经费 5.58万元, 广州市信访局 4.80万元
    reply = converse(bundled_engine, "深圳市信访局和广州市信访局哪个三公经费多")
    assert "深圳市信访局比广州市信访局多0.78万元" in reply.answer


def test_a_stated_share_says_of_what_once(corpus_engine):
    # 北京市审计局: 基本支出预算25218.54万元，占本年支出预算76.76%
    reply = converse(corpus_engine, "北京市审计局基本支出占多少")
    assert "占本年支出预算的76.76%" in reply.answer and "占本年支出预算占" not in reply.answer


def test_a_year_after_a_reason_asks_that_years_figure(bundled_engine):
    # 三公经费 3.93万元，比2023年减少0.21万元: 2023 was 4.14万元, derived
    reply = converse(bundled_engine, "三公经费是多少", "为什么减少", "那2023年呢")
    assert "4.14万元" in reply.answer and "推算" in reply.answer


def test_a_numbered_sentence_is_not_cited_as_a_heading(bundled_engine):
    from bot.frontends.render import sources_text

    reply = converse(bundled_engine, "长沙市信访局的主要职能")
    assert "受理人民群众" in reply.answer
    assert "境外人士给" not in sources_text(reply.sources)


def test_budget_inside_a_name_does_not_ask_for_a_budget(bundled_engine):
    # 普陀区财政局 2024 决算: 一般公共预算拨款 names a subject; it does not ask for the 预算 of a 决算
    reply = converse(bundled_engine, "普陀区财政局一般公共预算拨款是多少")
    assert "没有预算数" not in reply.answer and "2940.05万元" in reply.answer
    # its 预算 asked: the 年初预算 the 决算 states (“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元)
    reply = converse(bundled_engine, "普陀区财政局2024年预算的三公经费是多少")
    assert "年初预算0.95万元" in reply.answer and "决算0.00万元" in reply.answer, reply.answer
    assert "没有预算数" in converse(bundled_engine, "普陀区财政局2024年公务接待费预算是多少").answer


@pytest.mark.parametrize("question", ["广州市信访局基本支出电费多少", "广州市信访局基本支出的电费是多少"])
def test_a_short_name_right_after_its_whole_is_asked_within_it(bundled_engine, question):
    # 广州市信访局 一般公共预算基本支出表: [30206]电费 4.50 (the 项目支出 table's 电费 is 42.00)
    reply = converse(bundled_engine, question)
    assert reply.answer.startswith("广州市信访局2026年电费预算4.50万元"), reply.answer


def test_a_bare_spending_word_after_a_fund_is_no_part_of_it(corpus_engine):
    reply = converse(corpus_engine, "烟台审计局政府性基金预算支出")
    assert "基本支出" not in reply.answer, reply.answer


def test_what_a_fund_is_used_for_is_its_tables_items_when_the_text_says_nothing(tmp_path):
    # as 烟台市发展和改革委员会 2026 表9 prints it: 国有资本经营预算支出 124.00 = 10.00 + 114.00
    from bot.core.engine import Engine
    from knowledge.model import Document, Fact, Row, Section, Table
    from knowledge.store import open_db, write_document

    columns = ["合计"]
    table = Table(9, "国有资本经营预算支出情况表", "state_capital", "万元", columns, [
        Row("合计", {"合计": 124.0}),
        Row("国有资本经营预算支出", {"合计": 124.0}, code="223"),
        Row("国有企业改革成本支出", {"合计": 10.0}, code="2230107"),
        Row("离休干部医药费补助支出", {"合计": 114.0}, code="2230108"),
    ])
    said = "国有资本经营预算收入124万元。"
    doc = Document("测试委员会", 2026, "预算", "万元", "测试委员会2026年部门预算公开", "test.txt",
                   sections=[Section("一", "收入预算", said)],
                   facts=[Fact("国有资本经营预算", "amount", 124.0, "万元", None, "一", said)],
                   tables=[table])
    write_document(open_db(tmp_path / "kb.db"), doc)
    reply = converse(Engine(tmp_path / "kb.db"), "国有资本经营预算干什么用")
    assert "国有企业改革成本支出10.00万元" in reply.answer and "离休干部医药费补助支出114.00万元" in reply.answer


def test_a_unit_the_departments_document_speaks_of_is_answered_from_it(tmp_path):
    # as 深圳市建筑工务署 2026 第三部分 四 prints it
    from bot.core.engine import Engine
    from knowledge.model import Document, Fact, Section
    from knowledge.store import open_db, write_document

    said = "市测试工务署工程设计管理中心预算5,570.36万元，包括在职人员经费4,714.00万元、项目支出697.69万元。"
    doc = Document("测试工务署", 2026, "预算", "万元", "测试工务署2026年部门预算公开", "test.txt",
                   sections=[Section("一", "收入预算", "收入预算80,000.00万元。"),
                             Section("四、", "市测试工务署工程设计管理中心", said)],
                   facts=[Fact("收入预算", "amount", 80000.0, "万元", None, "一", "收入预算80,000.00万元。")])
    write_document(open_db(tmp_path / "kb.db"), doc)
    reply = converse(Engine(tmp_path / "kb.db"), "测试工务署收入预算多少", "工程设计管理中心预算多少")
    assert "5,570.36万元" in reply.answer and "未收录" not in reply.answer, reply.answer
    assert reply.confidence < 0.8  # a quoted sentence, not a figure the knowledge base holds


def test_what_project_spending_is_used_for_is_its_largest_projects(bundled_engine):
    # 杭州市司法局 表10: 北郊监狱 狱政设施建设 12,898.00 of 28,506.17; 东郊监狱 has one of the same name, 1,059.66
    reply = converse(bundled_engine, "杭州市司法局项目支出主要用于什么")
    assert "28506.17万元" in reply.answer and "杭州市北郊监狱狱政设施建设12898.00万元" in reply.answer
    reply = converse(bundled_engine, "杭州市司法局哪个项目最多")
    assert "最多的是杭州市北郊监狱狱政设施建设，12898.00万元" in reply.answer, reply.answer


def test_all_the_targets_are_listed_with_their_goal(bundled_engine):
    # 表9: nine indicators of the 服务外包采购项目, then 表10's 回访满意度 ≥90 (百分比)
    reply = converse(bundled_engine, "热线中心的绩效目标是什么")
    for said in ("座席配置：200个", "安全事故发生率：0次", "人员培训：≥24次", "满意度：≥90%", "回访满意度：≥90%"):
        assert said in reply.answer, said
    assert "目标：为保障全市12345政务热线工作持续开展和高效运转" in reply.answer
    assert "根据来电情况完成率" not in reply.answer  # a qualitative target takes no unit


def test_among_several_departments_and_none_preferred_the_bot_asks_which(tmp_path):
    from bot.core.engine import Engine
    from knowledge.model import Document, Fact, Section
    from knowledge.store import open_db, write_document

    db = open_db(tmp_path / "kb.db")
    for department, figure in (("测试市审计局", 35.10), ("测试市财政局", 12.00)):
        said = f"“三公”经费预算{figure:.2f}万元。"
        title = f"{department}2026年部门预算公开"
        write_document(db, Document(department, 2026, "预算", "万元", title, f"{figure}.txt",
                                    sections=[Section("一", "三公经费", said)],
                                    facts=[Fact("“三公”经费", "amount", figure, "万元", None, "一", said)]))
    engine = Engine(tmp_path / "kb.db")
    reply = converse(engine, "三公经费是多少")
    assert "请问您指的是哪一个" in reply.answer and "测试市审计局" in reply.answer and "测试市财政局" in reply.answer
    assert "35.10" not in reply.answer and "12.00" not in reply.answer  # never one picked at random
    assert "35.10万元" in converse(engine, "三公经费是多少", "测试市审计局").answer
    assert "请在问题里说明是哪个部门" in converse(engine, "帮助").answer


def test_an_unchanged_figure_is_said_unchanged_when_its_reason_is_asked(tmp_path):
    # as 上海市住建委人才开发评价中心 2026 says it: “三公”经费预算数为3.20万元，与2025年预算持平
    from bot.core.engine import Engine
    from knowledge.model import Document, Fact, Section
    from knowledge.store import open_db, write_document

    said = "2026年“三公”经费预算数为3.20万元，与2025年预算持平，主要原因是公务用车运行费保持不变。"
    facts = [Fact("“三公”经费", "amount", 3.2, "万元", None, "一", said),
             Fact("“三公”经费", "change", 0.0, "万元", "2025年预算", "一", said),
             Fact("“三公”经费", "reason", None, None, "主要原因是公务用车运行费保持不变", "一", said)]
    write_document(open_db(tmp_path / "kb.db"), Document(
        "测试中心", 2026, "预算", "万元", "测试中心2026年部门预算公开", "t.txt",
        sections=[Section("一", "三公经费", said)], facts=facts))
    reply = converse(Engine(tmp_path / "kb.db"), "三公经费为什么没变")
    assert "与2025年预算持平" in reply.answer and "减少0.00" not in reply.answer, reply.answer


@pytest.mark.parametrize("turns, said", [
    (("项目支出多少", "这钱主要干嘛用"), "服务外包采购项目"),  # a use, asked colloquially
    (("收入预算多少", "怎么比去年涨了这么多"), "中心工作人员增加"),  # a reason
    (("收入预算为啥比去年多了五百多万",), "中心工作人员增加"),  # a figure said in words asks nothing new
])
def test_colloquial_follow_ups_ask_what_they_mean(bundled_engine, turns, said):
    assert said in converse(bundled_engine, *turns).answer


def test_this_year_and_last_year_in_one_message(bundled_engine):
    # 三公经费 3.93万元，比2023年减少0.21万元: 2023 was 4.14万元, derived
    reply = converse(bundled_engine, "三公经费今年多少？去年呢？")
    assert "3.93万元" in reply.answer and "4.14万元" in reply.answer


def test_an_outturn_is_never_derived_from_a_budget(bundled_engine):
    # 广州市信访局 2026 预算: “三公”经费4.8万元，比上年减少1万元 — against last year's budget, not its 决算
    reply = converse(bundled_engine, "广州市信访局2025年三公经费决算是多少")
    assert "约为" not in reply.answer and "5.80" not in reply.answer, reply.answer
    assert "5.80万元" in converse(bundled_engine, "广州市信访局2025年三公经费是多少").answer


def test_devices_asked_the_way_people_say_them(bundled_engine):
    # 长沙市公安局 2025: 单位价值 100 万元以上设备 15 台；新增 3 台
    reply = converse(bundled_engine, "长沙市公安局有几辆车", "那100万以上的设备呢")
    assert "100万元以上设备15台" in reply.answer, reply.answer


def test_a_department_of_another_place_named_with_de(bundled_engine):
    # 广州市信访局: “三公”经费 2026 年预算 4.80 万元
    reply = converse(bundled_engine, "长沙市信访局三公经费", "那广州的信访局呢")
    assert reply.answer.startswith("广州市信访局2026年“三公”经费预算4.80万元"), reply.answer


def test_a_clause_going_on_from_the_one_before_asks_about_its_subject(bundled_engine):
    # 花多少钱 after 有几辆公务用车: the cars' cost (2.03万元), not the department's whole spending
    reply = converse(bundled_engine, "热线中心有几辆公务用车，花多少钱")
    assert "公务用车1辆" in reply.answer and "公务用车购置及运行费预算2.03万元" in reply.answer, reply.answer
    assert "支出预算" not in reply.answer


def test_a_project_is_found_by_the_words_people_use_for_it(bundled_engine):
    # 上海市普陀区司法局 2026: 人民调解项目经费 … 六、年度预算安排 795万元
    reply = converse(bundled_engine, "普陀区司法局人民调解一年多少钱")
    assert "人民调解项目经费预算795.00万元" in reply.answer, reply.answer


def test_a_name_that_is_itself_a_question_goes_on_from_the_subject_before(bundled_engine):
    # 热线中心: 公务用车购置及运行费 2.03万元; 花多少钱 after the cars asks their cost, not the 2850.48 spent in all
    reply = converse(bundled_engine, "热线中心有几辆公务用车", "花多少钱")
    assert "2.03万元" in reply.answer and "2850.48" not in reply.answer, reply.answer


def test_a_scope_asked_after_a_subject_is_where_that_subject_is_looked_for(bundled_engine):
    # the founding document's 基本支出 table has 办公费 9.06 but no 培训费 row (培训费 2.85 is the text's)
    assert "办公费预算9.06万元" in converse(bundled_engine, "办公费多少", "其中基本支出里的呢").answer
    reply = converse(bundled_engine, "培训费多少", "基本支出里的呢")
    assert "基本支出中没有单列“培训费”" in reply.answer and "2.85万元" in reply.answer, reply.answer


@pytest.mark.parametrize("question, duty", [
    ("无锡市统计局主要职责是什么", "组织领导和协调全市统计工作"),  # 一、主要职能 with its items under it
    ("苏州审计局负责什么", "主管全市审计工作"),
    ("深圳市信访局是干什么的", "贯彻落实党中央及省委关于信访工作的方针政策"),  # begins on the page after the 目录
])
def test_duties_printed_under_a_heading_of_their_own_are_said(bundled_engine, question, duty):
    assert duty in converse(bundled_engine, question).answer


def test_an_unchanged_figure_gets_no_reason_from_the_next_item(bundled_engine):
    # 湖州退役军人事务局 二（九）2.公务接待费 1.10万元，与上年数持平 (no reason); 3. 公务用车 has its own reason
    reply = converse(bundled_engine, "湖州市退役军人事务局公务接待费为什么变化")
    assert "与上年数持平" in reply.answer and "文件没有说明原因" in reply.answer, reply.answer
    assert "无购置公务用车计划" not in reply.answer and "主要原因是2026" not in reply.answer


def test_a_parts_change_explained_by_its_whole_says_so(bundled_engine):
    # the founding document explains the 三公 total's fall only, not 公务接待费's
    reply = converse(bundled_engine, "三公经费是多少", "其中公务接待费呢", "为什么增加")
    assert "没有单独说明公务接待费的变化" in reply.answer and "从严控制“三公”经费开支" in reply.answer
    assert reply.confidence < 0.8


def test_why_something_the_department_has_none_of_changed_quotes_that_it_has_none(bundled_engine):
    reply = converse(bundled_engine, "政府性基金为什么变化")
    assert "无政府性基金安排的支出" in reply.answer and "没有。" not in reply.answer, reply.answer


def test_a_table_listing_units_is_read_at_its_total_row(bundled_engine):
    # 湖州退役军人事务局 表7 (三公 by unit): 合计 1.10, the bureau's own row 1.00 — the text says 1.10
    reply = converse(bundled_engine, "湖州市退役军人事务局公务接待费")
    assert "1.10万元" in reply.answer and "1.00万元" not in reply.answer, reply.answer


def test_parts_that_do_not_make_up_the_whole_are_not_listed_as_its_parts(tmp_path):
    # as 深圳市建筑工务署's 基本支出 20723.90 read with its 本级's 人员经费 and 公用经费: no breakdown
    from bot.core.engine import Engine
    from knowledge.model import Document, Fact, Section
    from knowledge.store import open_db, write_document

    said = "基本支出20723.90万元。人员经费3169.47万元。公用经费751.34万元。"
    facts = [Fact("基本支出", "amount", 20723.90, "万元", None, "一", said),
             Fact("人员经费", "amount", 3169.47, "万元", None, "一", said),
             Fact("公用经费", "amount", 751.34, "万元", None, "一", said)]
    write_document(open_db(tmp_path / "kb.db"), Document(
        "测试署", 2026, "预算", "万元", "测试署2026年部门预算公开", "t.txt",
        sections=[Section("一", "基本支出", said)], facts=facts))
    reply = converse(Engine(tmp_path / "kb.db"), "基本支出多少")
    assert reply.answer.startswith("测试署2026年基本支出预算20723.90万元") and "人员经费" not in reply.answer


def test_duties_are_listed_whole_each_briefly(bundled_engine):
    # 无锡市统计局 一、主要职能 （一）…（九）落实全市统计法治责任…: the ninth duty is said too
    reply = converse(bundled_engine, "无锡市统计局主要职责有哪些")
    assert "组织领导和协调全市统计工作" in reply.answer and "落实全市统计法治责任" in reply.answer, reply.answer
    assert "主要职能" in reply.sources[0].place


def test_an_indicators_target_comes_with_its_projects_goal(bundled_engine):
    # 热线中心 项目支出绩效目标表: 满意度 ≥90%, under the goal 为保障全市12345政务热线工作持续开展和高效运转…
    reply = converse(bundled_engine, "热线中心满意度的绩效目标是什么")
    assert "≥90%" in reply.answer and "为保障全市12345政务热线工作持续开展和高效运转" in reply.answer, reply.answer


def test_a_question_of_two_phrases_finds_the_sentence_of_the_one_the_document_has(bundled_engine):
    # 广州市信访局 国有资产占有使用情况: its 固定资产 sentence; 家底有多厚 is nowhere in the document
    reply = converse(bundled_engine, "广州市信访局家底有多厚？固定资产总共多少钱")
    assert "固定资产" in reply.answer and "中写道" in reply.answer and reply.confidence < 0.8, reply.answer


def test_a_phrase_found_in_the_text_stays_the_subject_of_the_next_question(bundled_engine):
    # 广州市信访局 五、国有资产占有使用情况: 固定资产金额2,995.16万元; 这笔钱 asks about it again
    first = converse(bundled_engine, "广州市信访局固定资产多少")
    assert "固定资产金额2,995.16万元" in first.answer and first.context.subject == "固定资产"
    reply = bundled_engine.answer("那这笔钱呢", first.context)
    assert "固定资产金额2,995.16万元" in reply.answer, reply.answer


def test_what_a_project_is_for_is_its_performance_goal_not_the_departments_duties(bundled_engine):
    # 热线中心 项目支出绩效目标表: 服务外包采购项目 2,470.15, 绩效目标 为保障全市12345政务热线工作持续开展和高效运转…
    reply = converse(bundled_engine, "热线中心服务外包采购项目多少钱", "这个项目是干什么的")
    assert "为保障全市12345政务热线工作持续开展和高效运转" in reply.answer, reply.answer
    assert "主要职责" not in reply.answer


def test_the_whole_budgets_total_is_not_set_beside_the_fiscal_tables_total(corpus_engine):
    # 烟台市审计局: 收入总计 3,558.35万元 (表1); 表4 财政拨款收支总表's 收入总计 2,776.75 is 财政拨款's alone
    reply = converse(corpus_engine, "烟台市审计局收入总计")
    assert "3558.35万元" in reply.answer and "2776.75" not in reply.answer, reply.answer


def test_a_reason_opening_a_numbered_list_is_said_with_its_items(tmp_path):
    # as 深圳市交通运输局 2026 says it: 主要原因说明：（一）主要增加因素：1.…。主要原因：…。2.…
    from bot.core.engine import Engine
    from knowledge.model import Document, Fact, Section
    from knowledge.store import open_db, write_document

    said = ("2026年部门预算收入1,000.00万元，较2025年年初预算增加100.00万元。主要原因说明：（一）主要增加因素："
            "1.轨道交通管理经费增加80.00万元。主要原因：可行性缺口补助支出增加。2.路隧改革支出增加20.00万元。"
            "主要原因：货运优惠补偿政策到期。")
    quote = "2026年部门预算收入1,000.00万元，较2025年年初预算增加100.00万元。"
    facts = [Fact("收入预算", "amount", 1000.0, "万元", None, "一、", quote),
             Fact("收入预算", "change", 100.0, "万元", "2025年年初预算", "一、", quote)]
    write_document(open_db(tmp_path / "kb.db"), Document(
        "测试局", 2026, "预算", "万元", "测试局2026年部门预算公开", "t.txt",
        sections=[Section("一、", "部门预算收支总体情况", said), Section("二、", "其他", "二、其他说明。")],
        facts=facts))
    reply = converse(Engine(tmp_path / "kb.db"), "预算为什么增加")
    assert "可行性缺口补助" in reply.answer and "货运优惠补偿政策到期" in reply.answer, reply.answer
    assert "其他说明" not in reply.answer


def test_a_name_that_is_a_question_beside_a_name_is_only_its_form(bundled_engine):
    # 公务用车购置及运行费 2.03万元 — not the department's 支出预算 2850.48 (花多少钱)
    reply = converse(bundled_engine, "热线中心公务用车购置及运行费花多少钱")
    assert "2.03万元" in reply.answer and "2850.48" not in reply.answer, reply.answer


def test_words_with_a_name_only_other_documents_use_are_looked_for_together(bundled_engine):
    # 深圳市信访局 (二)…大厅律师服务支出120万元: 律师服务 with 经费, a money word the text leaves out there
    reply = converse(bundled_engine, "深圳市信访局大厅律师服务经费多少")
    assert "120" in reply.answer, reply.answer


def test_a_figure_in_the_paragraph_a_project_heads_is_found(tmp_path):
    # as 北京市交通委员会 2026 says it: 四环主路维修专项工程：根据…更新…。本项目计划安排年初预算21384.60万元
    from bot.core.engine import Engine
    from knowledge.model import Document, Section
    from knowledge.store import open_db, write_document

    said = ("四环主路维修专项工程：根据北京市政府工作报告相关工作要求，对四环主路部分路段进行一体化更新，"
            "以降低道路桥梁病害发展速度。本项目计划安排年初预算21384.60万元，全面提升四环主路服务效能。")
    write_document(open_db(tmp_path / "kb.db"), Document(
        "测试委", 2026, "预算", "万元", "测试委2026年部门预算公开", "t.txt",
        sections=[Section("五（五）", "重点支出和重大投资项目情况说明", said)]))
    reply = converse(Engine(tmp_path / "kb.db"), "四环主路维修安排了多少钱")
    assert "21384.60万元" in reply.answer, reply.answer


def test_a_projects_money_is_read_from_its_performance_form(bundled_engine):
    # 福州市商务局 口岸单位补贴项目绩效目标表: 项目名称 口岸单位补贴 … 资金总额 6200.00
    reply = converse(bundled_engine, "福州市商务局的口岸单位补贴项目有多少钱？")
    assert "6200.00万元" in reply.answer and "提租补贴" not in reply.answer, reply.answer


def test_a_row_named_in_quotes_within_a_funding_source(bundled_engine):
    # 杭州市司法局 一般公共预算当年拨款: 罪犯生活及医疗卫生 3,075.62 (4,250.62 counts all funds)
    reply = converse(bundled_engine, "杭州市司法局一般公共预算当年拨款中“罪犯生活及医疗卫生”安排了多少？")
    assert reply.answer.startswith("杭州市司法局2026年罪犯生活及医疗卫生预算3075.62万元"), reply.answer


def test_an_everyday_word_for_project_spending_ending_a_projects_name_is_that_project(tmp_path):
    # as 深圳市公安局 2026 says it: 警航专项经费2,619.00万元 — 专项经费 alone would be 项目支出
    from bot.core.engine import Engine
    from knowledge.model import Document, Fact, Section
    from knowledge.store import open_db, write_document

    said = "项目支出57973.81万元。警航专项经费2,619.00万元，用于保障直升机托管、保险、航空煤油等支出。"
    write_document(open_db(tmp_path / "kb.db"), Document(
        "测试局", 2026, "预算", "万元", "测试局2026年部门预算公开", "t.txt",
        sections=[Section("一", "部门预算支出具体情况", said)],
        facts=[Fact("项目支出", "amount", 57973.81, "万元", None, "一", said)]))
    reply = converse(Engine(tmp_path / "kb.db"), "警航专项经费是多少")
    assert "2,619.00万元" in reply.answer and "57973.81" not in reply.answer, reply.answer


def test_a_stated_share_of_the_whole_asked_is_said_not_recomputed(tmp_path):
    # as 北京市公安局交通管理局 2026 says it: 基本支出预算376567.92万元，占本年支出预算73.15% — though the
    # 支出预算 it holds elsewhere (529260.34, with 结转) would give 71.15%
    from bot.core.engine import Engine
    from knowledge.facts import extract_facts
    from knowledge.model import Document, Section
    from knowledge.store import open_db, write_document

    sections = [Section("一", "支出预算", "支出预算529260.34万元。"),
                Section("二", "基本支出", "基本支出预算376567.92万元，占本年支出预算73.15%。")]
    facts = extract_facts(sections)
    assert any(f.measure == "share" and f.value == 73.15 for f in facts)
    write_document(open_db(tmp_path / "kb.db"), Document(
        "测试局", 2026, "预算", "万元", "测试局2026年部门预算公开", "t.txt", sections=sections, facts=facts))
    reply = converse(Engine(tmp_path / "kb.db"), "基本支出多少", "占全部支出的比例是多少")
    assert "73.15%" in reply.answer and "71.15" not in reply.answer, reply.answer


def test_the_reasons_of_every_part_of_a_whole_are_said(bundled_engine):
    # 湖州退役军人事务局 二（九）: 购置费 — 2026年无购置公务用车计划; 运行维护费 — 系统更新，未将车辆信息及时同步
    reply = converse(bundled_engine, "湖州退役军人局三公经费为什么减少")
    assert "无购置公务用车计划" in reply.answer and "未将车辆信息及时同步" in reply.answer, reply.answer


def test_a_source_of_funds_within_a_spending_kind_is_its_tables_total_in_that_column(bundled_engine):
    # 杭州市司法局 表10 项目支出预算表: 合计 28,506.17, 一般公共预算 21,118.51
    reply = converse(bundled_engine, "杭州司法局项目支出一共多少", "其中一般公共预算安排的呢")
    assert "21118.51万元" in reply.answer and "91495.48" not in reply.answer, reply.answer


def test_how_many_units_a_budget_covers_is_its_organisation(bundled_engine):
    # 无锡市统计局: 纳入本部门2026年部门汇总预算编制范围的预算单位共计2家：无锡市统计局（本级），无锡市统计普查中心
    reply = converse(bundled_engine, "无锡市统计局部门预算包括几家单位")
    assert "共计2家" in reply.answer and "无锡市统计普查中心" in reply.answer, reply.answer


@pytest.mark.parametrize("question, rank", [
    ("上海市普陀区财政局是什么级别的部门", "为正处级"),  # 第二条 …是主管全区财政工作的区政府工作部门，为正处级
    ("热线中心是什么级别", "正科级公益一类事业单位"),
])
def test_a_departments_rank_is_the_sentence_stating_it(bundled_engine, question, rank):
    assert rank in converse(bundled_engine, question).answer


def test_batches_and_people_of_a_reception_are_said_together(bundled_engine):
    # 普陀规划资源局 2024 决算: 国内公务接待2批次、26人次
    reply = converse(bundled_engine, "普陀规划资源局2024年公务接待了几批、多少人次")
    assert "2批次" in reply.answer and "26人次" in reply.answer, reply.answer


def test_how_many_are_to_be_bought_is_the_new_count(bundled_engine):
    # 杭州市司法局: 共有车辆 56 辆; 2026 年部门预算安排购置车辆 6 辆
    reply = converse(bundled_engine, "杭州司法局有几辆公务用车", "今年还要买几辆")
    assert "拟新增6辆" in reply.answer and "56辆" not in reply.answer, reply.answer


def test_everyday_words_for_rent_are_the_rent_row(bundled_engine):
    # 杭州市司法局 基本支出表: 30214 租赁费 99.80 — asked as 房租
    reply = converse(bundled_engine, "杭州市司法局房租多少")
    assert reply.answer.startswith("杭州市司法局2026年租赁费预算99.80万元"), reply.answer


@pytest.mark.parametrize("turns, said", [
    (("三公经费为什么减少了", "减了多少"), "减少0.21万元"),  # 减了多少: the change, not a name
    (("培训费预算多少", "都培训些啥"), "党风廉政教育专题培训"),  # 拟开展…等培训: what the money is for
    (("公务用车购置及运行费都包括啥",), "燃料费、维修费、保险费"),  # its parts, and what the glossary says it covers
])
def test_everyday_ways_of_asking_a_change_a_use_and_what_something_includes(bundled_engine, turns, said):
    assert said in converse(bundled_engine, *turns).answer


@pytest.mark.parametrize("question", ["培训费人均大概多少钱", "12345热线培训费按培训人数平均下来每人大概多少钱？"])
def test_a_per_person_figure_is_derived_and_said_so(bundled_engine, question):
    # 培训费预算 2.85 万元 … 人数约 300 人: about 95 元 each, asked 人均 or 每人/平均下来
    reply = converse(bundled_engine, question)
    assert "人均约95.00元" in reply.answer and "由两数相除得出" in reply.answer, reply.answer


def test_the_function_codes_listed_are_the_general_budgets_items(bundled_engine):
    # 表5 一般公共预算支出: 2010350 事业运行 380.33, 2010399 其他政府办公厅（室）及相关机构事务支出 2470.15
    reply = converse(bundled_engine, "按功能科目分，项级科目有哪些")
    assert "事业运行380.33万元" in reply.answer and "其他政府办公厅" in reply.answer, reply.answer


def test_a_parts_share_asked_after_its_whole_is_a_share_of_that_whole(bundled_engine):
    # 三公经费 3.93 then 公务用车运行费 2.03: 51.65 % of the 三公, not 100 % of 公务用车购置及运行费
    reply = converse(bundled_engine, "三公经费是多少", "公务用车运行费占多少")
    assert "占“三公”经费3.93万元的51.65%" in reply.answer, reply.answer


def test_a_clause_asked_with_ma_is_answered_too(bundled_engine):
    # 公务用车运行费 2.03; 今年还买车吗: 公务用车购置费 0.00
    reply = converse(bundled_engine, "热线中心公车运行费多少，今年还买车吗")
    assert "公务用车运行费预算2.03万元" in reply.answer and "公务用车购置费预算0.00万元" in reply.answer, reply.answer


def test_a_project_named_near_another_documents_row_is_found_by_its_words(tmp_path):
    # 福州交警支队: 城市交通设施项目绩效目标表 资金总额 5000.00 — not 城市公共设施, a row of other documents
    from bot.core.engine import Engine
    from knowledge.model import Document, Fact, Indicator, Section
    from knowledge.store import open_db, write_document

    said = "2026年“三公”经费预算数为8.00万元。"
    budget = Indicator(table=1, project="城市交通设施", level1="", level2="", name="资金总额", value="5000.00",
                       target=5000.0, unit="万元", kind=None, content=None, rule=None, goal=None)
    write_document(open_db(tmp_path / "kb.db"), Document(
        "测试支队", 2026, "预算", "万元", "测试支队2026年部门预算公开", "t.txt",
        sections=[Section("一", "三公经费", said)], facts=[Fact("“三公”经费", "amount", 8.0, "万元", None, "一", said)],
        indicators=[budget]))
    write_document(open_db(tmp_path / "kb.db"), Document(
        "测试局", 2026, "预算", "万元", "测试局2026年部门预算公开", "u.txt",
        sections=[Section("一", "城市公共设施", "城市公共设施支出100.00万元。")],
        facts=[Fact("城市公共设施", "amount", 100.0, "万元", None, "一", "城市公共设施支出100.00万元。")]))
    reply = converse(Engine(tmp_path / "kb.db"), "测试支队城市交通设施项目预算多少")
    assert "5000.00万元" in reply.answer and "100.00" not in reply.answer, reply.answer


@pytest.mark.parametrize("turns, said, not_said", [
    # 深圳市审计局: 项目支出 1,531.45, of it 综合管理 918.01 — 59.94 %, not 8.55 % of all spending
    (("深圳审计局2026年项目支出一共多少？", "其中综合管理项目占多少比例？"), "59.94%", "8.55%"),
    # 杭州市公安局 表5: 公安（款）行政运行（项） 260,448.73 — not the 公安 款 as a whole (325,711.11)
    (("杭州市公安局公安（款）行政运行（项）安排了多少？",), "260448.73万元", "325711.11"),
    # 深圳市审计局 表8 一般公共预算支出表（按经济分类）: 劳务费 662.28 — the basic table's 2.88 is a part
    (("深圳审计局经济分类中的劳务费合计是多少？",), "劳务费预算662.28万元", "劳务费预算2.88"),
])
def test_a_subject_within_its_whole_as_the_question_frames_it(corpus_engine, turns, said, not_said):
    reply = converse(corpus_engine, *turns)
    assert said in reply.answer and not_said not in reply.answer, reply.answer


def test_words_asked_within_a_named_project_are_looked_for_in_it(bundled_engine):
    # 深圳市信访局 信访大厅运行 603.84万元, within it: 大厅律师服务支出120万元 — not the project's whole
    reply = converse(bundled_engine, "深圳市信访局信访大厅运行项目里，大厅律师服务安排了多少？")
    assert "大厅律师服务支出120万元" in reply.answer and "603.84" not in reply.answer, reply.answer


def test_two_subjects_joined_by_jia_are_added_up(bundled_engine):
    # founding 表6: 办公费 9.06, 印刷费 1.00
    reply = converse(bundled_engine, "热线中心办公费加印刷费一共多少")
    assert "9.06万元" in reply.answer and "1.00万元" in reply.answer and "合计10.06万元" in reply.answer
    assert "相加得出" in reply.answer


def test_another_department_to_compare_with_sets_the_two_side_by_side(bundled_engine):
    # 深圳市信访局 三公 5.58万元; 广州市信访局 4.8万元
    for follow_up in ("和广州信访局比呢", "跟广州信访局相比呢"):
        reply = converse(bundled_engine, "深圳市信访局三公经费多少", follow_up)
        assert "5.58万元" in reply.answer and "4.80万元" in reply.answer and "多0.78万元" in reply.answer


def test_what_kinds_of_vehicles_is_the_count_by_kind(bundled_engine):
    # 长沙市公安局 2025: 102辆, of them 执法执勤用车84辆
    reply = converse(bundled_engine, "长沙市公安局有几辆车", "都是什么车")
    assert "102辆" in reply.answer and "执法执勤用车84辆" in reply.answer


def test_a_purchase_budget_says_the_vehicles_to_buy(corpus_engine):
    # 福州市公安局治安管理支队: 公务用车购置费 0, yet 2026年安排购置车辆2辆 (执法执勤用车)
    reply = converse(corpus_engine, "福州市公安局治安管理支队今年还买车吗")
    assert "拟新增公务用车2辆" in reply.answer


def test_the_units_set_up_below_a_department_are_its_organisation(bundled_engine):
    # 深圳市信访局: 下设办公室（机关党委）…共5个处（室）
    reply = converse(bundled_engine, "深圳市信访局下面设了几个部门")
    assert "5个处（室）" in reply.answer and "来访接待管理处" in reply.answer


def test_a_cost_indicator_in_wan_yuan_is_a_figure_said_as_such(bundled_engine):
    # 长沙职教基地协调办 项目绩效目标表, 成本指标: 水费120万元, 电费140万元, 燃气费10万元
    reply = converse(bundled_engine, "长沙职业教育基地综合协调办公室水费多少")
    assert "120.00万元" in reply.answer and "成本指标" in reply.answer
    reply = converse(bundled_engine, "长沙职教基地协调办的项目支出里水费、电费、燃气费分别安排多少")
    assert all(f in reply.answer for f in ("水费120.00万元", "电费140.00万元", "燃气费10.00万元"))


def test_kinds_of_vehicles_are_named_as_the_document_prints_them(bundled_engine):
    # founding 六（五）: 其他按照规定配备的公务用车1辆
    reply = converse(bundled_engine, "热线中心有几辆公车", "是什么类型的车")
    assert "其他按照规定配备的公务用车1辆" in reply.answer


def test_income_and_spending_total_of_final_accounts_and_its_change(bundled_engine):
    # 普陀区财政局 2024 决算 一: 收入支出总计2995.39万元…减少56.95万元，下降1.87%
    reply = converse(bundled_engine, "普陀区财政局2024年收入支出总计多少", "和2023年比呢")
    assert "2995.39万元" in reply.answer and "56.95万元" in reply.answer


def test_how_a_target_is_scored_is_its_rule(bundled_engine):
    # founding 表10: 回访满意度 ≥90%，评分标准：满意度≥90%得10分，每下降1%扣0.1分
    reply = converse(bundled_engine, "回访满意度怎么扣分")
    assert "每下降1%扣0.1分" in reply.answer
    reply = converse(bundled_engine, "项目支出绩效目标里满意度指标定了多少？", "没达到的话怎么扣分")
    assert "评分标准" in reply.answer and "扣0.1分" in reply.answer


def test_numbers_asked_after_a_subject_find_the_sentence_naming_them(bundled_engine):
    # founding 表10 总体目标: 整合归并全市除110、119、120等紧急热线外的相关政务热线服务
    reply = converse(bundled_engine, "12345热线要整合哪些热线？", "110、119也会并进来吗？")
    assert "除110、119、120等紧急热线外" in reply.answer and reply.confidence < 0.8


@pytest.mark.parametrize("question", ["整合全市政务热线的时候，哪些紧急热线不整合", "整合归并政务热线时哪些热线除外"])
def test_a_question_of_content_words_finds_the_sentence_holding_them(bundled_engine, question):
    # founding 表10 总体目标: 整合归并全市除110、119、120等紧急热线外的相关政务热线服务
    reply = converse(bundled_engine, question)
    assert "除110、119、120等紧急热线外" in reply.answer and reply.confidence < 0.8


@pytest.mark.parametrize("question", ["广州信访局办公房屋面积多大", "广州信访局房子有多少平方米"])
def test_the_floor_area_asked_in_everyday_words(bundled_engine, question):
    # 广州市信访局 五: 房屋8,268.74平方米
    reply = converse(bundled_engine, question)
    assert "8268.74平方米" in reply.answer


def test_two_questions_in_one_message_each_answered(bundled_engine):
    # founding 三（一）: 一般公共预算拨款2850.48万元; 表1: 事业收入 blank
    reply = converse(bundled_engine, "12345热线的钱全是财政拨的吗？有没有事业收入？")
    assert "2850.48万元" in reply.answer and "事业收入" in reply.answer and "空白" in reply.answer


def test_what_the_budget_is_for_is_what_it_is_spent_on(bundled_engine):
    # founding 三（二）: 支出预算2850.48万元，其中：一般公共服务支出2850.48万元…
    reply = converse(bundled_engine, "热线中心今年预算多少钱", "主要拿来干嘛")
    assert "支出预算" in reply.answer and "一般公共服务支出" in reply.answer


def test_what_a_source_of_funds_is_used_for_is_what_its_spending_is_for(bundled_engine):
    # 福州市商务局 三、政府性基金预算拨款支出情况: 1800.00万元…主要用于“菜篮子”工程建设专项资金支出
    reply = converse(bundled_engine, "福州市商务局政府性基金预算拨款收入有多少", "这笔钱用来干什么")
    assert "1800.00万元" in reply.answer and "菜篮子" in reply.answer


def test_a_change_on_last_years_budget_is_no_completion(bundled_engine):
    # 湖州市退役军人事务局: 收入预算 6256.31 万元，比上年执行数减少 336.67 万元 — said against what it is
    reply = converse(bundled_engine, "湖州退役军人局收入预算多少", "比上年年初预算减少了多少")
    assert "执行数减少336.67万元" in reply.answer and "完成" not in reply.answer


def test_zhuyao_gan_shenme_asks_what_the_money_is_for(bundled_engine):
    # 深圳市信访局: 2.信访大厅运行603.84万元，主要包括：大厅保安和安检服务项目支出328.69万元，用于市信访大厅安检…
    reply = converse(bundled_engine, "深圳市信访局信访大厅运行有多少钱？主要干什么？")
    assert "603.84万元" in reply.answer and "用于" in reply.answer and "主要职责" not in reply.answer


def test_a_round_figure_claimed_is_said_to_be_about_right(bundled_engine):
    # founding 三（一）: 收入预算2850.48万元 — 2850万 is about right, 100万 is not the 三公 3.93万元
    reply = converse(bundled_engine, "热线中心预算是不是2850万")
    assert reply.answer.startswith("大致是") and "2850.48万元" in reply.answer
    assert converse(bundled_engine, "三公经费是不是100万").answer.startswith("不是")


def test_how_many_percent_asks_the_change(bundled_engine):
    # 湖州市退役军人事务局: “三公”经费…比上年预算数减少 25 万元，下降 95.0%
    reply = converse(bundled_engine, "湖州退役军人局三公经费多少", "下降了百分之几")
    assert "95.0%" in reply.answer


def test_the_largest_item_of_public_funds_is_among_its_own_classes(bundled_engine):
    # founding 表6, 302 商品和服务支出: 其他商品和服务支出 22.00 is the largest; 奖金 97.20 is a 人员经费 row
    reply = converse(bundled_engine, "公用经费多少", "里面最大的一项是什么")
    assert "其他商品和服务支出" in reply.answer and "22.00万元" in reply.answer and "奖金" not in reply.answer


def test_which_bureau_a_centre_comes_under_is_its_parent(bundled_engine):
    # founding 二: 长沙市12345政务热线中心是长沙市行政审批服务局所属…
    reply = converse(bundled_engine, "12345中心归哪个局管")
    assert "长沙市行政审批服务局" in reply.answer and "未收录" not in reply.answer


def test_a_long_sentence_quoted_keeps_the_clause_with_its_figure():
    # as 北京市市场监督管理局 五（三）: …收费依据为《…》（京发改〔2005〕1005号）、…，收入预计3,200.00万元。
    from bot.core.words import _clip_to_figure
    cited = "《某某文件》（京发改〔2005〕1005号）、" * 20
    sentence = f"项目名称为特种设备检验检测费，收费依据为{cited}收入预计3,200.00万元。"
    quoted = _clip_to_figure(sentence, 240)
    assert quoted.endswith("收入预计3,200.00万元。") and len(quoted) < 300


def test_what_a_project_is_for_asked_in_the_next_clause(bundled_engine):
    # 深圳市信访局: 社工服务项目498.82万元 — 主要做什么 asks the project's use, not the department's duties
    reply = converse(bundled_engine, "深圳市信访局社工服务项目安排多少钱？主要做什么？")
    assert "498.82万元" in reply.answer and "主要职责" not in reply.answer


def test_a_share_within_a_whole_named_before_a_comma(bundled_engine):
    # founding 表6: 301 工资福利支出 336.93 of 基本支出 380.33 — 88.59%
    reply = converse(bundled_engine, "基本支出中，工资福利支出占比多少？")
    assert "88.59%" in reply.answer and "380.33万元" in reply.answer


def test_a_share_of_a_row_is_of_its_own_tables_total(bundled_engine):
    # founding 表6 基本支出 total 380.33; 人员经费 341.53 is a column of the whole → 89.80%
    assert "89.80%" in converse(bundled_engine, "人员经费占基本支出多少").answer
    assert "2.38%" in converse(bundled_engine, "办公费占基本支出多少").answer  # 9.06 ÷ 380.33


def test_kinds_of_vehicles_the_document_lists_beyond_the_usual(bundled_engine):
    # 湖州市退役军人事务局 二（十）: 共有车辆2辆，其中…老干部服务用车2辆、行政执法专用车0辆
    reply = converse(bundled_engine, "湖州退役军人局有几辆车，都是什么车？")
    assert "公务用车2辆" in reply.answer and "老干部服务用车2辆" in reply.answer


def test_procurement_of_what_is_in_the_budget_is_no_organisation_question(bundled_engine):
    # founding 六（四）: 政府采购预算2419.85万元 — 纳入…预算的 says where, not which units
    reply = converse(bundled_engine, "热线中心纳入2024年部门预算的政府采购项目有多少钱？")
    assert "2419.85万元" in reply.answer


def test_an_item_labelled_by_its_class_alone_has_its_change_reason_and_use(corpus_engine):
    # 无锡市商务局: （1）科学技术支出（类）支出 12,500 万元，主要用于农贸市场改造提升…。与上年相比增加 12,500 万元…。
    # 主要原因是根据市财政局关于产业科技资金池的最新要求…;
    # （4）商业服务业等支出…3,275.38 万元，与上年相比减少 22,614.28 万元
    reason = converse(corpus_engine, "无锡市商务局科学技术支出为什么有12500万元？").answer
    assert "产业科技资金池" in reason
    assert "农贸市场" in converse(corpus_engine, "无锡市商务局科学技术支出多少", "主要干嘛用的").answer
    change = converse(corpus_engine, "无锡商务局商业服务业等支出多少？比上年减少多少？").answer
    assert "3275.38万元" in change and "22614.28万元" in change


def test_the_count_of_projects_with_targets_is_quoted(corpus_engine):
    # 上海市海洋监测预报中心 四、绩效目标设置情况: 编报绩效目标的项目共9个，涉及项目预算资金15552.95万元
    reply = converse(corpus_engine, "上海市海洋监测预报中心有多少个项目编报了绩效目标，涉及多少资金？")
    assert "9个" in reply.answer and "15552.95万元" in reply.answer


def test_a_share_the_document_states_is_given_over_one_computed(corpus_engine):
    # 湖州市财政局: 2.按支出用途分类，包括人员支出4944.99万元，占72.3%
    reply = converse(corpus_engine, "湖州市财政局人员支出占比多少")
    assert "72.3%" in reply.answer and "由两数相除" not in reply.answer


def test_people_asked_are_counted_in_people_not_visits(corpus_engine):
    # 佛山市轨道交通局 2019年决算: 共接待国外来访团组0个，来访外宾0人次；…发生国内接待1次，接待人数共13人
    reply = converse(corpus_engine, "佛山市轨道交通局2019年公务接待费决算是多少", "接待了多少人")
    assert "13人" in reply.answer


def test_a_subject_stated_twice_in_the_text_is_given_both_ways(corpus_engine):
    # 杭州市公安局: 按支出用途分类，包括人员支出250,110.65万元; 一般公共预算基本支出…其中：人员支出246,458.22万元
    reply = converse(corpus_engine, "杭州市公安局一般公共预算基本支出多少", "那人员经费呢")
    assert "250110.65万元" in reply.answer and "246458.22万元" in reply.answer


def test_a_count_asked_of_a_department_and_its_units_is_the_count_not_its_units(corpus_engine):
    # 北京市退役军人事务局 五（三）: 截至2025年底共有车辆108台
    reply = converse(corpus_engine, "北京退役军人事务局及下属单位一共有多少台车？")
    assert "108台" in reply.answer and "二级预算单位" not in reply.answer
    units = converse(corpus_engine, "北京市退役军人事务局有哪些下属单位").answer
    assert "北京市军供站" in units  # 下设4个二级预算单位…北京市军供站…


@pytest.mark.parametrize(("first", "then", "counted"), [
    # 福州市公安局治安管理支队 警务辅助人员经费项目绩效目标表: 聘用人员数量 ≤10人
    ("福州市公安局治安管理支队警务辅助人员经费多少", "聘多少人", "≤10人"),
    # 烟台市审计局 原审计署烟台基地退休人员补助经费 绩效目标表: 保障离退休干部人数 =21人
    ("烟台市审计局原审计署烟台基地退休人员补助经费多少", "保障多少人", "21人"),
])
def test_people_a_project_is_for_are_counted_in_its_targets(corpus_engine, first, then, counted):
    reply = converse(corpus_engine, first, then)
    assert counted in reply.answer and "车辆" not in reply.answer


@pytest.mark.parametrize("asked", ["因公出国怎么是0", "那去港澳培训的钱从哪出"])
def test_why_a_figure_is_zero_is_the_documents_reason(bundled_engine, asked):
    # 深圳市信访局: 2026年有因公赴港澳培训计划一次，但该部分经费暂不安排…通过经费调剂的方式安排
    reply = converse(bundled_engine, "深圳市信访局的三公经费多少", asked)
    assert "调剂" in reply.answer


def test_a_code_asked_within_a_table_is_that_codes_row(bundled_engine):
    # founding 表6: 30217 公务接待费 0.90 (the 三公 table's 1.90 is another view)
    reply = converse(bundled_engine, "三公经费表中公务接待费是多少", "基本支出表经济科目30217那一行呢")
    assert "公务接待费" in reply.answer and "0.90万元" in reply.answer


def test_a_row_asked_in_each_of_two_columns(corpus_engine):
    # 深圳市财政局 表8 一般公共预算支出表（按经济分类）: 30227 委托业务费 8,749.68 = 基本支出 2.00 + 项目支出 8,747.68
    reply = converse(corpus_engine, "深圳市财政局委托业务费在基本支出和项目支出里各是多少")
    assert "基本支出中2.00万元" in reply.answer and "项目支出中8747.68万元" in reply.answer


@pytest.mark.parametrize("question", ["热线四期服务外包最后是哪家公司中标的", "服务外包是外包给哪家公司的"])
def test_who_is_paid_is_not_answered_with_how_much(bundled_engine, question):
    # the founding document names the outsourcing project (2,470.15) but no supplier
    reply = converse(bundled_engine, question)
    assert "2470.15" not in reply.answer and "没有写明" in reply.answer
