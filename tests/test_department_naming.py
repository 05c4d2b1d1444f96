"""Finding the department a question names (issue #11): shortenings after a place, old and everyday
names of bodies, slips typed by sound, a city's own bureau among its districts', a unit listed in its
department's tables — and a body the knowledge base does not hold said not held, never another's figure."""

from __future__ import annotations

import re

import pytest
from conversing import converse, figures


@pytest.mark.parametrize("question", ["深圳市审计句的三公经费是多少", "深圳审计据三公经费"])
def test_a_department_ending_typed_by_its_sound_is_that_department(corpus_engine, question):
    # 深圳市审计局: “三公”经费 2026 年预算 35.10 万元
    assert converse(corpus_engine, question).answer.startswith("深圳市审计局2026年“三公”经费预算35.10万元")



@pytest.mark.parametrize("question, named", [
    ("上海市财政局三公经费", "上海市财政局"),  # the city's bureau, not 上海市普陀区财政局
    ("卫健委三公经费多少", "卫健委"),  # a shortening, and no department it shortens
    ("长沙市公安局交警支队三公经费", "长沙市公安局交警支队"),  # a unit of a department held
    ("上海市经信委今年三公经费多少", "上海市经信委"),  # a place held, a shortening none of its departments fits
    ("广州发改委的会议费呢", "广州发改委"),
    ("深圳市残联三公经费", "深圳市残联"),
])
def test_a_body_named_but_not_held_never_gets_anothers_figure(bundled_engine, question, named):
    reply = converse(bundled_engine, question)
    assert f"未收录“{named}”" in reply.answer, reply.answer
    assert not re.search(r"\d+\.\d{2}万元", reply.answer)



def test_a_district_bureau_is_still_answered(bundled_engine):
    assert converse(bundled_engine, "普陀区财政局三公经费").answer.startswith("上海市普陀区财政局2024年“三公”经费决算")



def test_naming_the_place_of_the_department_just_answered_repeats_its_answer(bundled_engine):
    # 长沙市信访局: “三公”经费 2026 年预算 8.00 万元
    reply = converse(bundled_engine, "长沙市信访局三公经费", "长沙的")
    assert reply.answer.startswith("长沙市信访局2026年“三公”经费预算8.00万元"), reply.answer



@pytest.fixture(scope="module")
def renamed_bodies_engine(tmp_path_factory):
    """Departments whose names people still say the old way (科创委, 环保局) or type by sound (卫建委)."""
    from bot.core.engine import Engine
    from knowledge.model import Document, Fact, Section
    from knowledge.store import open_db, write_document

    path = tmp_path_factory.mktemp("renamed") / "kb.db"
    db = open_db(path)
    departments = ["深圳市科技创新局", "福州市生态环境局", "深圳市卫生健康委员会", "深圳市审计局"]
    for number, department in enumerate(departments, 1):
        said = f"2026年“三公”经费预算数为{number}.00万元。"
        title = f"{department}2026年部门预算公开"
        write_document(db, Document(department, 2026, "预算", "万元", title, f"{number}.txt",
                                    sections=[Section("一", "三公经费", said)],
                                    facts=[Fact("“三公”经费", "amount", float(number), "万元", None, "一", said)]))
    return Engine(path)



@pytest.mark.parametrize("question, department", [
    ("深圳科创委三公经费多少", "深圳市科技创新局"),  # renamed from 科技创新委员会
    ("福州环保局三公经费多少", "福州市生态环境局"),  # 环境保护局 became 生态环境局
    ("深圳卫建委三公经费多少", "深圳市卫生健康委员会"),  # 建 typed for 健
    ("深圳卫健委会议费多少", "深圳市卫生健康委员会"),  # 卫健委, not 卫健委会 cutting 会议费
])
def test_a_body_named_the_old_way_or_by_sound_is_found(renamed_bodies_engine, question, department):
    assert converse(renamed_bodies_engine, question).answer.startswith(department), question



@pytest.mark.parametrize("question", ["深圳发改委三公经费多少", "福州市残联三公经费多少"])
def test_a_body_of_a_place_held_that_no_department_there_fits_is_not_held(renamed_bodies_engine, question):
    reply = converse(renamed_bodies_engine, question)
    assert "未收录" in reply.answer and not figures(reply.answer), reply.answer



@pytest.mark.parametrize("question, department", [
    ("深圳交警支队三公经费多少", "深圳市公安局交通管理支队"),  # 交警 is 交通警察: the 交通管理支队
    ("深圳水务局三公经费多少", "深圳市水利局"),  # called 水务局 by people, named 水利局
])
def test_a_body_called_by_its_everyday_name_is_found(tmp_path, question, department):
    from bot.core.engine import Engine
    from knowledge.model import Document, Fact, Section
    from knowledge.store import open_db, write_document

    said = "2026年“三公”经费预算数为8.00万元。"
    fact = Fact("“三公”经费", "amount", 8.0, "万元", None, "一", said)
    for n, name in enumerate([department, "深圳市审计局"]):
        write_document(open_db(tmp_path / "kb.db"), Document(
            name, 2026, "预算", "万元", f"{name}2026年部门预算公开", f"{n}.txt",
            sections=[Section("一", "三公经费", said)], facts=[fact]))
    assert converse(Engine(tmp_path / "kb.db"), question).answer.startswith(department)



def test_the_same_question_of_another_city_goes_to_its_department_doing_the_same_work(corpus_engine):
    # 深圳市审计局 then 烟台: 烟台市审计局; the 热线中心 has no 广州 twin, so the choice is offered
    reply = converse(corpus_engine, "深圳市审计局三公经费", "那烟台的呢")
    assert reply.answer.startswith("烟台市审计局"), reply.answer
    assert "请问您指的是哪一个" in converse(corpus_engine, "热线中心三公经费", "那广州的呢").answer



def test_a_typed_sound_of_an_everyday_body_word_is_found(renamed_bodies_engine):
    # 审记局: 记 typed for 计 (ji) — found by sound as 深圳市审计局
    assert converse(renamed_bodies_engine, "深圳审记局三公经费多少").answer.startswith("深圳市审计局")



def test_a_unit_listed_in_its_departments_tables_is_answered_from_there(bundled_engine):
    # 无锡市统计局 收入总表: 327002 无锡市统计普查中心 546.18 (a unit, no document of its own)
    reply = converse(bundled_engine, "无锡市统计普查中心预算多少")
    assert "无锡市统计局" in reply.answer and "546.18万元" in reply.answer and reply.confidence < 0.8, reply.answer
    # its 三公经费 is not in that row: not held, never the unit's budget instead
    assert "546.18" not in converse(bundled_engine, "无锡市统计普查中心三公经费").answer



@pytest.mark.parametrize("question, department", [
    ("广洲信访局三公经费", "广州市信访局"),  # 洲 typed for 州: the one place held that sounds so
    ("胡州退役军人事务局三公经费", "湖州市退役军人事务局"),
    ("深证信访局三公经费", "深圳市信访局"),  # zheng for zhen, as many southern speakers type it
])
def test_a_place_typed_by_its_sound_is_that_place(bundled_engine, question, department):
    assert converse(bundled_engine, question).answer.startswith(department)



def test_a_shortening_right_before_a_subjects_name_is_the_department(tmp_path):
    # 烟台市政府办公务接待费: 政府办 (人民政府办公室), though 办公 could begin a name
    from bot.core.engine import Engine
    from knowledge.model import Document, Fact, Section
    from knowledge.store import open_db, write_document

    said = "2026年公务接待费预算192.00万元。"
    for n, name in enumerate(["测试市人民政府办公室", "测试市审计局"]):
        write_document(open_db(tmp_path / "kb.db"), Document(
            name, 2026, "预算", "万元", f"{name}2026年部门预算公开", f"{n}.txt",
            sections=[Section("一", "三公经费", said)],
            facts=[Fact("公务接待费", "amount", 192.0 + n, "万元", None, "一", said)]))
    reply = converse(Engine(tmp_path / "kb.db"), "测试市政府办公务接待费多少钱")
    assert reply.answer.startswith("测试市人民政府办公室2026年公务接待费预算192.00万元"), reply.answer


def test_a_unit_named_without_its_city_after_its_department(corpus_engine):
    # 湖州市财政局 收支总表 by unit: 湖州市财政票据管理中心 273.77
    reply = converse(corpus_engine, "湖州市财政局下面包括哪些单位", "其中财政票据管理中心的预算是多少")
    assert "273.77万元" in reply.answer and "湖州市财政局" in reply.answer


def test_a_bodys_ending_said_loosely_among_two_units_of_one_bureau(tmp_path):
    # 福州市公安局交通警察局: 交通警察 is 交通管理, and 局 stands for the 支队 — not 治安管理支队
    from bot.core.engine import Engine
    from knowledge.model import Document, Fact, Section
    from knowledge.store import open_db, write_document

    said = "2026年“三公”经费预算数为8.00万元。"
    fact = Fact("“三公”经费", "amount", 8.0, "万元", None, "一", said)
    for n, name in enumerate(["福州市公安局交通管理支队", "福州市公安局治安管理支队"]):
        write_document(open_db(tmp_path / "kb.db"), Document(
            name, 2026, "预算", "万元", f"{name}2026年部门预算公开", f"{n}.txt",
            sections=[Section("一", "三公经费", said)], facts=[fact]))
    reply = converse(Engine(tmp_path / "kb.db"), "福州市公安局交通警察局三公经费多少")
    assert reply.answer.startswith("福州市公安局交通管理支队")


def test_a_subject_of_a_unit_listed_in_a_table_by_unit(corpus_engine):
    # 湖州市财政局 表7 “三公”经费支出表, row 湖州市财政票据管理中心: “三公”经费合计 0.45
    reply = converse(corpus_engine, "湖州市财政局财政票据管理中心三公经费多少")
    assert "湖州市财政票据管理中心" in reply.answer and "0.45万元" in reply.answer


def test_another_places_unit_is_no_unit_of_the_bureau_named(corpus_engine):
    # 杭州市公安局 三公 table by unit: 杭州市公安局交通管理支队 1,960.35 — not 福州市公安局交通管理支队's figure
    reply = converse(corpus_engine, "杭州市公安局交通管理支队2026年三公经费多少？")
    assert "福州" not in reply.answer and "1960.35万元" in reply.answer


def test_a_unit_listed_in_the_budget_by_unit_asked_within_its_department(corpus_engine):
    # 广州市气象局 收入总体情况表, row 广州市气象台: 1,519.20
    reply = converse(corpus_engine, "广州市气象局部门预算包括哪些下属单位？", "其中广州市气象台的收入预算是多少")
    assert "广州市气象台" in reply.answer and "1519.20万元" in reply.answer and "7651.71" not in reply.answer


def test_a_unit_shortened_as_people_call_it(bundled_engine):
    # 湖州市退役军人事务局 表2, row 湖州市军队离休退休干部休养所 3011.95 — people say 军休所
    reply = converse(bundled_engine, "湖州市退役军人事务局下属的军休所2026年收入预算多少？")
    assert "湖州市军队离休退休干部休养所" in reply.answer and "3011.95万元" in reply.answer
