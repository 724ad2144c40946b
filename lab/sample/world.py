"""A coherent sample world: districts, their relocation departments, and what each did per year.

Every department is simulated over 2014–2024 from its own random stream (seed, department
key), so a figure does not depend on which other districts or years are generated. Money is
held in integer units of 0.01万元 (100 yuan), so the accounting identities hold exactly:

    basic + project = spent;  received + carried_in = spent + carried_out

Carried-out balances become next year's carried-in balances. Documents print these figures
(sometimes rounded by 0.01, sometimes wrong on purpose — see the builders).
"""

from __future__ import annotations

import csv
import hashlib
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources

from .printed import D, q

HOUSE = "house_expropriation"
LAND = "land_acquisition"
WORLD_YEARS = range(2014, 2025)


def rng_for(seed: int, *keys: object) -> random.Random:
    """An independent, reproducible random stream for (seed, keys) — never Python's hash()."""
    h = hashlib.sha256(repr((seed, *keys)).encode("utf-8")).digest()
    return random.Random(int.from_bytes(h[:8], "big"))


# ---------------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Department:
    key: str  # unique, e.g. "furong-zhengshou"
    slug: str  # file-name part when a district has several departments
    kind: str  # HOUSE | LAND
    local: str  # as the district writes it: 芙蓉区城市房屋征收和补偿管理办公室
    canonical: str  # with the city prefix: 长沙市芙蓉区城市房屋征收和补偿管理办公室
    shorts: tuple[str, ...]  # short forms declared once: 区征收办, 芙蓉区征收办
    titles: tuple[str, ...]  # names used as the title line
    scale: float  # relative size of the budget
    district: str = ""


@dataclass(frozen=True)
class District:
    name: str  # 芙蓉区
    code: str  # 430102
    province: str
    city: str
    slug: str
    departments: tuple[Department, ...]
    alias: str | None = None  # 酉阳县 for 酉阳土家族苗族自治县

    @property
    def level(self) -> str:
        """区 / 县 / 市 — the word a short department name starts with (区征收办, 县征收办)."""
        return self.name[-1] if self.name[-1] in "区县市" else "县"


# (kind, local-name pattern, slug, short patterns, scale); {d} = district name
_HOUSE_NAMES = [
    ("{d}城市房屋征收和补偿管理办公室", ("{l}征收办", "{d}征收办")),
    ("{d}房屋征收与补偿管理办公室", ("{l}征收办", "{d}房屋征收办")),
    ("{d}国有土地上房屋征收与补偿办公室", ("{l}征补办", "{d}征补办")),
    ("{d}房屋征收服务中心", ("{l}征收中心", "{d}征收中心")),
    ("{d}房屋征收办公室", ("{l}房屋征收办", "{d}征收办")),
]
_LAND_NAMES = [
    ("{d}征地服务中心", ("{l}征地中心", "{d}征地中心")),
    ("{d}征地拆迁事务中心", ("{l}征拆中心", "{d}征拆中心")),
    ("{d}征地拆迁安置服务中心", ("{l}征拆安置中心", "{d}征拆中心")),
    ("{d}人民政府征地办公室", ("{l}征地办", "{d}征地办")),
    ("{d}土地房屋征收中心", ("{l}征收中心", "{d}土地房屋征收中心")),
]


def _department(city: str, district: str, level: str, kind: str, pattern: int, slug: str,
                scale: float, *, dual: str | None = None, alias: str | None = None) -> Department:
    local_pat, short_pats = (_HOUSE_NAMES if kind == HOUSE else _LAND_NAMES)[pattern]
    local = local_pat.format(d=district)
    shorts = tuple(p.format(d=alias or district, l=level) for p in short_pats)
    canonical = local if local.startswith(city) else city + local
    titles = [local, canonical]
    if alias:
        titles.append(local_pat.format(d=alias))
    if dual:  # one body, two names: …土地储备中心（挂…土地房屋征收中心牌子）
        titles.append(f"{dual.format(d=district)}（挂{local}牌子）")
    if "人民政府" in local:
        titles.append(local.replace("人民政府", ""))
    return Department(key=f"{slug}", slug=slug.split("-", 1)[1], kind=kind, local=local,
                      canonical=canonical, shorts=shorts, titles=tuple(titles), scale=scale,
                      district=district)


def _district(province: str, city: str, name: str, code: str, slug: str,
              depts: list[tuple], alias: str | None = None) -> District:
    level = name[-1] if name[-1] in "区县市" else "县"
    ds = tuple(
        _department(city, name, level, kind, pattern, f"{slug}-{dslug}", scale, dual=dual, alias=alias)
        for kind, pattern, dslug, scale, dual in depts
    )
    return District(name, code, province, city, slug, ds, alias)


def _h(pattern: int = 0, scale: float = 1.0, slug: str = "zhengshou", dual: str | None = None):
    return (HOUSE, pattern, slug, scale, dual)


def _l(pattern: int = 0, scale: float = 1.0, slug: str = "zhengdi", dual: str | None = None):
    return (LAND, pattern, slug, scale, dual)


HN, CS = "湖南省", "长沙市"

# The nine districts of 长沙市; the first department of each is the one the shipped sample covers.
CHANGSHA = (
    _district(HN, CS, "芙蓉区", "430102", "furong", [_h(0, 1.0), _l(3, 0.5)]),
    _district(HN, CS, "天心区", "430103", "tianxin", [_h(0, 1.3), _l(0, 0.6)]),
    _district(HN, CS, "岳麓区", "430104", "yuelu", [_l(0, 1.6), _h(0, 1.1)]),
    _district(HN, CS, "开福区", "430105", "kaifu", [_h(0, 1.2), _l(3, 0.8)]),
    _district(HN, CS, "雨花区", "430111", "yuhua", [_h(0, 1.4), _l(1, 0.9)]),
    _district(HN, CS, "望城区", "430112", "wangcheng", [_l(0, 1.0), _h(3, 0.6)]),
    _district(HN, CS, "长沙县", "430121", "changshaxian", [_h(4, 1.5), _l(2, 1.2)]),
    _district(HN, CS, "浏阳市", "430181", "liuyang", [_l(1, 1.3), _h(1, 0.7)]),
    _district(HN, CS, "宁乡市", "430182", "ningxiang",
              [_l(4, 1.1, dual="{d}土地储备中心"), _h(1, 0.6)]),
)

OTHERS = (
    _district(HN, "株洲市", "荷塘区", "430202", "hetang", [_h(1, 0.8), _l(1, 0.6)]),
    _district(HN, "株洲市", "芦淞区", "430203", "lusong", [_h(1, 0.7), _l(0, 0.5)]),
    _district(HN, "株洲市", "石峰区", "430204", "shifeng", [_h(2, 0.6), _l(1, 0.6)]),
    _district(HN, "株洲市", "天元区", "430211", "tianyuan", [_l(2, 1.0), _h(1, 0.8)]),
    _district(HN, "株洲市", "渌口区", "430212", "lukou", [_l(1, 0.5)]),
    _district(HN, "湘潭市", "雨湖区", "430302", "yuhu", [_h(1, 0.8), _l(0, 0.6)]),
    _district(HN, "湘潭市", "岳塘区", "430304", "yuetang", [_h(2, 0.8), _l(2, 0.7)]),
    _district(HN, "湘潭市", "湘潭县", "430321", "xiangtanxian", [_l(1, 0.7), _h(4, 0.4)]),
    _district(HN, "湘潭市", "湘乡市", "430381", "xiangxiang", [_l(2, 0.5), _h(4, 0.4)]),
    _district(HN, "衡阳市", "珠晖区", "430405", "zhuhui", [_h(1, 0.5), _l(0, 0.4)]),
    _district(HN, "衡阳市", "雁峰区", "430406", "yanfeng", [_h(0, 0.5), _l(1, 0.4)]),
    _district(HN, "衡阳市", "石鼓区", "430407", "shigu", [_h(1, 0.5), _l(3, 0.4)]),
    _district(HN, "衡阳市", "蒸湘区", "430408", "zhengxiang", [_h(2, 0.6), _l(1, 0.5)]),
    _district(HN, "衡阳市", "衡阳县", "430421", "hengyangxian", [_l(2, 0.5)]),
    _district(HN, "邵阳市", "大祥区", "430503", "daxiang", [_h(3, 0.4), _l(1, 0.4)]),
    _district(HN, "邵阳市", "北塔区", "430511", "beita", [_l(0, 0.4), _h(4, 0.3)]),
    _district(HN, "岳阳市", "岳阳楼区", "430602", "yueyanglou", [_h(1, 0.7), _l(1, 0.5)]),
    _district(HN, "岳阳市", "云溪区", "430603", "yunxi", [_l(0, 0.4)]),
    _district(HN, "岳阳市", "君山区", "430611", "junshan", [_l(2, 0.4), _h(4, 0.3)]),
    _district(HN, "常德市", "武陵区", "430702", "wuling", [_h(1, 0.7), _l(3, 0.5)]),
    _district(HN, "常德市", "鼎城区", "430703", "dingcheng", [_l(1, 0.6), _h(4, 0.4)]),
    _district(HN, "益阳市", "资阳区", "430902", "ziyang", [_l(2, 0.4), _h(3, 0.3)]),
    _district(HN, "益阳市", "赫山区", "430903", "heshan", [_h(1, 0.6), _l(1, 0.6)]),
    _district(HN, "郴州市", "北湖区", "431002", "beihu", [_h(0, 0.6), _l(1, 0.5)]),
    _district(HN, "郴州市", "苏仙区", "431003", "suxian", [_l(0, 0.6), _h(1, 0.4)]),
    _district(HN, "永州市", "冷水滩区", "431103", "lengshuitan", [_h(1, 0.5), _l(2, 0.4)]),
    _district(HN, "怀化市", "鹤城区", "431202", "hecheng", [_h(2, 0.5), _l(1, 0.4)]),
    _district(HN, "怀化市", "通道侗族自治县", "431230", "tongdao", [_l(2, 0.2)], alias="通道县"),
    _district(HN, "娄底市", "娄星区", "431302", "louxing", [_h(1, 0.5), _l(0, 0.4)]),
    _district(HN, "湘西土家族苗族自治州", "吉首市", "433101", "jishou", [_h(4, 0.4), _l(1, 0.3)]),
    _district("重庆市", "重庆市", "酉阳土家族苗族自治县", "500242", "youyang", [_l(1, 0.4), _h(4, 0.3)],
              alias="酉阳县"),
)

ALL_DISTRICTS = CHANGSHA + OTHERS


@cache
def national_districts() -> tuple[District, ...]:
    """More districts for large corpora, from the national county list zhengchai ships.

    Only names that are unique nationally, end in 区/县/市 and are not among the districts above,
    so a file's district is never ambiguous; each gets one or two departments drawn from its own
    random stream. Ordered by a stable shuffle so any prefix spreads over the provinces.
    """
    text = resources.files("zhengchai").joinpath("data/counties.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    names = Counter(r["district"] for r in rows)
    known = {d.name for d in CHANGSHA + OTHERS} | {d.alias for d in CHANGSHA + OTHERS if d.alias}
    out = []
    for r in rows:
        name = r["district"]
        if names[name] > 1 or name in known or name[-1] not in "区县市" or len(name) < 2:
            continue
        rng = rng_for(0, "national", r["code"])
        scale = round(rng.uniform(0.3, 1.2), 1)
        first = _h(rng.randrange(len(_HOUSE_NAMES)), scale) if rng.random() < 0.5 else \
            _l(rng.randrange(len(_LAND_NAMES)), scale)
        depts = [first]
        if rng.random() < 0.6:
            depts.append(_l(rng.randrange(len(_LAND_NAMES)), round(scale * 0.7, 1)) if first[0] == HOUSE
                         else _h(rng.randrange(len(_HOUSE_NAMES)), round(scale * 0.7, 1)))
        out.append(_district(r["province"], r["city"], name, r["code"], f"n{r['code']}", depts))
    rng_for(0, "national", "order").shuffle(out)
    return tuple(out)


def find_district(name: str) -> District:
    """By district name (芙蓉区), city+district (株洲市荷塘区), alias (酉阳县), code or slug."""
    for d in ALL_DISTRICTS + national_districts():
        if name in (d.name, d.city + d.name, d.alias, d.code, d.slug):
            return d
    raise KeyError(f"unknown district {name!r}")


# ---------------------------------------------------------------------------------------
# Yearly figures
# ---------------------------------------------------------------------------------------

@dataclass
class Project:
    name: str
    households_target: int
    households_signed: int
    units_target: int
    units_signed: int
    area_m2: Decimal  # floor area in the project's scope
    signing_rate_printed: Decimal | None = None  # some reports compute it on another base


@dataclass
class Year:
    year: int
    staff: int = 0
    staff_quota: int = 0
    temps: int = 0
    # money, in units of 0.01万元
    budget_initial: int = 0
    budget: int = 0
    budget_basic: int = 0  # the part of the budget for basic spending
    received: int = 0
    received_split: list[tuple[str, int]] = field(default_factory=list)
    carried_in: int = 0
    spent: int = 0
    basic: int = 0
    project: int = 0
    carried_out: int = 0
    basic_split: list[tuple[str, int]] = field(default_factory=list)
    project_split: list[tuple[str, int]] = field(default_factory=list)
    project_items: list[tuple[str, int]] = field(default_factory=list)
    staff_cost: int = 0  # 人员经费 (part of basic)
    sangong_budget: int = 0
    sangong_actual: int = 0
    sangong_items: list[tuple[str, int]] = field(default_factory=list)
    fixed_assets: Decimal = D(0)  # yuan
    asset_split: list[tuple[str, Decimal]] = field(default_factory=list)
    # self-evaluation score
    budget_weight: int = 10
    budget_score: Decimal = D(10)
    deduction: Decimal = D(0)  # points lost on the indicator rows
    # house expropriation
    projects_started: int = 0
    area_scope: Decimal = D(0)  # m2
    households_target: int = 0
    units_target: int = 0
    households_signed: int = 0
    units_signed: int = 0
    area_demolished: Decimal = D(0)  # m2
    compensation: Decimal = D(0)  # yuan
    projects_cleared: int = 0
    projects_settled: int = 0
    funds_recovered: int = 0  # 0.01万元
    projects: list[Project] = field(default_factory=list)
    holdouts_signed: int = 0  # households of long-running projects persuaded this year
    # land acquisition
    buildings: int = 0
    persons: int = 0
    land_cleared_mu: Decimal = D(0)
    land_target_mu: Decimal = D(0)
    land_stretch_mu: Decimal = D(0)
    land_scope_ha: Decimal = D(0)
    ss_enrolled: int = 0
    ss_paid: Decimal = D(0)  # yuan
    subsidy_paid: int = 0  # 0.01万元
    subsidy_recipients: int = 0
    # things that look like facts but are not (pitfalls)
    resettlement_buildings: int = 0
    resettlement_flats: int = 0
    graves: int = 0
    temples: int = 0
    schools: int = 0
    unit_price: int = 0  # 元/平方米 (house) or 元/亩 (land)

    @property
    def execution_rate(self) -> Decimal:
        return q(D(self.spent) * 100 / D(self.budget), 2)

    @property
    def score_total(self) -> Decimal:
        return D(100 - self.budget_weight) - self.deduction + self.budget_score


BASIC_CATEGORIES = {
    HOUSE: ["城乡社区支出（城乡社区管理事务——行政运行）", "社会保障和就业支出（行政事业单位养老支出）",
            "卫生健康支出（行政事业单位医疗）", "住房保障支出（住房公积金）"],
    LAND: ["自然资源海洋气象等支出（自然资源事务——事业运行）", "社会保障和就业支出（行政事业单位养老支出）",
           "卫生健康支出（行政事业单位医疗）", "住房保障支出（住房公积金）"],
}
PROJECT_CATEGORIES = {
    HOUSE: ["城乡社区支出（城乡社区管理事务——一般行政管理事务）",
            "城乡社区支出（国有土地使用权出让收入安排的支出——征地和拆迁补偿支出）", "其他支出"],
    LAND: ["城乡社区支出（国有土地使用权出让收入安排的支出——征地和拆迁补偿支出）",
           "自然资源海洋气象等支出（自然资源事务——其他自然资源事务支出）", "其他支出"],
}
PROJECT_ITEMS = {
    HOUSE: ["征收工作经费", "征收项目前期调查测绘评估费", "信访维稳及法律服务经费", "征收档案数字化建设经费",
            "征收政策宣传经费"],
    LAND: ["征地拆迁工作经费", "依法腾地专项经费", "征地政策宣传及会务经费", "被征地农民社保核查经费",
           "征地档案整理经费"],
}
ASSET_CLASSES = ["通用设备", "家具、用具、装具及动植物", "专用设备", "无形资产"]
SANGONG_ITEMS = ["因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"]
RECEIVED_SOURCES = ["一般公共预算财政拨款", "政府性基金预算财政拨款"]

_PLACES = ["五一", "东风", "桂花", "湘江", "新河", "沙湾", "洞井", "黎托", "马坡岭", "月湖", "金霞", "丁字",
           "星沙", "榔梨", "集里", "沩东", "金洲", "白沙", "枫林", "梅溪", "坪塘", "含浦", "同升", "圭塘",
           "东屯渡", "新开铺", "南托", "伍家岭", "捞刀河", "黄花", "跳马", "暮云", "莲花", "雷锋", "白箬",
           "城北", "书院", "红旗", "建设", "人民", "车站", "滨江", "石门", "望月", "杨家", "龙泉", "荷花",
           "花桥", "青竹", "桐梓", "洪山", "大托", "新港", "三角", "长塘", "云塘", "高岭"]
_HOUSE_SUFFIX = ["棚户区改造项目", "片区征收项目", "道路拓改工程", "老旧小区改造项目", "城市更新项目", "片区提质改造项目"]
_LAND_SUFFIX = ["片区土地征收项目", "产业园征地项目", "道路工程征地项目", "安置区建设用地项目", "连接线征地项目"]
_PHASE = ["", "", "（一期）", "（二期）", "（三期）"]


def _split(total: int, names: list[str], rng: random.Random, k: int) -> list[tuple[str, int]]:
    """Split an integer total over k of the names, every part positive and parts distinct."""
    names = names[:k]
    if total < 10 * k:
        return [(names[0], total)]
    for _ in range(20):
        weights = [rng.uniform(0.2, 1.0) for _ in names]
        weights[0] += 1.5  # the first category dominates, as in real accounts
        parts = [max(1, int(total * w / sum(weights))) for w in weights]
        parts[0] += total - sum(parts)
        if parts[0] > 0 and len(set(parts)) == len(parts):
            return list(zip(names, parts, strict=True))
    return [(names[0], total)]


def _w100(wan: float) -> int:
    return int(round(wan * 100))


# Figures of the two seed reports, used as data points (never their sentences).
PINS: dict[tuple[str, int], dict] = {
    ("furong-zhengshou", 2020): {"carried_out": 98689},
    ("furong-zhengshou", 2021): {
        "staff": 5, "budget": 275365, "spent": 129964, "basic": 20582, "carried_out": 0,
        "sangong_budget": 0, "sangong_actual": 0, "fixed_assets": D("426898.02"),
        "asset_split": [("通用设备", D("300909.02")), ("家具、用具、装具及动植物", D("117929")),
                        ("专用设备", D("8060"))],
        "projects_started": 4, "area_scope": D(43000), "households_target": 352, "units_target": 14,
        "households_signed": 306, "units_signed": 12, "area_demolished": D(5000),
        "compensation": D(436000000), "projects_cleared": 4, "projects_settled": 9, "funds_recovered": 808500,
    },
    ("wangcheng-zhengdi", 2020): {
        "budget": 82000, "spent": 85192, "households_signed": 1326, "buildings": 1201, "persons": 4252,
        "projects_cleared": 105, "land_cleared_mu": D("11876.45"), "land_target_mu": D(8000),
        "land_stretch_mu": D(10000), "ss_enrolled": 12539, "ss_paid": D(1813000000), "subsidy_paid": 506368,
        "subsidy_recipients": 14034, "budget_weight": 10, "budget_score": D("9.61"), "deduction": D(4),
    },
}


def _project_name(rng: random.Random, kind: str, used: set[str]) -> str:
    for _ in range(50):
        place = rng.choice(_PLACES)
        suffix = rng.choice(_HOUSE_SUFFIX if kind == HOUSE else _LAND_SUFFIX)
        name = place + ("路" if "道路" in suffix and rng.random() < 0.5 else "") + suffix + rng.choice(_PHASE)
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError("project names exhausted")


def simulate(dept: Department, seed: int) -> dict[int, Year]:
    """The department's figures for every year of WORLD_YEARS."""
    rng = rng_for(seed, "world", dept.key)
    pins = {y: PINS.get((dept.key, y), {}) for y in WORLD_YEARS}
    staff = max(4, int(rng.uniform(5, 18) * (0.6 + 0.4 * dept.scale)))
    level = dept.scale * rng.uniform(600, 2600)  # budget level, 万元
    activity = dept.scale * rng.uniform(0.6, 1.4)  # relocation activity level
    carried = 0 if rng.random() < 0.5 else _w100(level * rng.uniform(0.05, 0.6))
    assets = D(int(rng.uniform(150000, 700000) * (0.5 + 0.5 * dept.scale)))
    used_names: set[str] = set()
    running: list[Project] = []
    out: dict[int, Year] = {}
    for year in WORLD_YEARS:
        pin = pins[year]
        y = Year(year)
        level *= math.exp(rng.gauss(0.04, 0.2))
        level = min(max(level, 150 * dept.scale), 9000 * dept.scale)
        activity *= math.exp(rng.gauss(0.0, 0.2))
        activity = min(max(activity, 0.3), 2.2)
        staff = max(3, staff + rng.choice([-1, 0, 0, 0, 1, 1]))
        y.staff = pin.get("staff", staff)
        y.staff_quota = y.staff + rng.randint(0, 4)
        y.temps = rng.randint(1, 20)

        # -- accounts ----------------------------------------------------------------
        y.budget = pin.get("budget", _w100(level))
        adj = 0.0 if rng.random() < 0.45 else rng.uniform(-0.08, 0.45)
        y.budget_initial = int(round(y.budget / (1 + adj)))
        rate = min(max(rng.gauss(0.93, 0.16), 0.6), 1.3)
        y.spent = pin.get("spent", int(round(y.budget * rate)))
        basic = int(round(y.staff * rng.uniform(16, 30) * 100))
        if basic > 0.6 * y.spent:
            basic = int(round(y.spent * rng.uniform(0.15, 0.45)))
        y.basic = pin.get("basic", basic)
        y.project = y.spent - y.basic
        y.carried_in = carried
        out_ = 0 if rng.random() < 0.45 else int(round(y.spent * rng.uniform(0.02, 0.35)))
        y.carried_out = pin.get("carried_out", out_)
        y.received = y.spent + y.carried_out - y.carried_in
        if y.received < 0.1 * y.spent and "carried_out" not in pin:
            y.received = int(round(y.spent * rng.uniform(0.1, 0.4)))
            y.carried_out = y.received + y.carried_in - y.spent
        assert y.received >= 0 and y.carried_out >= 0, (dept.key, year)
        carried = y.carried_out
        y.budget_basic = min(y.budget - 100, int(round(y.basic * rng.uniform(0.95, 1.12))))
        y.received_split = _split(y.received, RECEIVED_SOURCES, rng, 2)
        y.basic_split = _split(y.basic, BASIC_CATEGORIES[dept.kind], rng, rng.randint(2, 4))
        y.project_split = _split(y.project, PROJECT_CATEGORIES[dept.kind], rng, rng.randint(2, 3))
        items = PROJECT_ITEMS[dept.kind]
        y.project_items = _split(y.project, items[:1] + rng.sample(items[1:], len(items) - 1), rng, rng.randint(2, 4))
        y.staff_cost = int(round(y.basic * rng.uniform(0.7, 0.9)))
        if rng.random() < 0.5:
            y.sangong_budget = y.sangong_actual = 0
            y.sangong_items = [(n, 0) for n in SANGONG_ITEMS]
        else:
            y.sangong_budget = _w100(rng.uniform(1, 8))
            y.sangong_actual = int(round(y.sangong_budget * rng.uniform(0.4, 1.0)))
            car = int(round(y.sangong_actual * rng.uniform(0.4, 0.8)))
            y.sangong_items = [(SANGONG_ITEMS[0], 0), (SANGONG_ITEMS[1], car),
                               (SANGONG_ITEMS[2], y.sangong_actual - car)]
        y.sangong_budget = pin.get("sangong_budget", y.sangong_budget)
        y.sangong_actual = pin.get("sangong_actual", y.sangong_actual)
        assets += D(int(rng.uniform(-20000, 60000)))
        assets = max(assets, D(60000))
        cents = D(rng.randint(0, 99)) / 100
        y.fixed_assets = pin.get("fixed_assets", assets + cents)
        if "asset_split" in pin:
            y.asset_split = pin["asset_split"]
        else:
            k = rng.randint(2, 4)
            whole = _split(int(y.fixed_assets * 100), ASSET_CLASSES, rng, k)
            y.asset_split = [(n, D(v) / 100) for n, v in whole]

        # -- self-evaluation score ---------------------------------------------------------
        y.budget_weight = pin.get("budget_weight", 10 if rng.random() < 0.8 else 20)
        r = D(y.spent) / D(y.budget)
        lost = abs(1 - r) * D(y.budget_weight) * D(rng.uniform(0.3, 1.0))
        y.budget_score = pin.get("budget_score", max(D(0), q(D(y.budget_weight) - lost, 2)))
        y.deduction = pin.get("deduction", D(rng.choice([0, 0, 1, 2, 2, 3, 4, 5, 6])) +
                              (D("0.5") if rng.random() < 0.3 else D(0)))

        # -- relocation work ---------------------------------------------------------------
        a = activity
        if dept.kind == HOUSE:
            y.projects_started = min(12, max(1, int(rng.uniform(2, 7) * a)))
            y.households_target = max(30, int(rng.uniform(120, 900) * a))
            y.units_target = max(2, int(rng.uniform(3, 25) * a))
            y.households_signed = int(y.households_target * rng.uniform(0.72, 0.99))
            y.units_signed = max(1, int(y.units_target * rng.uniform(0.6, 1.0)))
            y.area_scope = q(D(rng.uniform(1.5, 14) * a) * 10000, 0)
            y.area_demolished = q(D(rng.uniform(3000, 60000) * a), 2)
            y.compensation = q(D(rng.uniform(0.6, 12) * a) * D(10) ** 8, 2)
            y.projects_cleared = max(1, int(rng.uniform(1, 6) * a))
            y.projects_settled = min(15, max(1, int(rng.uniform(1, 10) * a)))
            y.funds_recovered = _w100(rng.uniform(800, 20000) * a)
            y.holdouts_signed = rng.randint(5, 40)
            y.unit_price = rng.randint(55, 160) * 100
            y.resettlement_buildings = rng.randint(4, 30)
            y.resettlement_flats = y.resettlement_buildings * rng.randint(50, 120)
            # running projects: carry some over, start new ones
            running = [p for p in running if rng.random() < 0.4][:2]
            while len(running) < rng.randint(2, 3):
                running.append(Project(_project_name(rng, HOUSE, used_names), 0, 0, 0, 0, D(0)))
            projs = []
            budget_h = y.households_target
            budget_u = y.units_target
            for p in running:
                ht = max(8, int(budget_h * rng.uniform(0.15, 0.4)))
                hs = int(ht * rng.uniform(0.7, 0.98))
                ut = max(1, int(budget_u * rng.uniform(0.1, 0.35)))
                us = max(0, int(ut * rng.uniform(0.5, 1.0)))
                budget_h -= ht
                budget_u -= ut
                area = q(D(ht) * D(rng.uniform(60, 140)), 2)
                sr = None
                if rng.random() < 0.3:  # a rate on another base than the two counts beside it
                    sr = q(D(hs + us) * 100 / D(ht + ut) + D(rng.uniform(0.5, 4)), 1)
                projs.append(Project(p.name, ht, hs, ut, us, area, sr))
            y.projects = projs
            sum_hs = sum(p.households_signed for p in projs)
            y.households_signed = min(y.households_target, max(y.households_signed, sum_hs + y.holdouts_signed))
            y.units_signed = min(y.units_target, max(y.units_signed, sum(p.units_signed for p in projs)))
            y.area_scope = max(y.area_scope, q(sum(p.area_m2 for p in projs) * D("1.08"), 0))
        else:
            y.households_signed = max(80, int(rng.uniform(300, 2600) * a))
            y.households_target = int(y.households_signed * rng.uniform(1.02, 1.3))
            y.buildings = int(y.households_signed * rng.uniform(0.78, 0.96))
            y.persons = int(y.households_signed * rng.uniform(2.8, 3.6))
            y.projects_cleared = max(3, int(rng.uniform(15, 110) * a))
            y.land_cleared_mu = q(D(rng.uniform(1500, 9000) * a), 2)
            tgt = max(500, int(float(y.land_cleared_mu) * rng.uniform(0.6, 1.0) / 500) * 500)
            y.land_target_mu = D(tgt)
            y.land_stretch_mu = D(int(tgt * 1.25 / 500 + 1) * 500)
            y.land_scope_ha = q(D(rng.uniform(80, 900) * a), 2)
            y.ss_enrolled = max(300, int(rng.uniform(2000, 14000) * a))
            y.ss_paid = q(D(rng.uniform(1, 12) * a) * D(10) ** 8, 0)
            y.subsidy_paid = _w100(rng.uniform(800, 6000) * a)
            y.subsidy_recipients = max(500, int(rng.uniform(4000, 16000) * a))
            y.compensation = q(D(rng.uniform(2, 30) * a) * D(10) ** 8, 2)
            y.graves = rng.randint(20, 600)
            y.temples = rng.randint(0, 3)
            y.schools = rng.randint(0, 2)
            y.unit_price = rng.randint(40, 120) * 1000
            y.resettlement_buildings = rng.randint(6, 40)
            y.resettlement_flats = y.resettlement_buildings * rng.randint(40, 100)
            y.projects = []
        for k, v in pin.items():
            if hasattr(y, k) and k not in ("staff", "budget", "spent", "basic", "carried_out"):
                setattr(y, k, v)
        if dept.kind == HOUSE:
            _fit_projects(y)
        else:
            y.households_target = max(y.households_target, int(y.households_signed * 1.02) + 1)
        out[year] = y
    return out


def _fit_projects(y: Year) -> None:
    """Per-project breakdowns must fit inside the year's totals (SPEC section 5)."""
    y.households_signed = min(y.households_signed, y.households_target)
    y.units_signed = min(y.units_signed, y.units_target)

    def fit(total: int, attr: str) -> None:
        s = sum(getattr(p, attr) for p in y.projects)
        if s > total:
            for p in y.projects:
                setattr(p, attr, getattr(p, attr) * total // s)

    fit(y.households_target, "households_target")
    fit(y.units_target, "units_target")
    for p in y.projects:
        p.households_signed = min(p.households_signed, p.households_target)
        p.units_signed = min(p.units_signed, p.units_target)
    fit(y.households_signed, "households_signed")
    fit(y.units_signed, "units_signed")
    y.holdouts_signed = max(0, min(y.holdouts_signed, y.households_signed - sum(p.households_signed for p in y.projects)))
    area = sum(p.area_m2 for p in y.projects)
    if area > y.area_scope:
        for p in y.projects:
            p.area_m2 = q(p.area_m2 * y.area_scope / area * D("0.95"), 2)


@dataclass
class World:
    seed: int
    figures: dict[str, dict[int, Year]] = field(default_factory=dict)

    def year(self, dept: Department, year: int) -> Year:
        if dept.key not in self.figures:
            self.figures[dept.key] = simulate(dept, self.seed)
        return self.figures[dept.key][year]

    def previous(self, dept: Department, year: int) -> Year:
        return self.year(dept, year - 1)
