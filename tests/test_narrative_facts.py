"""Narrative sentences whose figures belong to a part named after 其中, not to the whole before it.

The sentences are those of published disclosures (上海 and 上海普陀 budgets, 2025–2026)."""

from __future__ import annotations

from knowledge.facts import extract_facts, project_budgets
from knowledge.model import Section


def facts_of(text: str) -> set[tuple[str, str, float | None]]:
    return {(f.subject, f.measure, f.value) for f in extract_facts([Section("一", "编制说明", text)])}


def test_a_part_smaller_than_the_whole_keeps_its_own_change():
    # 上海市住建委人才开发评价中心: only the 财政拨款 fell by 25万元, not the 3,864万元 income
    facts = facts_of("2026年，本单位收入预算3,864万元，其中：财政拨款收入1,628万元，比2025年预算减少25万元；"
                     "事业收入2,194万元；事业单位经营收入为0；其他收入42万元。")
    assert {("收入预算", "amount", 3864.0), ("财政拨款收入", "amount", 1628.0),
            ("财政拨款收入", "change", -25.0), ("事业收入", "amount", 2194.0), ("其他收入", "amount", 42.0)} <= facts
    assert not any(subject == "收入预算" and measure == "change" for subject, measure, _ in facts)


def test_a_part_as_large_as_the_whole_changes_with_it():
    # 普陀区司法局: all income is 财政拨款, so the whole rose by as much
    facts = facts_of("支出预算9628.22万元，其中：财政拨款支出预算9628.22万元，比2026年预算增加793.14万元。")
    assert ("财政拨款支出", "change", 793.14) in facts
    assert ("支出预算", "change", 793.14) in facts


def test_a_comparison_base_is_not_a_part():
    facts = facts_of("基本支出380万元，比上年预算350万元增加30万元。")
    assert ("基本支出", "change", 30.0) in facts
    assert ("基本支出", "amount", 380.0) in facts


def test_the_funding_of_a_subject_is_not_a_new_subject():
    # 普陀区财政局 决算: 财政拨款支出 only says how the 三公经费 is funded
    facts = facts_of("“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元。")
    assert ("“三公”经费", "budget", 0.95) in facts


def test_a_works_project_is_no_procurement_of_works():
    # 烟台市交通运输局: a project's 改建工程 costs, then the 政府采购 of 工程 (400万元)
    facts = facts_of("主要原因公路事业发展中心2025年安排G228丹东线烟台绕城段改建工程勘察设计、双院制咨询、土地组卷费用"
                     "3000万元，2026年未安排。2026年政府采购预算2,920.9万元，其中：政府采购货物预算300.5万元，"
                     "政府采购工程预算400万元，政府采购服务预算2,220.4万元。")
    assert [value for subject, _, value in facts if subject == "工程类采购"] == [400.0]
    assert ("服务类采购", "amount", 2220.4) in facts


def test_procurement_kinds_listed_bare():
    facts = facts_of("政府采购预算100万元，其中：货物30万元、工程40万元、服务30万元。")
    assert {("货物类采购", "amount", 30.0), ("工程类采购", "amount", 40.0), ("服务类采购", "amount", 30.0)} <= facts


def test_a_zero_written_without_a_unit_is_an_amount():
    # 上海市人民政府办公厅文印中心 2026: “三公”经费预算数为0；事业收入为0
    facts = facts_of("2026年“三公”经费预算数为0，与2025年预算持平。"
                     "收入预算120万元，其中：财政拨款收入120万元；事业收入为0。")
    assert ("“三公”经费", "amount", 0.0) in facts and ("事业收入", "amount", 0.0) in facts


def test_a_numbered_item_labelled_by_its_money_names_its_figure():
    # 杭州市司法局 2026 二（十）: 5.委托业务费安排情况 2026 年本部门委托业务费财政拨款预算总额 1,914.85 万元。
    facts = facts_of("同时，将按照相关制度规定开展绩效自评。5.委托业务费安排情况2026年本部门委托业务费财政拨款预算总额"
                     "1,914.85万元。")
    assert ("委托业务费", "amount", 1914.85) in facts


def test_a_count_before_a_name_is_that_names():
    # 深圳市水务局 2026: 2辆 are 机要通信用车, 5辆 其他用车 — not 5 机要通信用车
    facts = facts_of("2026年计划购置车辆7辆、126.00万元，主要是购置2辆机要通信用车、5辆其他用车。")
    assert {("公务用车", "new_count", 7.0), ("机要通信用车", "new_count", 2.0), ("其他用车", "new_count", 5.0)} <= facts
    assert ("机要通信用车", "new_count", 5.0) not in facts


def test_vehicles_held_are_not_vehicles_to_buy():
    # 深圳市水务局 2026: the 102 vehicles are those held, after a clause on the 7 to be bought
    facts = facts_of("公务用车购置费2026年预算数126.00万元，主要是依据2026年车辆购置计划，新增购置7辆公务用车；"
                     "公务用车运行维护费2026年预算数257.90万元，主要是截至2025年10月，我局存量运行维护公务用车102辆。")
    assert ("公务用车", "new_count", 7.0) in facts
    assert ("公务用车", "new_count", 102.0) not in facts


def test_a_project_described_under_its_own_heading_has_its_annual_budget():
    # 上海市普陀区司法局 2026: 人民调解项目经费情况说明 … 六、年度预算安排 795万元
    sections = [Section("", "人民调解项目经费情况说明", ""),
                Section("一、", "项目概述", "人民调解承担着化解社会矛盾的责任。"),
                Section("六、", "年度预算安排", "795万元"),
                Section("", "名词解释", ""), Section("六、", "年度预算安排", "9万元")]
    facts = {(f.subject, f.measure, f.value) for f in project_budgets(sections)}
    assert facts == {("人民调解项目经费", "amount", 795.0), ("人民调解项目经费", "use", None)}


def test_a_budget_spread_over_quarters_is_no_single_amount():
    # 上海市普陀区万里街道 2025: four quarters of 15万元 each, not a budget of 15万元
    sections = [Section("", "社区治理项目经费情况说明", ""),
                Section("六、", "年度预算安排", "第一季度用款计划15万元，第二季度用款计划15万元。")]
    assert project_budgets(sections) == []


def test_a_change_on_the_budget_and_its_reason_stated_as_the_change_itself():
    # 佛山市轨道交通局 2019 决算: the change is on the year's budget (0), and 主要增减变动情况是 gives its reason
    facts = extract_facts([Section("四（一）", "机关运行经费",
                                   "2019年本部门机关运行经费支出97.19万元，比预算数增加97.19万元，增长0%。"
                                   "主要增减变动情况是：我局为2019年新成立单位，成立时间晚于预算数制定时间，预算数为0，因此增长0%。")])
    change = next(f for f in facts if f.measure == "change")
    assert (change.value, change.text) == (97.19, "预算数")
    reason = next(f for f in facts if f.measure == "reason")
    assert "2019年新成立单位" in reason.text
    assert [f.value for f in facts if f.measure == "change"] == [97.19]  # not 预算数为0 inside the reason


def test_devices_bought_in_the_budget_are_new_not_held():
    # 北京市市场监督管理局 2026: 380 held, 60 bought
    facts = facts_of("截至2025年底，北京市市场监督管理局部门共有车辆185台，单位价值100万元以上的设备380台（套）。"
                     "2026年预算安排中，购置单位价值100万元以上的设备60台（套）。")
    assert ("单位价值100万元以上设备", "count", 380.0) in facts
    assert ("单位价值100万元以上设备", "new_count", 60.0) in facts


def test_a_sentence_opening_on_a_change_is_about_the_subject_the_one_before_ended_on():
    # 湖州市退役军人事务局 2026: the 运行维护费's fall and its reason stand in a sentence of their own
    facts = extract_facts([Section("二（九）", "关于2026年一般公共预算“三公”经费预算情况说明",
                                   "公务用车运行维护费支出0.00万元，主要用于公务用车燃料费、维修费等支出。"
                                   "比上年预算数减少100%，主要原因是系统更新，未将车辆信息及时同步。")])
    assert ("公务用车运行费", "change_pct", -100.0) in {(f.subject, f.measure, f.value) for f in facts}
    reason = next(f for f in facts if f.measure == "reason")
    assert reason.subject == "公务用车运行费" and "系统更新" in reason.text


def test_what_no_fiscal_money_is_arranged_for_is_the_subject_that_is_none():
    # 未使用财政拨款安排“三公”经费支出: no 三公 spending — the department has 财政拨款 all the same
    facts = {(subject, measure) for subject, measure, _ in facts_of("本单位2026年未使用财政拨款安排“三公”经费支出。")}
    assert ("“三公”经费", "none") in facts and ("财政拨款", "none") not in facts


def test_vehicles_held_as_of_a_date_outcount_those_at_the_years_start():
    # 深圳市建筑工务署 2026: 9 at the start of 2025, 4 retired, 5 held at the end of October
    facts = facts_of("2025年年初本部门共有公务用车9辆，年中4辆达到报废条件，截至2025年10月共有公务用车5辆。")
    assert ("公务用车", "count", 5.0) in facts
    assert ("公务用车", "count", 9.0) not in facts


def test_the_reason_of_the_budget_stated_as_income_and_spending_together():
    # 烟台市水利局 2026: （三）增减变化情况 … 3.收支预算减少的主要原因，调引客水水费减少
    facts = facts_of("1.收入预算减少13,699.55万元，其中一般公共预算收入减少13,724.77万元，"
                     "政府性基金预算收入增加25.22万元。3.收支预算减少的主要原因，调引客水水费减少。")
    assert ("一般公共预算拨款", "change", -13724.77) in facts
    assert ("收入预算", "change", -13724.77) not in facts
    assert any(subject == "收入预算" and measure == "reason" for subject, measure, _ in facts)


def test_numbered_items_of_income_are_their_own_subjects():
    # 北京市规划和自然资源委员会 二（二）: 5.事业收入80728.49万元。9.其他收入82949.04万元。
    facts = facts_of("5.事业收入80728.49万元。6.上级补助收入0.00万元。9.其他收入82949.04万元。")
    assert {("事业收入", "amount", 80728.49), ("其他收入", "amount", 82949.04)} <= facts


def test_the_sources_of_an_items_money_are_not_the_departments():
    # 深圳市水务局: 1.2026年污水处理费预算总额…，其中一般公共预算117,921.68万元、政府性基金35,927.64万元
    facts = facts_of("1.2026年污水处理费预算总额153,849.32万元，"
                     "其中一般公共预算117,921.68万元、政府性基金35,927.64万元。")
    assert ("污水处理费", "amount", 153849.32) in facts
    assert not any(subject == "政府性基金" for subject, _, _ in facts)


def test_the_floor_area_held_is_a_figure_of_its_own():
    # 广州市信访局 五、国有资产占有使用情况: 分布构成情况为：房屋8,268.74平方米，车辆2辆
    facts = facts_of("截至2026年1月31日，本部门固定资产金额2,995.16万元，分布构成情况为："
                     "房屋8,268.74平方米，车辆2辆，单价在100万元以上的设备1台等。")
    assert {("房屋", "count", 8268.74), ("公务用车", "count", 2.0)} <= facts
    assert not any(subject == "房屋" for subject, _, _ in facts_of("房屋修缮费支出20万元。"))


def test_none_of_the_sections_own_item_is_a_statement_of_none():
    # 烟台市信访局 四、委托业务费情况: 2025年、2026年均未使用财政拨款安排委托业务费支出
    facts = extract_facts([Section("四、", "委托业务费情况",
                                   "委托业务费指委托外单位办理业务而支付的各项资金。2025年、2026年均未使用财政拨款安排委托业务费支出。")])
    assert ("委托业务费", "none") in {(f.subject, f.measure) for f in facts}

