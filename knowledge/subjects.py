"""What the narrative reader looks for, as data: the subjects' mention patterns (SUBJECTS), figures, and
the words around a figure that say what it is (a change, a reason, a list, a statement of none).
"""

from __future__ import annotations

import re

# canonical subject -> pattern of its mentions. Longer mentions win over shorter ones at a place.
SUBJECTS: dict[str, str] = {
    "收入预算": r"收入(?:总)?预算(?:数)?|本年收入(?:合计)?|(?:^|(?<=[，,；]))收入(?=较|比|总计|合计)"
    r"|(?<!拨款)收支(?:总)?预算(?:总计|总额)?"  # 收支预算7,157.63万元: a budget's income and spending are one sum
    r"|(?<=部门)预算收入",
    # 收入支出总计 of a 决算 (carry-overs in): not the 财政拨款收入支出总计 of the appropriations alone
    "收支总计": r"(?<!拨款)收入支出总计|(?<!拨款)收支总计",
    "支出预算": r"支出(?:总)?预算(?:数)?|本年支出(?:合计)?|(?:^|(?<=[，,；]))支出(?=较|比|总计|合计)"
    r"|(?<=部门)预算支出",
    "收入决算": r"收入决算(?:数)?|本年收入(?:决算)?",
    "支出决算": r"支出决算(?:数)?",
    "一般公共预算拨款": r"一般公共预算(?:财政)?拨款(?:收入)?|一般公共预算收入",
    "财政拨款收入": r"财政拨款收入(?:预算)?",
    "财政拨款支出": r"财政拨款支出(?:预算)?",
    "基本支出": r"基本支出",
    "项目支出": r"项目支出",
    "人员经费": r"人员经费",
    "公用经费": r"公用经费",
    "机关运行经费": r"机关运行经费",
    "“三公”经费": r"[“\"‘']?三公[”\"’']?经费",
    "公务接待费": r"公务接待费?",
    "公务用车购置及运行费": r"公务用车购置[及和与]运行(?:维护)?费",
    "公务用车购置费": r"公务用车购置费?",
    "公务用车运行费": r"公务用车运行(?:维护)?费",
    "因公出国（境）费": r"因公出国[（(]境[）)](?:费用?)?",
    "会议费": r"会议费",
    "培训费": r"培训费",
    "政府采购": r"政府采购(?:预算)?(?:总额|金额)?",
    "货物类采购": r"货物类?(?:采购)?",
    "工程类采购": r"工程类?(?:采购)?",
    "服务类采购": r"服务类(?:采购)?|(?<=拟采购)服务|(?<=政府采购)服务|服务采购|(?<=[、，,；：:])服务(?=\s*\d)",
    "公务用车": r"(?<!其他按照规定配备的)(?<!其他)(?<!一般)公务用车(?!购置|运行)|车辆(?=\s*\d)",
    "一般公务用车": r"一般公务用车",
    "机要通信用车": r"机要通信用车",
    "应急保障用车": r"应急保障用车",
    "执法执勤用车": r"执法执勤用车",
    "特种专业技术用车": r"特种专业技术用车",
    "其他用车": r"其他(?:按照规定|按规定)?配备的公务用车|其他用车",
    "领导干部用车": r"领导干部用车",
    "单位价值50万元以上设备": r"(?:单位价值|单价)在?\s*50\s*万元(?:[（(]含[）)])?以上的?(?:通用|专用)?设备",
    "单位价值100万元以上设备": r"(?:单位价值|单价)在?\s*100\s*万元(?:[（(]含[）)])?以上的?(?:通用|专用)?设备",
    "绩效目标管理金额": r"(?:绩效目标|绩效管理|绩效)[^，。；]{0,6}(?:的)?(?:金额|资金)",
    "政府性基金": r"政府性基金(?:预算)?(?:拨款)?(?:安排的)?(?:支出)?",
    "国有资本经营预算": r"国有资本经营预算(?:拨款)?(?:安排的)?(?:支出)?",
    "节庆、晚会、论坛、赛事活动": r"节庆[^。；]{0,20}活动",
    # 房屋8,268.74平方米: the floor area held (only where an area follows: 房屋修缮费 is money)
    "房屋": r"(?:房屋|办公用房)(?:建筑)?(?:面积)?(?=\s*(?:为|共)?\s*[\d,.]+\s*平方米)",
}
GENERIC_SUBJECTS = ("收入预算", "支出预算", "收入决算", "支出决算")
PROCUREMENT_KINDS = ("货物类采购", "工程类采购", "服务类采购")
FUNDED = ("财政拨款收入", "财政拨款支出")  # right after another subject, they only say how it is funded
MENTION = re.compile("|".join(f"(?P<s{i}>{p})" for i, p in enumerate(SUBJECTS.values())))
SUBJECT_NAMES = list(SUBJECTS)

# "0.39万（含…）": a bare 万 before punctuation is 万元
AMOUNT = r"(?P<amount>-?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>亿元|万元|元|万(?=[（(，,。；;、]))"
PERCENT = r"(?P<pct>-?\d+(?:\.\d+)?)\s*(?:%|％)"
# not 行政运行（01项）
COUNT = (r"(?P<count>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*"
         r"(?P<cunit>辆|台|套|人次|人|个|场|批次|批|次|项|平方米)(?![）)])")
# 预算数为0 / 事业收入为0；: a zero needs no unit
NIL = r"(?<=为)(?P<nil>0)(?=[，,。；;、）)]|$)"
FIGURE = re.compile(f"{AMOUNT}|{PERCENT}|{COUNT}|{NIL}")
EXPLANATION = re.compile(r"(?:主要原因[是为：:]?|原因(?:主要)?是|原因[：:]"
                         r"|(?:主要)?增减变[动化](?:情况|的?原因)?[是为][：:]?"  # 主要增减变动情况是：…
                         r"|主要是|主要由于|主要用于|主要包括|用于|拟开展|拟用于|主要开展)")
# a change stated without a figure: 与上年持平 / 与上年预算数相同
FLAT = re.compile(r"(?:持平|(?:与|和|比)[^，。；]{0,10}?相同|无增减变化)")
ITEM_NUMBER = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]|[（(][一二三四五六七八九十\d]{1,3}[）)])\s*")
UP = ("增加", "增长", "上升", "提高", "增")
DOWN = ("减少", "下降", "降低", "减")

# a heading naming money no subject pattern knows: （六）委托业务费(安排)情况 -> 委托业务费
OPEN_SUBJECT = re.compile(
    r"^(?:[\d.、．]+)?([\u4e00-\u9fff（）()]{2,16}?(?:费|经费|资金|补贴|补助))(?:预算)?(?:安排|使用)?(?:情况|情况说明|说明)?$"
)
# a numbered item whose label runs into its sentence: 5.委托业务费安排情况2026年本部门委托业务费…1,914.85万元
OPEN_LABEL = re.compile(
    r"^([\u4e00-\u9fff（）()]{2,16}?(?:费|经费|资金|补贴|补助))(?:预算)?(?:安排|使用)?(?:情况说明|情况)"
)
# an item labelled by its functional classification: 社会保障和就业支出（类）…（款）行政单位离退休（项），
# or by its 类 alone: （1）科学技术支出（类）支出12,500万元
CLASSIFIED = re.compile(
    r"^(?:([^（()]{2,30})[（(]类[）)])?(?:([^（()]{2,30})[（(]款[）)])?(?:([^（()]{2,30})[（(]项[）)])?$"
)

# an item of money named just before its figure, after a clause break: ；事业收入2,194万元
NAMED_ITEM = re.compile(
    r"(?:[，,；;：:]|其中|^\s*\d{1,2}\s*[.、．](?:\s*\d{4}\s*年)?)\s*"  # 其中：事业收入… / 5.事业收入…
    r"([\u4e00-\u9fff（）()]{2,14}?(?:收入|支出|经费|资金|补贴|补助|费))(?:预算)?(?:总额)?(?:数)?(?:为|是)?\s*$"
)
LIST_OPENS = re.compile(r"如下[：:]")  # what follows are the items of a list
COMPARED = re.compile(r"比|较|同比|上年|去年|\d{4}\s*年")
# a statement that something is absent: 本单位无政府性基金安排的支出 / 未举办节庆…活动
NONE_STATEMENT = re.compile(r"(无|没有|未安排|未举办|不安排|未使用|不编制|未编制)([^，。；]{0,20})")


def subject_named(mention: re.Match[str]) -> str:
    """The canonical subject a MENTION match is of."""
    return SUBJECT_NAMES[int(mention.lastgroup[1:])]
