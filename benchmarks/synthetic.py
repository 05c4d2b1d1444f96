"""A knowledge base of many documents, made in seconds by copying the bundled ones inside SQLite.

Each copy is a document of a new department — a department of a city or district (广州市科学技术局,
西安市审计局, 成都市武侯区财政局) that the bundled knowledge base does not hold — for a year between 2023
and 2026, 预算 or 决算, its tables, rows, figures and text those of one bundled document. Departments
come two documents each, a budget and the previous year's final account. The rows are copied with
`INSERT … SELECT` (new ids by arithmetic, one statement per table), so 10,000 documents take seconds.

    from benchmarks.synthetic import build_many
    departments = build_many(Path("data/budgetbot.db"), Path("/tmp/many.db"), 1000)
"""

from __future__ import annotations

import itertools
import random
import shutil
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from knowledge import index

CITIES = (
    "广州 西安 成都 武汉 南京 郑州 济南 青岛 厦门 宁波 合肥 昆明 贵阳 南宁 南昌 太原 石家庄 兰州 西宁 银川 "
    "沈阳 大连 长春 哈尔滨 呼和浩特 包头 乌鲁木齐 拉萨 海口 三亚 珠海 佛山 东莞 中山 惠州 江门 汕头 湛江 韶关 "
    "温州 嘉兴 绍兴 金华 台州 徐州 常州 南通 扬州 镇江 泰州 芜湖 蚌埠 泉州 漳州 九江 赣州 烟台 潍坊 济宁 临沂 "
    "洛阳 开封 新乡 宜昌 襄阳 株洲 湘潭 衡阳 岳阳 常德 柳州 桂林 绵阳 宜宾 南充 遵义 曲靖 大理 宝鸡 咸阳 延安 "
    "天水 唐山 保定 邯郸 秦皇岛 大同 鞍山 吉林 齐齐哈尔 克拉玛依 天津 重庆 北京 长沙 深圳 苏州 杭州 湖州 福州 上海"
).split()
DISTRICTS = (
    "广州市天河区 广州市越秀区 深圳市南山区 深圳市福田区 上海市徐汇区 上海市静安区 杭州市西湖区 南京市鼓楼区 "
    "武汉市江汉区 成都市武侯区 西安市雁塔区 长沙市岳麓区 长沙市天心区 苏州市吴中区 重庆市渝中区 北京市海淀区"
).split()
# the departments' own names (no 12345政务热线中心: the default department keeps its short names to itself)
OWN_NAMES = (
    "科学技术局 审计局 财政局 教育局 公安局 民政局 司法局 统计局 商务局 信访局 卫生健康委员会 交通运输局 水务局 "
    "自然资源和规划局 生态环境局 住房和城乡建设局 农业农村局 文化广电旅游局 市场监督管理局 应急管理局 "
    "退役军人事务局 人力资源和社会保障局 发展和改革委员会 工业和信息化局 城市管理局 林业局 医疗保障局 体育局 "
    "档案馆 政务服务中心 机关事务管理局 国有资产监督管理委员会 外事办公室 民族宗教事务局 人民防空办公室 气象局 "
    "地方金融监督管理局 数据资源局 公共资源交易中心 粮食和物资储备局 港口管理局 园林局 图书馆 残疾人联合会"
).split()
# made first, so that even 1,000 documents hold them: a place and a short name finds each among the rest
PINNED = ("广州市科学技术局", "西安市审计局", "成都市武侯区财政局", "西安市信访局", "武汉市审计局")
YEARS = (2023, 2024, 2025, 2026)
CHILD_TABLES = ("sections", "facts", "indicators", "terms")


@dataclass(frozen=True)
class Copy:
    """One synthetic document: `source` (a bundled document's id) under another department, year and kind."""

    department: str
    year: int
    kind: str
    source: int


def department_names(taken: set[str]) -> Iterator[str]:
    """Distinct department names, pinned ones first, then every place × own name in a fixed shuffled order."""
    places = [f"{city}市" for city in CITIES] + list(DISTRICTS)
    pairs = [place + own for place, own in itertools.product(places, OWN_NAMES)]
    random.Random(16).shuffle(pairs)
    for name in dict.fromkeys([*PINNED, *pairs]):
        if name not in taken:
            yield name


def plan(sources: list[int], existing: set[str], count: int) -> list[Copy]:
    """`count` documents: each department a budget of one year and the final account of the year before."""
    copies: list[Copy] = []
    for k, department in enumerate(department_names(existing)):
        year = YEARS[1 + k % (len(YEARS) - 1)]
        for year_, kind, shift in ((year, "预算", 0), (year - 1, "决算", 1)):
            if len(copies) == count:
                return copies
            copies.append(Copy(department, year_, kind, sources[(k + shift) % len(sources)]))
    raise ValueError(f"only {len(copies)} distinct synthetic documents can be made")


def build_many(source: Path, target: Path, documents: int, *, naming: index.Naming | None = None) -> list[Copy]:
    """Copy the knowledge base `source` to `target` and add documents until it holds `documents`, its
    index of names kept up (the new departments indexed with `naming`). Returns the new documents."""
    shutil.copy(source, target)
    db = sqlite3.connect(target)
    db.execute("pragma journal_mode = off")
    db.execute("pragma synchronous = off")
    db.execute("pragma cache_size = -262144")
    base = db.execute("select id, department from documents order by id").fetchall()
    copies = plan([doc_id for doc_id, _ in base], {d for _, d in base}, max(0, documents - len(base)))
    with db:
        # indexes are quicker made once at the end than kept up row by row
        indexes = db.execute("select name, sql from sqlite_master where type = 'index' and sql is not null").fetchall()
        for name, _ in indexes:
            db.execute(f"drop index [{name}]")
        _copy(db, copies)
        for _, sql in indexes:
            db.execute(sql)
        _count_names(db, copies)
        if naming:
            index.add_departments(db, list(dict.fromkeys(c.department for c in copies)), naming)
    db.execute("analyze")
    db.close()
    return copies


def _copy(db: sqlite3.Connection, copies: list[Copy]) -> None:
    first_id = db.execute("select max(id) from documents").fetchone()[0] + 1
    db.execute("create temp table plan (k integer primary key, new_id, src_id, department, year, kind)")
    db.executemany(
        "insert into temp.plan values (?, ?, ?, ?, ?, ?)",
        [(k, first_id + k - 1, c.source, c.department, c.year, c.kind) for k, c in enumerate(copies, 1)],
    )
    db.execute(
        "insert into documents (id, department, parent, year, kind, unit, title, source, sha256, ingested_at) "
        "select p.new_id, p.department, null, p.year, p.kind, d.unit, "
        "replace(replace(replace(d.title, d.department, p.department), d.year, p.year), d.kind, p.kind), "
        "'synthetic/' || p.k, 'synthetic-' || p.k, d.ingested_at "
        "from temp.plan p join documents d on d.id = p.src_id order by p.k"
    )
    for table in CHILD_TABLES:
        info = db.execute(f"pragma table_info({table})")
        columns = ", ".join(c[1] for c in info if c[1] not in ("id", "document_id"))
        db.execute(
            f"insert into {table} (document_id, {_prefixed('', columns)}) select p.new_id, {_prefixed('x.', columns)} "
            f"from temp.plan p join {table} x on x.document_id = p.src_id order by p.k, x.id"
        )
    # tables, rows and cells refer to each other: copy k shifts each id by k times the largest one
    tables = db.execute("select max(id) from tables").fetchone()[0]
    rows = db.execute("select max(id) from rows").fetchone()[0]
    db.execute(
        "insert into tables (id, document_id, number, title, kind, unit, columns, empty, page) "
        f"select t.id + p.k * {tables}, p.new_id, t.number, t.title, t.kind, t.unit, t.columns, t.empty, t.page "
        "from temp.plan p join tables t on t.document_id = p.src_id order by p.k, t.id"
    )
    db.execute(
        "insert into rows (id, document_id, table_id, seq, code, name, grp, unit_name, texts) "
        f"select r.id + p.k * {rows}, p.new_id, r.table_id + p.k * {tables}, r.seq, r.code, r.name, r.grp, "
        "r.unit_name, r.texts from temp.plan p join rows r on r.document_id = p.src_id order by p.k, r.id"
    )
    db.execute(
        "insert into cells (row_id, document_id, [column], value, value_wan) "
        f"select c.row_id + p.k * {rows}, p.new_id, c.[column], c.value, c.value_wan "
        "from temp.plan p join cells c on c.document_id = p.src_id order by p.k, c.rowid"
    )
    db.execute("drop table temp.plan")


def _count_names(db: sqlite3.Connection, copies: list[Copy]) -> None:
    """Each copy states the names its source states: one document more for each."""
    counts: Counter[str] = Counter()
    for source, times in Counter(c.source for c in copies).items():
        for (name,) in db.execute(index.DOCUMENT_NAMES, {"id": source}):
            if name:
                counts[name] += times
    db.executemany("update subject_names set documents = documents + ? where name = ?",
                   [(n, name) for name, n in sorted(counts.items())])


def _prefixed(alias: str, columns: str) -> str:
    return ", ".join(f"{alias}[{c.strip()}]" for c in columns.split(","))
