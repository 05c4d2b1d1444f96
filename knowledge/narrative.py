"""The narrative part: paragraphs re-joined, numbered sections, glossary terms."""

from __future__ import annotations

import re

from .model import Section, Term

CN_NUM = "一二三四五六七八九十"
# 一、部门基本概况 / （一）职能职责 / (二) 机构设置
TOP_HEADING = re.compile(rf"^([{CN_NUM}]{{1,3}})\s*[、.．]\s*(.*)$")
SUB_HEADING = re.compile(rf"^[（(]\s*([{CN_NUM}]{{1,3}})\s*[）)]\s*(.*)$")
PART_HEADING = re.compile(r"^第[一二三四五六七八九十]部分")
BARE_PART = re.compile(r"^第[一二三四五六七八九十]部分$")
SENTENCE_END = "。！？；：:;!?）)”"
# an unnumbered title on a line of its own: 2026年部门预算编制说明 / 上海市普陀区司法局机构设置
TITLE = re.compile(r"^(?![（(])[^，。；：、,;:%]{4,40}(?:说明|情况|设置|职能|职责|解释|概况|简介|构成)$")
# Lines that are never prose: page numbers (- 3 -, —3—, 第3页), chart labels, bullets of a chart legend.
NOISE = re.compile(r"^(?:[-—–\s]*\d+[-—–\s]*|第\s*\d+\s*页.*|.{0,12}图|[■●◆□▲].*|\d+\s*/\s*\d+)$")


def squeeze(text: str) -> str:
    """Drop the spaces a PDF conversion puts between Chinese characters, digits and punctuation."""
    text = re.sub(r"\s+", " ", text).strip()
    # a space next to a CJK character or full-width punctuation carries no meaning
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", text)


def join_lines(narrative: str) -> list[str]:
    """Paragraphs of the narrative, with lines cut by a page break or a hard wrap joined again."""
    paragraphs: list[str] = []
    open_paragraph = after_heading = False
    for raw in narrative.splitlines():
        line = squeeze(raw)
        if not line or NOISE.match(line):
            continue
        numbered = bool(TOP_HEADING.match(line) or SUB_HEADING.match(line) or PART_HEADING.match(line))
        # a title line, but not the wrapped end of a heading (（二）关于…收入预算情 / 况说明)
        title = not open_paragraph and not after_heading and is_title(line)
        heading = numbered or (len(line) <= 12 and "名词解释" in line) or title
        if paragraphs and BARE_PART.match(paragraphs[-1]) and not heading:
            paragraphs[-1] += line  # 第四部分 / 名词解释 on two lines
            continue
        if after_heading and not heading and len(paragraphs[-1]) >= 20 and len(line) <= 12 and not re.search(
            r"[，。；：]", line
        ):
            paragraphs[-1] += line  # the end of a wrapped heading: （二）关于…收入预算情 / 况说明
            after_heading = False
            continue
        if open_paragraph and not heading and paragraphs:
            paragraphs[-1] += line
        elif not heading and len(line) < 16 and not re.search(r"[，。；：、\d]", line) and paragraphs:
            continue  # a stray label (chart legend, running header) between paragraphs
        else:
            paragraphs.append(line)
        # a numbered line that is a sentence cut by the wrap (（一）人员经费3551.21万元，主要包括：…) goes on
        prose = numbered and bool(re.search(r"[，。；]|\d\s*(?:万元|元|%)", line))
        open_paragraph = not paragraphs[-1].endswith(tuple(SENTENCE_END)) and (prose or not heading)
        after_heading = numbered and not prose and not line.endswith(tuple(SENTENCE_END))
    return paragraphs


def is_title(line: str) -> bool:
    return bool(TITLE.match(line)) and not TOP_HEADING.match(line) and not re.match(r"^\d+\s*[.、．]", line)


def split_sections(paragraphs: list[str]) -> list[Section]:
    """Numbered sections: 一、… and （一）… with their text; the number reads like 六（二）.
    An unnumbered title line starts a section of its own, with no number."""
    sections: list[Section] = []
    top, top_heading = "", ""
    number, heading, body = "", "", []

    def flush() -> None:
        if number or heading or body:
            sections.append(Section(number=number, heading=heading, text="".join(body)))

    for paragraph in paragraphs:
        if PART_HEADING.match(paragraph) or is_title(paragraph):
            # 第二部分 部门预算收支总体情况 / an unnumbered title: a section with no number
            flush()
            top, number, heading, body = "", "", PART_HEADING.sub("", paragraph).strip(), []
        elif m := TOP_HEADING.match(paragraph):
            flush()
            top = m.group(1)
            top_heading, rest = _heading_and_rest(m.group(2))
            number, heading, body = f"{top}、", top_heading, [rest] if rest else []
        elif (m := SUB_HEADING.match(paragraph)) and top:
            flush()
            sub_heading, rest = _heading_and_rest(m.group(2))
            number, heading, body = f"{top}（{m.group(1)}）", sub_heading, [rest] if rest else []
        else:
            body.append(paragraph)
    flush()
    return sections


def _heading_and_rest(text: str) -> tuple[str, str]:
    """'收入预算：包括…' -> ('收入预算', '包括…'); a heading alone has no rest."""
    m = re.match(r"^([^：:，。]{1,30})[：:](.*)$", text)
    if m:
        return m.group(1).strip(), m.group(2).strip()
    if len(text) <= 30 and not text.endswith("。"):
        return text, ""
    return "", text


GLOSSARY = "名词解释"
TERM_ITEM = re.compile(
    rf"(?:^|(?<=[。；]))\s*(?:\d{{1,2}}\s*[.、．]|[{CN_NUM}]{{1,3}}\s*[、.．]|[（(][{CN_NUM}\d]{{1,3}}[）)])"
    r"\s*([^：:。，]{2,24})[：:]"
)


UNNUMBERED_TERM = re.compile(
    r"(?:^|(?<=[。；]))\s*(?!其中|包括|主要|具体|如下|注)([^：:。，；、\d]{2,20})[：:](?=\s*[\u4e00-\u9fff“])"
)


def split_glossary(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """The paragraphs before and after it, and the 名词解释 part itself (its heading first).

    The glossary starts at a heading naming 名词解释 (七、名词解释 / 第四部分 名词解释 / a bare
    名词解释 line) and runs to the next 第…部分 heading.
    """
    start = next((i for i, p in enumerate(paragraphs) if GLOSSARY in p and _is_heading_line(p)), None)
    if start is None:
        return paragraphs, []
    end = next((i for i in range(start + 1, len(paragraphs)) if _ends_glossary(paragraphs[i])), len(paragraphs))
    return paragraphs[:start] + paragraphs[end:], paragraphs[start:end]


def _ends_glossary(paragraph: str) -> bool:
    """The next part: a 第…部分 heading or a bare title line such as 2026年部门预算编制说明."""
    if PART_HEADING.match(paragraph) or re.match(r"^附(?:件|表)\s*\d*\s*[:：]", paragraph):
        return True
    return len(paragraph) <= 24 and not TERM_ITEM.match(paragraph) and not re.search(r"[：:。，]", paragraph)


def _is_heading_line(paragraph: str) -> bool:
    m = TOP_HEADING.match(paragraph) or SUB_HEADING.match(paragraph) or PART_HEADING.match(paragraph)
    rest = paragraph[m.end(1) + 1 :] if m and m.re is not PART_HEADING else paragraph
    return len(rest) <= 16


def glossary_section(part: list[str]) -> Section:
    """The 名词解释 part as one section, numbered as its heading is (七、) or not at all."""
    m = TOP_HEADING.match(part[0])
    number = f"{m.group(1)}、" if m else ""
    return Section(number=number, heading=GLOSSARY, text="".join(part[1:]))


def glossary(section: Section) -> list[Term]:
    """Terms of the 名词解释 section: '1. 机关运行经费：是指…' / '（一）财政拨款收入：…' / '十一、…：…'."""
    terms: list[Term] = []
    matches = list(TERM_ITEM.finditer(section.text))
    if len(matches) < 2:  # terms without numbers: 基本支出：指为保障机构正常运转…。项目支出：指…
        matches = list(UNNUMBERED_TERM.finditer(section.text))
    for m, after in zip(matches, [*matches[1:], None], strict=False):  # no matches: no terms
        end = after.start() if after else len(section.text)
        definition = section.text[m.end() : end].strip()
        if definition:
            terms.append(Term(term=m.group(1).strip(), definition=definition, section=section.number))
    return terms
