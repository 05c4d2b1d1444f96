"""Who published a disclosure, for which year, and whether it is one: read from its title.

Every 部门预算/决算 names itself on its cover or title line: a department (or unit), a year and
预算 or 决算 — 「北京市审计局2026年度部门预算信息公开」, 「2026年度福州市公安局治安管理支队单位预算」,
「2026年深圳市交通运输局（本级）部门预算」. Where the title names only a heading (「上海市2026年市级
单位预算」), a label on the cover names the body (预算单位：… / 预算主管部门：…). A file whose first
pages name no 部门/单位 预算 or 决算 at all is not a disclosure.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .domain import NAME_CHARS, NOT_DISCLOSURE, YEAR, is_org_name, western_years
from .model import IngestError

# the words that make a title a disclosure's: 部门预算, 单位决算, 部门预算信息公开 …
DISCLOSURE_WORDS = re.compile(r"(?:部门|单位)(?:预|决)算")
# a title: [name] year [name] [部门|单位] 预算|决算
TITLE = re.compile(
    rf"(?P<year>(?:19|20)\d{{2}})年度?(?P<after>{NAME_CHARS}{{0,50}}?)(?:部门|单位)?(?P<kind>预算|决算)"
)
LABEL = re.compile(
    r"(?:预算单位|预算主管部门|主管部门|部门名称|单位名称|编制单位|编制部门)\s*[:：]\s*"
    rf"(?P<name>{NAME_CHARS}{{3,50}}?)(?=目录|目次|单位\s*[:：]|金额单位|\d{{4}}年|$|[^\u4e00-\u9fff0-9（）()·])"
)
BARE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
SPLIT_TITLE = re.compile(r"年度?(?:部门|单位)(?:预|决)算")
NO_YEAR_WORD = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=(?:部门|单位)(?:预|决)算)")
# what ends the name run before a year
BEFORE_CUT = re.compile(r".*(?:\d{4}年度?|预算|决算|公开|目录|目次|附件|[:：\s，。,])")
# how a title may end a name that is still the department's: 北京市医疗保障局部门 / …信息公开
TRAILING = re.compile(r"(?:部门|单位)$")


@dataclass(frozen=True)
class Title:
    department: str
    year: int
    kind: str  # 预算 or 决算
    text: str  # the title as read


def require_disclosure(cover: str) -> None:
    """Refuse a file whose first pages do not name a 部门/单位 预算 or 决算, saying what it looks like."""
    flat = _flat(cover)
    if DISCLOSURE_WORDS.search(flat):
        return
    first = _first_line(cover)
    what = next((kind for word, kind in NOT_DISCLOSURE if word in flat[:200]), None)
    shown = f"「{first}」" if first else "no title"
    if what:
        raise IngestError(f"not a 部门预算/决算 disclosure but {what}: its first page reads {shown}")
    raise IngestError(f"not a 部门预算/决算 disclosure: its first page names no 部门预算/决算 ({shown})")


def read_title(cover: str, *, elsewhere: list[str] = ()) -> Title:
    """Department, year and kind from the cover; `elsewhere` (table 部门 lines, narrative lines such
    as 附件：…2026年度部门预算报表) names the department when the cover does not."""
    flat = _flat(cover)
    titles = list(TITLE.finditer(flat))
    if not titles:
        # the year set apart from the title (上海市普陀区财政局 / 年度部门决算 / 2024)
        year = BARE_YEAR.search(flat)
        split = SPLIT_TITLE.search(flat)
        if year and split:
            flat = f"{flat[: split.start()]}{year.group(1)}年{flat[split.start():]}"
        else:  # a year printed without 年: …统计局2026部门预算
            flat = NO_YEAR_WORD.sub(r"\1年", flat, count=1)
        titles = list(TITLE.finditer(flat))
    if not titles:
        raise IngestError("no year found in the title (e.g. 2026年度…部门预算); is this a 部门预算/决算 disclosure?")
    # the title that names a disclosure: year … 部门/单位 预算, else the first year … 预算
    title = next((m for m in titles if DISCLOSURE_WORDS.search(flat[m.start("after") : m.end() + 2])), titles[0])
    department = _name_in(flat, title) or _label(flat) or _from_elsewhere(elsewhere)
    if not department:
        raise IngestError("no department name found in the title or on the cover")
    return Title(department, int(title.group("year")), title.group("kind"), flat[title.start() : title.end()])


def _name_in(flat: str, title: re.Match[str]) -> str | None:
    """The name printed just before the year (北京市审计局2026年度…) or between year and 预算."""
    before = BEFORE_CUT.sub("", flat[: title.start()])
    for candidate in (before, title.group("after")):
        name = _clean(candidate)
        if is_org_name(name):
            return name
    return None


def _label(flat: str) -> str | None:
    for m in LABEL.finditer(flat):
        name = _clean(m.group("name"))
        if is_org_name(name):
            return name
    return None


def _from_elsewhere(lines: list[str]) -> str | None:
    """The name most often given by titles and labels in the rest of the document."""
    names: Counter[str] = Counter()
    for line in lines:
        flat = _flat(line)
        for m in TITLE.finditer(flat):
            if DISCLOSURE_WORDS.search(flat[m.start("after") : m.end() + 2]):
                name = _name_in(flat, m)
                if name:
                    names[name] += 1
        name = _label(flat)
        if name:
            names[name] += 1
    return names.most_common(1)[0][0] if names else None


def _clean(name: str) -> str:
    name = re.sub(r"^[（(]?[\d一二三四五六七八九十]+[）)、.．]", "", name.strip())
    name = re.sub(r"信息公开$|公开$", "", name)
    stripped = TRAILING.sub("", name)
    return stripped if is_org_name(stripped) else name


def _flat(text: str) -> str:
    """The text without spaces or line breaks: a title wrapped over lines (…（本级）部 / 门预算) is one."""
    return western_years(re.sub(r"\s+", "", text or ""))


def _first_line(text: str) -> str:
    for line in (text or "").splitlines():
        line = re.sub(r"\s+", "", line)
        if len(re.findall(r"[\u4e00-\u9fff]", line)) >= 4:
            return line[:40]
    return ""


__all__ = ["Title", "read_title", "require_disclosure", "YEAR"]
