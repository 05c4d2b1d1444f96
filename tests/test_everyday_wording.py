"""Questions as people type them (issue #11): regional words of asking (长沙's 好多钱, 旧年, 搞么子, 咱们),
characters typed for others they look or sound like (公务接侍费, 预箅, 热县中心), 请客吃饭 for 公务接待费,
它占…, 有啥区别. Figures read in data/disclosures/changsha_12345rexian_2024_yusuan.txt."""

from __future__ import annotations

import pytest
from conversing import converse

from nlu.normalize import normalize


@pytest.mark.parametrize(("typed", "standard"), [
    ("12345热线今年预算好多钱啊", "12345热线今年预算多少钱啊"), ("比旧年多了好多钱", "比去年多了多少钱"),
    ("12345热线中心是搞么子的", "12345热线中心是搞什么的"), ("咋个多这么多", "怎么多这么多"),
    ("公务接侍费多少", "公务接待费多少"), ("今年预箅多少", "今年预算多少"),
    ("好多项目都在做", "好多项目都在做"),  # 好多 before a noun it counts is “many”, not a question
])
def test_regional_and_look_alike_wording_is_put_in_standard_words(typed, standard):
    assert normalize(typed) == standard


@pytest.mark.parametrize(("question", "figure"), [
    ("12345热线今年预算好多钱啊", "2850.48万元"),  # 三（一）收入预算2850.48万元
    ("比旧年多了好多钱", "582.35万元"),  # 较去年增加582.35万元
    ("公务接侍费今年预算多少", "1.90万元"),  # 六（二）公务接待费1.90万元
    ("培训费有好多", "2.85万元"),
])
def test_everyday_questions_get_the_documents_figure(bundled_engine, question, figure):
    assert figure in converse(bundled_engine, question).answer


def test_a_shortening_typed_by_its_sound_names_the_department(bundled_engine):
    reply = converse(bundled_engine, "热县中心三攻经费多少", "那请客吃饭的钱呢")
    assert "长沙市12345政务热线中心" in reply.answer and "1.90万元" in reply.answer


def test_duties_and_rank_asked_in_dialect(bundled_engine):
    assert "业务转办" in converse(bundled_engine, "12345热线中心是搞么子的").answer
    rank = converse(bundled_engine, "咱们中心是什么级别、什么类型的事业单位？").answer
    assert "正科级" in rank and "公益一类" in rank


def test_people_trained_asked_after_the_training_money(bundled_engine):
    # 培训费预算 2.85 万元…人数约 300 人
    assert "300人" in converse(bundled_engine, "培训费有好多", "好多人参加培训").answer


def test_a_share_asked_of_it_is_of_the_subject_so_far(bundled_engine):
    # 表6: 住房公积金 29.40, 工资福利支出 336.93 → 8.73%
    reply = converse(bundled_engine, "住房公积金安排多少", "它占工资福利支出的百分之几")
    assert "8.73%" in reply.answer


def test_the_difference_of_two_terms_is_what_each_is(bundled_engine):
    # 四（一）基本支出…为保障部门正常运转; 四（二）项目支出…为完成特定行政工作任务
    reply = converse(bundled_engine, "基本支出和项目支出有啥区别？")
    assert "正常运转" in reply.answer and "特定" in reply.answer and "2089.82" not in reply.answer


def test_a_project_named_by_the_tail_of_its_name(bundled_engine):
    # 表9: 长沙市12345政务服务便民热线服务外包采购项目 2,470.15
    reply = converse(bundled_engine, "便民热线服务外包采购项目钱有多少", "它的绩效目标是什么")
    assert "减量减负" in reply.answer and "社工" not in reply.answer


def test_a_part_of_the_subject_so_far_is_found_in_its_text(bundled_engine):
    # 深圳市信访局: 大厅律师服务支出 120 万元
    reply = converse(bundled_engine, "深圳市信访局信访大厅运行花多少", "请律师那块呢")
    assert "120万元" in reply.answer


def test_a_body_whose_name_merely_sounds_near_is_not_taken_for_another(bundled_engine):
    reply = converse(bundled_engine, "苏州市审批局三公经费多少")  # 审批局 is no 审计局 (shen pi / shen ji)
    assert "苏州市审计局2026年" not in reply.answer and "未收录" in reply.answer
    assert "苏州市审计局" in converse(bundled_engine, "苏州审记局三公经费").answer  # 审记: a slip of sound


@pytest.mark.parametrize(("then", "expected"), [
    # 北京市民政局 五（一）: 政府采购预算总额8773.65万元，货物634.20万元，工程281.96万元，服务7857.49万元
    (("其中工程多少", "那服务和货物加起来多少"), "合计8491.69万元"),
    (("货物占多少",), "7.23%"),
    (("主要买的什么",), "服务类采购7857.49万元"),
])
def test_procurement_parts_asked_by_their_short_names(corpus_engine, then, expected):
    assert expected in converse(corpus_engine, "北京市民政局政府采购预算多少", *then).answer


def test_social_workers_counted_each(bundled_engine):
    # 深圳市信访局: 采购大厅纠纷调解社工23名支出373.66万元…；采购大厅社区建设社工8名支出125.16万元
    reply = converse(bundled_engine, "深圳市信访局2026年的社工服务项目多少钱", "分别采购了多少名社工")
    assert "23名" in reply.answer and "8名" in reply.answer and "政府采购预算" not in reply.answer


def test_what_a_project_is_for_comes_with_its_money(corpus_engine):
    # 福州市公安局治安管理支队 警务辅助人员经费项目绩效目标表: 资金总额 44.47
    reply = converse(corpus_engine, "福州市公安局治安管理支队警务辅助人员经费多少", "用来干什么")
    assert "44.47万元" in reply.answer and "绩效目标" in reply.answer


@pytest.mark.parametrize(("question", "expected"), [
    ("热线中心今年比去年多咯好多钱", "582.35万元"),  # 多咯: 多了
    ("热线坐席有好多个", "200个"),  # 表9 座席配置 200 (坐席 for 座席)
    ("热线外包项目的绩效目标是什么", "减量减负"),  # the project by words of its name in order
    ("热线外包项目是干什么的", "减量减负"),
])
def test_more_everyday_wording(bundled_engine, question, expected):
    assert expected in converse(bundled_engine, question).answer


def test_a_count_of_seats_is_no_budget_code(bundled_engine):
    reply = converse(bundled_engine, "按外包项目配置的200个座席测算，每个座席一年投入多少万元？")
    assert "编码为200" not in reply.answer


@pytest.mark.parametrize("question", ["三公表里的公务接待费和基本支出明细30217公务接待费差多少",
                                      "公务接待费在三公经费表和基本支出表里差多少"])
def test_one_subject_printed_twice_and_the_difference(bundled_engine, question):
    # founding: 三公 公务接待费 1.90 (六（二), 表7); 表6 30217 公务接待费 0.90
    reply = converse(bundled_engine, question)
    assert "1.90万元" in reply.answer and "0.90万元" in reply.answer and "相差1.00万元" in reply.answer


@pytest.mark.parametrize(("turns", "expected"), [
    # 表9: 宣传报道数量 10次，评分标准：完成得10分，每少1次扣0.5分
    (("宣传报道要几次", "少一次扣几分"), "扣0.5分"),
    # 表10 部门整体支出绩效目标: …提供7*24小时全天候人工服务…
    (("中心整体绩效目标是什么",), "7*24"),
    # 表7: 公务用车购置及运行费 2.03, 公务接待费 1.90 → 0.13
    (("三公经费中公务用车购置及运行费多少", "跟公务接待费比差多少"), "多0.13万元"),
    # 表1: 事业收入 blank
    (("有没有事业收入或者经营收入",), "没有"),
])
def test_targets_scoring_comparisons_and_yes_no_as_people_ask(bundled_engine, turns, expected):
    assert expected in converse(bundled_engine, *turns).answer


@pytest.mark.parametrize(("question", "standard"), [
    ("深圳审计局综合管理项目918万是做乜嘢用的", "深圳审计局综合管理项目918万是做什么用的"),
    ("烟台统计局予算几多", "烟台统计局预算多少"), ("深圳审汁局", "深圳审计局"), ("绩笑目标", "绩效目标"),
])
def test_cantonese_words_and_slips_of_budget_words(question, standard):
    assert normalize(question) == standard


def test_a_count_share_and_vehicles_asked_as_cars(corpus_engine, bundled_engine):
    # 北京市退役军人事务局: 共有车辆108台; 湖州市退役军人事务局 (bundled): 共有车辆2辆（老干部服务用车2辆）
    assert "108台" in converse(corpus_engine, "北京退役军人事务局一共有多少车").answer
    reply = converse(bundled_engine, "热线中心一共有多少车")
    assert "公务用车1辆" in reply.answer  # 截至2023年12月底…公务用车1辆


def test_a_column_of_the_row_asked_before(corpus_engine):
    # 深圳市审计局 表8: 30226 劳务费 662.28 = 基本支出 2.88 + 项目支出 659.40
    reply = converse(corpus_engine, "深圳市审计局劳务费预算合计多少，其中项目支出多少")
    assert "项目支出中的劳务费预算659.40万元" in reply.answer


@pytest.mark.parametrize(("turns", "expected"), [
    # 表1: 基本支出 380.33, 项目支出 2470.15 of 2850.48 → 13.34 %, 86.66 %
    (("基本支出和项目支出分别占总支出的百分之多少？",), ("13.34%", "86.66%")),
    # 表7 公务接待费 1.90; 表6 30217 公务接待费 0.90
    (("三公表里公务接待费是1.90万元，可基本支出表的公务接待费只有0.90万元，这两个数分别是什么？",),
     ("1.90万元", "0.90万元")),
    # 表9: 人员培训 ≥24次；每减少1次，扣0.5分
    (("人员培训指标是多少次", "怎么算的？少一次扣多少"), ("扣0.5分",)),
    # 表10: …提供7*24小时全天候人工服务…
    (("部门整体绩效目标说要做到什么",), ("7*24",)),
])
def test_each_share_both_figures_and_scoring_as_asked(bundled_engine, turns, expected):
    reply = converse(bundled_engine, *turns)
    assert all(e in reply.answer for e in expected), reply.answer
