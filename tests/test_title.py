"""Who published a disclosure, the year and the kind, from the cover as the templates print it."""

from __future__ import annotations

import pytest

from knowledge.model import IngestError
from knowledge.title import read_title, require_disclosure


@pytest.mark.parametrize(
    "cover, department, year, kind",
    [
        ("北京市审计局 2026 年度部门预算信息公开\n目    录", "北京市审计局", 2026, "预算"),
        ("北京市医疗保障局部门 2026 年度部门预算\n信息公开", "北京市医疗保障局", 2026, "预算"),
        ("上海市2026年市级单位预算\n预算单位：上海市海洋监测预报中心\n目   录", "上海市海洋监测预报中心", 2026, "预算"),
        ("上海市普陀区2026年区级部门预算\n预算主管部门：上海市普陀区司法局\n目 录", "上海市普陀区司法局", 2026, "预算"),
        ("上海市普陀区财政局\n年度部门决算\n2024", "上海市普陀区财政局", 2024, "决算"),
        ("2026 年深圳市交通运输局（本级）部\n门预算\n目   录", "深圳市交通运输局（本级）", 2026, "预算"),
        ("2026 年度\n福州市公安局治安管理\n支队\n单位预算\n目录", "福州市公安局治安管理支队", 2026, "预算"),
        ("2026 年度\n无锡市交通运输局（本级）\n单位预算公开", "无锡市交通运输局（本级）", 2026, "预算"),
        ("2025 年度无锡市信访局部门预算公开\n无锡市信访局 2025 年度部门预算公开", "无锡市信访局", 2025, "预算"),
        ("2019 年佛山市轨道交通局 部门决算\n1\n目     录", "佛山市轨道交通局", 2019, "决算"),
        ("国家信访局 2026 年度部门预算\n二〇二六年三月", "国家信访局", 2026, "预算"),
        ("长沙市 12345 政务热线中心\n2024 年部门预算公开", "长沙市12345政务热线中心", 2024, "预算"),
        ("2026年\n广州市人民政府国有资产监督管理委员会部\n门预算", "广州市人民政府国有资产监督管理委员会",
         2026, "预算"),
        ("二〇二六年度某某县统计局部门预算", "某某县统计局", 2026, "预算"),
        ("某某市政协机关2026部门预算", "某某市政协机关", 2026, "预算"),
        ("中共某某市委宣传部2026年部门决算公开", "中共某某市委宣传部", 2026, "决算"),
    ],
)
def test_the_title_names_department_year_and_kind(cover, department, year, kind):
    title = read_title(cover)
    assert (title.department, title.year, title.kind) == (department, year, kind)


def test_a_cover_without_a_name_takes_it_from_the_document():
    # 北京市人民政府办公厅: the first page is the table of contents; the 附件 line names the department
    cover = "第一部分 2026 年度部门预算情况说明\n一、部门情况说明\n二、收入预算情况说明"
    elsewhere = ["北京市人民政府办公厅主要职责包括：", "附件：北京市人民政府办公厅 2026 年度部门预算报表"]
    title = read_title(cover, elsewhere=elsewhere)
    assert title.department == "北京市人民政府办公厅"


@pytest.mark.parametrize(
    "cover, words",
    [
        ("宜府办函〔2026〕24号\n宜宾市人民政府办公室\n关于2026年第一季度政务公开及网络平台检查情况的通报", "通报"),
        ("广州市生态环境局2026年项目支出绩效目标表（含转移支付项目）\n部门名称：广州市生态环境局", "绩效目标表"),
        ("长沙市财政项目支出绩效评价报告\n评价项目类型：项目实施过程评价", "绩效评价"),
    ],
)
def test_a_first_page_naming_no_disclosure_is_refused(cover, words):
    with pytest.raises(IngestError, match=words):
        require_disclosure(cover)
