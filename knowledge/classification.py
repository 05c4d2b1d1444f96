"""The national 政府收支分类科目 as data: 功能分类 and 经济分类 codes and names.

Every disclosure's tables print rows of the same national code lists: 功能分类 (201 一般公共服务支出,
2010301 行政运行, …), the 部门预算支出经济分类 (301 工资福利支出, 30201 办公费, …) and the 政府预算
支出经济分类 (501 机关工资福利支出, 50201 办公经费, …). The lists are data files under
data/classification/, compiled from the published documents themselves:

    python -m knowledge.classification compile DIR_OR_PDF... [--out data/classification]

A row is recognised by its code wherever the code stands (one column, 类/款/项 columns, a code
before the name), and by its name where a table prints none (深圳's 基本支出总表).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "classification"
ITEM_RULES = "functional_items.tsv"  # 项 numbered alike under every 款: 01 行政运行, 50 事业运行, 99 其他…支出
LISTS = {
    "functional": "functional.tsv",  # 功能分类: 3 (类), 5 (款), 7 (项) digits, starting with 2
    "economic": "economic.tsv",  # 部门预算支出经济分类: 3 (类), 5 (款) digits, starting with 3
    "government_economic": "government_economic.tsv",  # 政府预算支出经济分类: starting with 5
}


@dataclass(frozen=True)
class Subject:
    """One 科目: its code, the name the documents print, and older or shorter names seen for it."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def system(self) -> str:
        return system_of(self.code) or ""


def system_of(code: str) -> str | None:
    """Which list a code belongs to, by its shape: 2…: 功能分类, 3…: 部门经济分类, 5…: 政府经济分类."""
    if not re.fullmatch(r"\d{3}|\d{5}|\d{7}", code or ""):
        return None
    if code[0] == "2":
        return "functional"
    if code[0] == "3" and len(code) <= 5:
        return "economic"
    if code[0] == "5" and len(code) <= 5:
        return "government_economic"
    return None


class Classification:
    """The code lists loaded once: code -> subject, and name -> codes for recognising a row by name."""

    def __init__(self, subjects: list[Subject], item_rules: list[tuple[str, str]] = ()) -> None:
        self.item_rules = [(suffix, re.compile("^" + ".+".join(map(re.escape, name.split("*"))) + "$"))
                           for suffix, name in item_rules]
        self.by_code = {s.code: s for s in subjects}
        self.by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
        for s in subjects:
            for name in (s.name, *s.aliases):
                self.by_name[(s.system, _key(name))].append(s.code)

    def name(self, code: str) -> str | None:
        subject = self.by_code.get(code)
        return subject.name if subject else None

    def knows(self, code: str) -> bool:
        return code in self.by_code

    def codes_named(self, name: str, system: str) -> list[str]:
        return self.by_name.get((system, _key(name)), [])

    def item_under(self, name: str, parent: str) -> str | None:
        """The code a 项 or 款 numbered alike everywhere has under its parent: 行政运行 under 20402
        is 2040201; 其他公安支出 under 20402 is 2040299."""
        if len(parent) not in (3, 5) or system_of(parent) != "functional":
            return None
        for suffix, pattern in self.item_rules:
            if pattern.match(_key(name)) and (suffix == "99" or len(parent) == 5):
                return parent + suffix
        return None


@cache
def classification(directory: Path = DATA_DIR) -> Classification:
    subjects = []
    for file in LISTS.values():
        path = directory / file
        if path.exists():
            subjects += read_list(path)
    rules = []
    rules_path = directory / ITEM_RULES
    if rules_path.exists():
        for line in rules_path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                suffix, name = line.split("\t")[:2]
                rules.append((suffix, name))
    return Classification(subjects, rules)


def read_list(path: Path) -> list[Subject]:
    subjects = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 2 or system_of(cells[0]) is None:
            raise ValueError(f"{path.name}:{number}: expected CODE<TAB>NAME[<TAB>ALIAS|ALIAS], got {line!r}")
        aliases = tuple(a for a in cells[2].split("|") if a) if len(cells) > 2 else ()
        subjects.append(Subject(cells[0], cells[1], aliases))
    return subjects


BRACKETS = str.maketrans({"(": "（", ")": "）", "“": '"', "”": '"'})


def _key(name: str) -> str:
    """A name as compared: no spaces, brackets and quotes unified (维修(护)费 = 维修（护）费)."""
    name = re.sub(r"\s+", "", name or "")
    return name.translate(BRACKETS)


# compiling the lists from documents ------------------------------------------------------------

# a table row as pdftotext -layout prints it: a code (whole, or as 类 款 项 parts) then the name, then figures
ROW = re.compile(
    r"(?<![\d.,])(?P<code>[235]\d{2}(?:\s{0,8}\d{2}){0,2})\s+(?P<name>[\u4e00-\u9fff][\u4e00-\u9fff（）()、“”\"]{1,40})"
)
LIST_LINE = re.compile(r"^\s*[235]\d{2}(?:\s{0,8}\d{2}){0,2}\s+[\u4e00-\u9fff][\u4e00-\u9fff（）()、“”\"]{1,40}\s*$")
FIGURE = re.compile(r"\d[\d,]*\.\d{2}|\d{1,3}(?:,\d{3})+")
NOT_A_NAME = re.compile(r"^(?:万元|亿元|元|台|辆|个|项|次|人|年|月|日|家|套|条|座|公里|平方米)")


def compile_lists(texts: list[str]) -> tuple[dict[str, list[Subject]], list[str]]:
    """Code lists from pdftotext -layout texts, and the inconsistencies found on the way: a code
    printed with two different names (other than a name cut short by a wrapped cell)."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for line in text.splitlines():
            if not FIGURE.search(line) and not LIST_LINE.match(line):
                continue  # a table row has figures or is a code list's line; "300 项次" in prose is no 科目
            for m in ROW.finditer(line):
                code = re.sub(r"\s+", "", m.group("code"))
                name = m.group("name").rstrip("、")
                if system_of(code) and not NOT_A_NAME.match(name):
                    seen[code][name] += 1
    lists: dict[str, list[Subject]] = defaultdict(list)
    problems = []
    for code in sorted(seen):
        names = seen[code]
        if sum(names.values()) < 2:
            continue  # printed once: too little to go on
        # the name: the most printed; of a name and its cut-off beginnings, the whole one
        ranked = sorted(names, key=lambda n: (-names[n], -len(n)))
        name = ranked[0]
        longer = [n for n in names if n != name and n.startswith(name) and names[n] >= 2]
        if longer:
            name = max(longer, key=len)
        # other names printed at least twice, except pieces of the name (a cell wrapped over lines)
        others = [
            n for n in names
            if names[n] >= 2 and _key(n) != _key(name) and not name.startswith(n) and not name.endswith(n)
        ]
        if others:
            problems.append(f"{code}: {name} ({names[name]}) also printed as " +
                            ", ".join(f"{n} ({names[n]})" for n in others))
        lists[system_of(code)].append(Subject(code, name, tuple(sorted(others))))
    return lists, problems


def _pdftotext(path: Path) -> str:
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=False)
    return result.stdout.decode("utf-8", errors="replace")


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m knowledge.classification")
    sub = parser.add_subparsers(dest="command", required=True)
    compile_ = sub.add_parser("compile", help="compile the code lists from published PDFs")
    compile_.add_argument("paths", nargs="+", type=Path)
    compile_.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    pdfs = sorted({p for path in args.paths for p in ([path] if path.is_file() else path.rglob("*.pdf"))})
    lists, problems = compile_lists([_pdftotext(p) for p in pdfs])
    args.out.mkdir(parents=True, exist_ok=True)
    for system, file in LISTS.items():
        lines = [f"# {system}: compiled from {len(pdfs)} published disclosures; CODE<TAB>NAME<TAB>other names"]
        lines += [f"{s.code}\t{s.name}\t{'|'.join(s.aliases)}".rstrip("\t") for s in lists.get(system, [])]
        (args.out / file).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{file}: {len(lists.get(system, []))} codes")
    for problem in problems:
        print("inconsistent:", problem, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
