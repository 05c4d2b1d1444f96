"""Understanding a question by itself: what `Engine.parse` (nlu.understand over the matcher) makes of
it — intent, department, year, subjects, scope, the words no known name explains."""

from __future__ import annotations

import pytest

from nlu.context import Context
from nlu.intents import Intent

HOTLINE = "长沙市12345政务热线中心"


@pytest.mark.parametrize("question, intent, subjects", [
    ("三公经费是多少", Intent.AMOUNT, ("三公经费",)),
    ("三工经费多少", Intent.AMOUNT, ("三公经费",)),  # a slip of sound
    ("招待费预算", Intent.AMOUNT, ("公务接待费",)),  # a colloquial name of the lexicon
    ("机关运行经费增长了百分之多少", Intent.CHANGE, ("机关运行经费",)),
    ("预算增加的原因是什么", Intent.REASON, ("收入预算",)),  # the budget as a whole
    ("公务用车是什么类型的", Intent.BREAKDOWN, ("公务用车",)),  # the longer cue wins over 是什么
    ("商品和服务支出里最大的一项是什么", Intent.RANKING, ("商品和服务支出",)),
    ("项目支出是基本支出的几倍", Intent.SHARE, ("项目支出", "基本支出")),
    ("招待费和公车费加起来多少", Intent.SUM, ("公务接待费", "公务用车购置及运行费")),
])
def test_intent_and_subjects(founding_engine, question, intent, subjects):
    parse = founding_engine.parse(question)
    assert (parse.intent, parse.subjects) == (intent, subjects)
    assert parse.department == HOTLINE


def test_a_subject_named_within_another_has_it_as_scope(founding_engine):
    parse = founding_engine.parse("基本支出里的办公费是多少")
    assert (parse.subjects, parse.scope) == (("办公费",), "基本支出")
    side_by_side = founding_engine.parse("政府采购预算总额")  # 预算总额 is the total of 政府采购, not within it
    assert side_by_side.scope is None


def test_words_no_name_explains_are_missing_not_guessed(founding_engine):
    parse = founding_engine.parse("在编人员有多少")
    assert parse.subjects == () and parse.missing == ("在编人员",) and parse.confidence < 0.8
    inside = founding_engine.parse("热线提供几小时人工服务")  # 服务 is part of 人工服务 here
    assert "服务" not in inside.subjects


def test_a_shortening_of_two_names_asks_which(founding_engine):
    parse = founding_engine.parse("公务费多少")
    assert parse.intent == Intent.CHOOSE_SUBJECT
    assert set(parse.choices) == {"公务接待费", "公务用车购置及运行费"}


def test_years_relative_and_compared(founding_engine):
    assert founding_engine.parse("去年三公经费").year_offset == -1
    compared = founding_engine.parse("三公经费比上年增加多少")  # 比上年 compares, it does not ask 2023
    assert compared.year is None and compared.year_offset is None


def test_follow_ups_take_what_the_conversation_supplies(founding_engine):
    first = founding_engine.answer("基本支出多少")
    part = founding_engine.parse("其中办公费呢", first.context)
    assert (part.subjects, part.scope) == (("办公费",), "基本支出")
    why = founding_engine.parse("为什么", first.context)
    assert (why.intent, why.subjects, why.subject_carried) == (Intent.REASON, ("基本支出",), True)
    added = founding_engine.parse("加上项目支出一共多少", first.context)
    assert added.subjects == ("基本支出", "项目支出")


def test_a_department_the_knowledge_base_lacks(founding_engine):
    parse = founding_engine.parse("北京市财政局三公经费")
    assert parse.intent == Intent.UNKNOWN_DEPARTMENT and parse.unknown == "北京市财政局"
    unit = founding_engine.parse("上海市水务局下属的上海市海洋监测预报中心三公经费")
    assert unit.unknown == "上海市海洋监测预报中心"  # the unit asked about, not its parent
    after = founding_engine.parse("其中公务接待费呢", Context(unknown="北京市财政局", turns=1))
    assert after.intent == Intent.UNKNOWN_DEPARTMENT and after.unknown == "北京市财政局"


def test_codes_tables_and_the_empty_line(founding_engine):
    assert founding_engine.parse("30101是什么").code == "30101"
    assert founding_engine.parse("12345热线三公经费").code is None  # 12345 is the hotline's name
    assert founding_engine.parse("表7是什么").table == 7
    assert founding_engine.parse("   ").intent == Intent.EMPTY
