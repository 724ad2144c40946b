"""Builder of 部门整体支出绩效自评报告: numbered sections, figures inside sentences.

Every sentence that prints a figure goes through the Composer as an `F` (a truth fact) or
an `X` (a pitfall: a figure that must not be extracted as that measure), so the truth file
is exactly what the text says. Phrasings are this generator's own, varied per document.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, Decimal

from .common import Built, Ctx, date_text, report_date_for, timestamp
from .docmodel import SAMPLE_MARK, DocModel, F, X, fact
from .printed import D, cn_year, q
from .world import HOUSE

CN = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


class Numbering:
    """一、 / （一） / 1、 / ① — or 1. and (1) in some reports."""

    def __init__(self, rng):
        self.h3_fmt = rng.choice(["{n}、", "{n}.", "{n}．"])
        self.circled = rng.random() < 0.7
        self.i1 = self.i2 = self.i3 = 0

    def h1(self, t: str) -> str:
        self.i1 += 1
        self.i2 = self.i3 = 0
        return f"{CN[self.i1 - 1]}、{t}"

    def h2(self, t: str) -> str:
        self.i2 += 1
        self.i3 = 0
        return f"（{CN[self.i2 - 1]}）{t}"

    def h3(self, t: str) -> str:
        self.i3 += 1
        return self.h3_fmt.format(n=self.i3) + t

    def item(self, i: int) -> str:
        return CIRCLED[i - 1] if self.circled else f"({i})"


@dataclass
class Accounts:
    """The money figures as this document prints them (0.01万元 units)."""

    budget_initial: int
    budget: int
    received: int
    carried_in: int
    spent: int
    basic: int
    project: int
    carried_out: int


def garble(v: int, rng) -> int:
    """A typo that swaps two adjacent digits, far enough off to break an identity."""
    s = str(v)
    options = []
    for i in range(len(s) - 1):
        if s[i] != s[i + 1] and not (i == 0 and s[i + 1] == "0"):
            t = s[:i] + s[i + 1] + s[i] + s[i + 2:]
            if abs(int(t) - v) >= 500:
                options.append(int(t))
    return rng.choice(options) if options else v + 10000


class YearWords:
    """How this document refers to its fiscal year in the body."""

    def __init__(self, fy: int, mode: str):
        self.fy, self.mode = fy, mode
        hidden = mode == "sign"
        self.yr = "本年度" if hidden else f"{fy}年"
        self.yrd = "本年度" if hidden else f"{fy}年度"
        self.end = "年末" if hidden else f"{fy}年12月31日"
        self.next = "下一年度" if hidden else f"{fy + 1}年"
        self.last = "上年"


# -- text pools (this generator's own wording) ---------------------------------------------

FUNCTIONS = {
    HOUSE: [
        "贯彻执行国家、省、市关于国有土地上房屋征收与补偿的法律法规和政策，拟订本{lv}征收补偿的具体实施办法",
        "组织实施本{lv}行政区域内国有土地上房屋征收与补偿工作，对征收实施单位的工作进行指导和监督",
        "审核房屋征收补偿方案、征收补偿预算和工作经费预算，按程序报批后组织公布",
        "负责征收补偿资金的解控、审核和拨付，配合财政、审计部门做好资金监管",
        "负责征收补偿协议的审核备案和征收档案管理，依法办理被征收房屋的注销登记",
        "负责房屋征收过程中的信访接待、矛盾调处和政策解释工作",
        "牵头办理征收项目成本结算，配合做好被征收房屋的拆除监管",
    ],
    "land_acquisition": [
        "贯彻落实土地征收相关法律法规，拟订本{lv}征地补偿安置政策的实施细则",
        "负责集体土地征收的组织实施，开展征地前期调查、公告和补偿登记工作",
        "审核征地补偿安置方案，组织签订征地拆迁补偿协议，协调处理补偿安置争议",
        "负责依法腾地和交地工作，配合做好重点项目建设用地保障",
        "负责被征地农民社会保障、生活补助的审核、发放与政策衔接工作",
        "负责拆迁安置房源的统筹调配和安置指标管理",
    ],
}
PRIORITIES = [
    "坚持依法征收、阳光征收，严格执行“一把尺子量到底”，做到补偿标准公开、补偿结果公开",
    "围绕{d}重点项目建设清单，倒排工期、挂图作战，确保项目按节点交地",
    "深化党建引领，推动党建工作与征拆业务同谋划、同推进",
    "强化预算管理，严控一般性支出，提高财政资金使用效益",
    "加强队伍建设，开展政策业务培训，提升征拆工作人员依法履职能力",
    "做好遗留问题化解，分类施策推动历史遗留项目扫尾清零",
]
PROBLEMS = [
    "部分征收项目体量大、情况复杂，群众诉求多元，项目推进进度与预算安排不完全匹配，导致预算执行存在偏差",
    "预算编制的精细化程度仍有不足，年中追加调整事项较多，项目支出预算与实际需求衔接不够紧密",
    "绩效目标设定偏重工作量指标，可量化的效益指标不够充分，绩效评价结果运用有待加强",
    "个别项目结算周期较长，资金回笼进度慢于预期",
    "征拆工作人员流动较大，业务骨干相对不足，专业化水平有待进一步提高",
]
MEASURES_TEXT = [
    "提高预算编制的科学性和准确性，结合项目推进计划细化支出预算，减少年中调整",
    "加强预算执行动态监控，按月通报执行进度，确保资金按计划使用",
    "完善绩效目标体系，增加可量化、可考核的效益指标，强化评价结果应用",
    "加快已完成项目的成本结算，推动资金及时回笼",
    "加强业务培训和作风建设，打造一支懂政策、善协调、守纪律的征拆队伍",
]
MANAGEMENT = [
    "{s}严格执行预算管理办法，按“预算布置—部门申报—论证审核—汇总报批”的流程编制年度预算，"
    "预算批复后及时分解下达至各科室，做到无预算不支出、超预算不开支。",
    "日常公用经费实行“一支笔”审批，专项经费由经办科室提出申请，经分管负责人和主要负责人逐级审批后支付，"
    "大额资金支出须经集体研究决定。",
    "征收补偿资金实行专户管理、专款专用，按照征收补偿协议和项目进度分批解控拨付，拨付资料逐笔审核、逐项归档，"
    "并主动接受财政、审计部门的监督。",
    "政府采购事项严格按规定程序实施，属于集中采购目录的一律通过政府采购平台采购，采购结果按要求公示。",
    "聘用人员工资按{lv}人社部门核定的人数和标准发放，绩效考核结果与薪酬挂钩，按程序报批后支付。",
    "单位建立了内部控制制度，对预算、收支、采购、资产、合同等业务明确了岗位职责和审批权限，"
    "执行情况总体良好。",
]
NATURE = {HOUSE: ["行政单位", "参照公务员法管理的事业单位", "全额拨款事业单位"],
          "land_acquisition": ["公益一类事业单位", "全额拨款事业单位", "参照公务员法管理的事业单位"]}
SECTIONS = {HOUSE: ["综合科", "财务科", "征收管理科", "法规审查科", "信访维稳科", "项目结算科"],
            "land_acquisition": ["办公室", "财务股", "征地业务股", "安置保障股", "法规信访股", "项目一部", "项目二部"]}
ASSET_BUYS = ["台式电脑", "笔记本电脑", "激光打印机", "档案密集柜", "高拍仪"]


def _pick(rng, pool, k):
    return rng.sample(pool, k)


def _grade(score: Decimal) -> str:
    return "优" if score >= 90 else "良" if score >= 80 else "中" if score >= 60 else "差"


# -- the builder -------------------------------------------------------------------------

def build_narrative(ctx: Ctx) -> Built:
    rng, c, y, dept = ctx.rng, ctx.c, ctx.y, ctx.dept
    spec = ctx.spec
    mode = rng.choice(["title", "title", "title", "paren", "cn", "noniandu", "body", "sign"])
    if spec.revision > 1 and mode == "sign":
        mode = "title"
    yr = YearWords(ctx.fy, mode)
    num = Numbering(rng)
    short = rng.choice(dept.shorts)
    lv = ctx.level
    report_date = report_date_for(rng, ctx.fy, spec.revision)

    # -- title ------------------------------------------------------------------------------
    c.para(SAMPLE_MARK, style="marker")
    title_name = rng.choice(dept.titles)
    kind_title = rng.choice(["部门整体支出绩效自评报告", "部门整体支出绩效自评报告", "部门整体支出绩效评价自评报告"])
    revised = "（更正版）" if spec.revision > 1 else ""
    lines = [title_name, f"{ctx.fy}年度{kind_title}{revised}"]
    if mode == "paren":
        lines = [title_name + kind_title, f"（{ctx.fy}年度）{revised}"]
    elif mode == "cn":
        lost = rng.random() < 0.25
        lines = [title_name, f"{cn_year(ctx.fy, lost_zero=lost)}年度{kind_title}{revised}"]
    elif mode == "noniandu":
        lines = [title_name, f"{ctx.fy}绩效评价自评报告{revised}"]
    elif mode in ("body", "sign"):
        lines = [title_name, kind_title + revised]
    for i, t in enumerate(lines):
        c.para(t, style="title" if i == 0 else "subtitle")
    if spec.revision > 1:
        c.para("更正说明：原公开报告中部分收支数据有误，现予以更正，以本版本为准。", style="note")

    # -- 一、部门基本情况 ---------------------------------------------------------------------
    c.para(num.h1(rng.choice(["部门基本情况", "部门概况", "单位基本情况"])), style="h1")
    c.para(num.h2(rng.choice(["机构设置及人员情况", "单位性质及人员编制", "机构及人员情况"])), style="h2")
    nature = rng.choice(NATURE[dept.kind])
    sections = _pick(rng, SECTIONS[dept.kind], rng.randint(3, 5))
    parent = rng.choice([f"{lv}人民政府直属", f"归口{lv}住房和城乡建设局管理" if dept.kind == HOUSE
                         else f"归口{lv}自然资源局管理"])
    c.para(f"{rng.choice([dept.canonical, dept.local])}（以下简称“{short}”）为{parent}的{nature}，"
           f"内设{'、'.join(sections)}{len(sections)}个科室，无下属二级预算单位。")
    sv = rng.randrange(3)
    staff = ctx.fm.count(y.staff, "人")
    if sv == 0:
        quota = X(f"核定编制{y.staff_quota}名", "staff_established", D(y.staff_quota),
                  "核定编制 is the approved quota, not the posts filled") if y.staff_quota != y.staff \
            else f"核定编制{y.staff_quota}名"
        c.para(f"{short}", quota, f"，截至{yr.end}", fact("staff_established", "实有在编人员", staff),
               f"，另有编外聘用人员{y.temps}人。")
    elif sv == 1:
        c.para(f"截至{yr.end}，单位", fact("staff_established", "在编人员", staff),
               f"，政府雇员及公益性岗位人员{y.temps}人。")
    else:
        c.para("现有", fact("staff_established", "在编在岗人员", ctx.fm.count(y.staff, "名")),
               f"，临聘人员{y.temps}名，人员经费纳入{lv}级财政预算保障。")

    c.para(num.h2(rng.choice(["主要职能", "部门职责"])), style="h2")
    funcs = FUNCTIONS[dept.kind][:]
    funcs = [f.format(lv=lv) for f in funcs[: rng.randint(4, len(funcs))]]
    funcs.append(f"完成{lv}委、{lv}政府交办的其他工作")
    for i, f in enumerate(funcs, 1):
        c.para(f"{num.item(i)}{f}。", style="item")

    c.para(num.h2(rng.choice(["年度重点工作", "年度工作计划", "重点工作任务"])), style="h2")
    for i, p in enumerate(_pick(rng, PRIORITIES, 3), 1):
        c.para(f"{num.item(i)}{p.format(d=ctx.dist.name)}。", style="item")

    # -- 二、收支 ------------------------------------------------------------------------------
    acc = _printed_accounts(ctx)
    c.para(num.h1(rng.choice(["部门整体支出情况", "部门整体收支情况", "部门（单位）整体支出规模及使用方向"])), style="h1")
    c.para(num.h2(rng.choice(["收支总体情况", "预算收支情况", "预算执行情况"])), style="h2")
    _accounts(ctx, acc, short, yr)

    c.para(num.h2("基本支出"), style="h2")
    _basic(ctx, acc)
    c.para(num.h2("项目支出"), style="h2")
    _project(ctx, acc, yr)
    c.para(num.h2("“三公”经费使用情况"), style="h2")
    _sangong(ctx, yr)

    c.para(num.h2(rng.choice(["资金管理情况", "预算及财务管理制度执行情况"])), style="h2")
    for p in _pick(rng, MANAGEMENT, rng.randint(2, 3)):
        c.para(p.format(s=short, lv=lv))

    # -- 三、资产 ------------------------------------------------------------------------------
    c.para(num.h1(rng.choice(["资产管理情况", "国有资产占用情况"])), style="h1")
    _assets(ctx, short, yr)

    # -- 四、绩效 ------------------------------------------------------------------------------
    c.para(num.h1(rng.choice(["部门整体支出绩效情况", "绩效目标完成情况", "部门履职效能"])), style="h1")
    if dept.kind == HOUSE:
        _house_work(ctx, num, short, yr)
    else:
        _land_work(ctx, num, short, yr)

    # -- 五、问题 / 六、措施 / 七、结论 ----------------------------------------------------
    c.para(num.h1(rng.choice(["存在的问题及原因分析", "存在的主要问题"])), style="h1")
    for i, p in enumerate(_pick(rng, PROBLEMS, 2), 1):
        c.para(f"{num.item(i)}{p}。", style="item")
    c.para(num.h1(rng.choice(["下一步改进措施", "改进措施及建议"])), style="h1")
    for i, p in enumerate(_pick(rng, MEASURES_TEXT, 3), 1):
        c.para(f"{num.item(i)}{p}。", style="item")
    _next_year_plan(ctx, yr)
    c.para(num.h1(rng.choice(["绩效自评结果及应用", "自评结论"])), style="h1")
    score = ctx.y.score_total
    if rng.random() < 0.55:
        sc = ctx.fm.number(score, 2, trim=True)
        if rng.random() < 0.5:
            c.para(f"经自评，{short}{yr.yrd}部门整体支出绩效", F(f"自评得分{sc}分", "score_total", score),
                   f"，评价等级为“{_grade(score)}”。自评结果将在{lv}政府门户网站公开，并作为下一年度预算安排的参考。")
        else:
            c.para(F(f"综合得分{sc}", "score_total", score), f"，评价等次{_grade(score)}。"
                   "本单位将根据自评发现的问题及时整改，并按要求公开自评结果。")
    else:
        c.para(f"{short}能够按要求规范使用财政资金，未发现挤占、挪用资金的情况，较好地完成了年度绩效目标。"
               "自评结果按要求随部门决算一并公开。")

    # -- signature ------------------------------------------------------------------------------
    c.para(rng.choice([dept.local, dept.canonical, title_name]), style="sign")
    dtxt = date_text(rng, report_date)
    c.para(rng.choice(["", "日期：", "日    期："]) + dtxt, style="sign")

    title = f"{dept.local}{'' if mode == 'sign' else str(ctx.fy) + '年度'}部门整体支出绩效自评报告{revised}"
    model = DocModel(title=title, author=dept.local, blocks=c.blocks, landscape=False,
                     page_numbers=rng.random() < 0.7, created=timestamp(report_date, ctx.fy))
    return Built(model, c, [], report_date, {"fiscal_year_stated": {
        "title": "in the title", "paren": "in parentheses after the title", "cn": "in the title, in Chinese numerals",
        "noniandu": "in the title, without 年度", "body": "only in the body",
        "sign": "only in the signature date (the following year)"}[mode]})


# -- sections ----------------------------------------------------------------------------

def _printed_accounts(ctx: Ctx) -> Accounts:
    y, rng = ctx.y, ctx.rng
    a = Accounts(y.budget_initial, y.budget, y.received, y.carried_in, y.spent, y.basic, y.project,
                 y.carried_out)
    noise = rng.random() < 0.15
    if ctx.spec.planted == "expenditure_identity":
        a = replace(a, project=garble(a.project, ctx.prng))
    elif ctx.spec.planted == "funds_identity":
        a = replace(a, received=a.received + ctx.prng.choice([32000, 15000, 8800, 50000]))
    elif noise:
        # rounding: the breakdown is off its total by 0.01万元 — tolerated
        a = replace(a, project=a.project - 1) if a.project > 1 else a
    return a


def _rate_text(ctx: Ctx, budget: int, spent: int, label: str) -> F | None:
    """The execution rate as the report prints it: rounded, truncated, or with swapped digits
    (the truth keeps what is printed; a recomputation may differ)."""
    rng, fm = ctx.rng, ctx.fm
    exact = D(spent) * 100 / D(budget)
    r = rng.random()
    if r < 0.6:
        n = fm.pct(exact, 2)
    elif r < 0.75:
        n = fm.pct(exact, 1)
    elif r < 0.85:
        n = fm.pct(exact, 0, rounding=ROUND_DOWN)
    elif r < 0.9:
        n = fm.pct(exact, 2)
        s = n.text
        digits = [i for i in range(len(s) - 1) if s[i].isdigit() and s[i + 1].isdigit() and s[i] != s[i + 1]]
        if digits:
            i = digits[-1]
            s = s[:i] + s[i + 1] + s[i] + s[i + 2:]
            n = replace(n, text=s, value=D(s.rstrip("%％ ")))
    else:
        return None
    return fact("execution_rate", label, n)


def _accounts(ctx: Ctx, a: Accounts, short: str, yr: YearWords) -> None:
    c, fm, rng = ctx.c, ctx.fm, ctx.rng
    planted = ctx.spec.planted
    w = fm.wan
    label = rng.choice(["预算执行率", "预算执行率为", "执行率"])
    rate = _rate_text(ctx, a.budget, a.spent, label)
    variants = ["chain", "income", "final"]
    if a.carried_in == 0 and a.carried_out == 0 and a.received == a.spent:
        variants.append("totals")
    v = rng.choice(variants)
    if planted == "funds_identity" and v == "totals":
        v = "chain"
    if v == "chain":
        if a.budget_initial != a.budget:
            b = [fact("budget_initial", "年初预算", w(a.budget_initial)),
                 "，年中调整后", fact("budget", "全年预算为", w(a.budget))]
        else:
            b = [fact("budget", "预算批复", w(a.budget)), "（年中未作调整）"]
        rate_part = ["，", rate, "。"] if rate else ["。"]
        c.para(f"{yr.yr}，{short}", *b, "；", fact("funds_received", "全年实际到位资金", w(a.received)),
               "，", fact("balance_carried_in", "上年结转结余", w(a.carried_in)), "；",
               fact("expenditure_total", "全年实际支出", w(a.spent)), "，其中",
               fact("expenditure_basic", "基本支出", w(a.basic)), "，",
               fact("expenditure_project", "项目支出", w(a.project)), "；",
               fact("balance_carried_out", "年末结转和结余", w(a.carried_out)), *rate_part)
    elif v == "income":
        pb = D(a.basic) * 100 / D(a.spent)
        share_b, share_p = fm.pct(pb, 2), fm.pct(100 - q(pb, 2), 2)
        parts = [f"{short}{yr.yr}", fact("budget", "部门预算批复数为", w(a.budget)), "。",
                 fact("funds_received", "全年收入合计", w(a.received))]
        if planted != "funds_identity" and len(ctx.y.received_split) > 1:
            parts.append("，其中")
            for i, (src, v_) in enumerate(ctx.y.received_split):
                parts += (["、"] if i else []) + [fact("funds_received", src, w(v_), scope=src)]
        parts += ["；", fact("balance_carried_in", "年初结转和结余", w(a.carried_in)), "。",
                  fact("expenditure_total", "全年支出合计", w(a.spent)), "，其中：",
                  fact("expenditure_basic", "基本支出", w(a.basic)), "，",
                  X(f"占{share_b.text}", "execution_rate", share_b.value, "share of spending, not an execution rate"),
                  "；", fact("expenditure_project", "项目支出", w(a.project)), "，",
                  X(f"占{share_p.text}", "execution_rate", share_p.value, "share of spending, not an execution rate"),
                  "。", fact("balance_carried_out", "年末结转和结余", w(a.carried_out))]
        parts += (["，", rate, "。"] if rate else ["。"])
        c.para(*parts)
    elif v == "final":
        spent = w(a.spent)
        parts = ["从决算数据看，", short, yr.yr, fact("funds_received", "本年收入合计", w(a.received)),
                 "，此外，", fact("balance_carried_in", "使用年初结转和结余", w(a.carried_in)), "；",
                 fact("expenditure_total", "本年支出合计", spent), "，",
                 fact("balance_carried_out", "年末结余", w(a.carried_out)), "。",
                 F(f"{spent.text}的支出中", "expenditure_total", spent.value), "，",
                 fact("expenditure_basic", "基本支出", w(a.basic)), "，",
                 fact("expenditure_project", "项目支出", w(a.project)), "。"]
        if a.budget_initial != a.budget:
            parts += [fact("budget_initial", "年初批复预算", w(a.budget_initial)), "，"]
        parts += [fact("budget", "调整预算后", w(a.budget))]
        parts += (["，", rate, "。"] if rate else ["。"])
        c.para(*parts)
    else:  # totals: no balances, income equals spending
        t = w(a.spent)
        parts = [f"{short}{yr.yr}"]
        if a.budget_initial != a.budget:
            parts += [fact("budget_initial", "年初预算", w(a.budget_initial)), "，"]
        parts += [fact("budget", "调整预算后", w(a.budget)), "。",
                  F(f"收、支总计均为{t.text}", "expenditure_total", t.value),
                  "，其中", fact("expenditure_basic", "基本支出", w(a.basic)), "、",
                  fact("expenditure_project", "项目支出", w(a.project))]
        parts += (["，", rate, "。"] if rate else ["。"])
        c.para(*parts)


def _basic(ctx: Ctx, a: Accounts) -> None:
    c, fm, rng, y = ctx.c, ctx.fm, ctx.rng, ctx.y
    w = fm.wan
    intro = [fact("expenditure_basic", "基本支出", w(a.basic)),
             "，主要用于在职人员工资福利、社会保障缴费及维持机构正常运转的日常公用经费"]
    r = rng.random()
    if r < 0.45 and len(y.basic_split) > 1:
        parts = intro + ["。按支出功能分类，"]
        item = _items(ctx)
        for i, (cat, v) in enumerate(y.basic_split, 1):
            parts += [item(i), fact("expenditure_basic", cat, w(v), scope=cat), "；" if i < len(y.basic_split) else "。"]
        c.para(*parts)
    elif r < 0.75:
        staff_cost = y.staff_cost
        c.para(*intro, "，其中", fact("expenditure_basic", "人员经费", w(staff_cost), scope="人员经费"), "，",
               fact("expenditure_basic", "公用经费", w(a.basic - staff_cost), scope="公用经费"), "。")
    else:
        c.para(*intro, "。")


def _items(ctx: Ctx):
    """One numbering style per list: ①②③ or 1.2.3."""
    circled = ctx.rng.random() < 0.8
    return lambda i: CIRCLED[i - 1] if circled else f"{i}."


def _project(ctx: Ctx, a: Accounts, yr: YearWords) -> None:
    c, fm, rng, y = ctx.c, ctx.fm, ctx.rng, ctx.y
    head = [fact("expenditure_project", rng.choice(["项目支出", "项目资金实际使用"]), fm.wan(a.project))]
    use = "主要用于征收项目前期工作、征收补偿资金解控拨付、信访维稳及法律服务等" if ctx.dept.kind == HOUSE \
        else "主要用于征地拆迁工作经费、依法腾地、政策宣传及被征地农民保障等"
    if ctx.spec.planted == "expenditure_identity":
        c.para(f"{yr.yrd}", *head, f"，{use}。")
        return
    r = rng.random()
    if r < 0.45:
        parts = [f"{yr.yrd}", *head, f"，{use}。按项目分，"]
        items = y.project_items
        for i, (name, v) in enumerate(items):
            unit = "万" if rng.random() < 0.25 else "万元"
            parts += (["，"] if i else []) + [fact("expenditure_project", name, fm.wan(v, unit), scope=name)]
        c.para(*parts, "。")
    elif r < 0.85:
        parts = [f"{yr.yrd}", *head, "，其中"]
        item = _items(ctx)
        for i, (cat, v) in enumerate(y.project_split, 1):
            parts += [item(i), fact("expenditure_project", cat, fm.wan(v), scope=cat),
                      "；" if i < len(y.project_split) else "。"]
        c.para(*parts)
    else:
        c.para(f"{yr.yrd}", *head, f"，{use}，资金均按预算和合同约定拨付。")


def _sangong(ctx: Ctx, yr: YearWords) -> None:
    c, fm, rng, y, prev = ctx.c, ctx.fm, ctx.rng, ctx.y, ctx.prev
    if y.sangong_budget == 0 and y.sangong_actual == 0:
        zero = fm.wan(0, trim=True)
        c.para(f"{yr.yr}", fact("sangong_budget", "“三公”经费财政拨款预算", zero), "，",
               F(f"全年实际支出{zero.text}", "sangong_actual", D(0)),
               "，因公出国（境）费、公务用车购置及运行维护费、公务接待费均未发生。")
        return
    unit_b = "万" if rng.random() < 0.3 else "万元"
    sb, sa = fm.wan(y.sangong_budget, unit_b), fm.wan(y.sangong_actual)
    pct = fm.pct(D(y.sangong_actual) * 100 / D(y.sangong_budget), 2)
    parts = [fact("sangong_budget", "“三公”经费预算", sb), "，", fact("sangong_actual", "实际支出", sa), "，",
             X(f"完成预算的{pct.text}", "execution_rate", pct.value, "share of the 三公 budget, not the execution rate"),
             "。其中："]
    prev_items = dict(prev.sangong_items)
    for i, (name, v) in enumerate(y.sangong_items):
        diff = v - prev_items.get(name, 0)
        parts += (["；"] if i else []) + [fact("sangong_actual", name, fm.wan(v), scope=name)]
        if diff == 0:
            parts.append("，与上年持平")
        else:
            word = "增加" if diff > 0 else "减少"
            d = fm.wan(abs(diff))
            parts += ["，比上年", X(f"{word}{d.text}", "sangong_actual", d.value, "change on last year")]
    c.para(*parts, "。")


def _assets(ctx: Ctx, short: str, yr: YearWords) -> None:
    c, fm, rng, y = ctx.c, ctx.fm, ctx.rng, ctx.y
    total = fm.yuan(y.fixed_assets)
    if rng.random() < 0.3:
        wan = fm.wan(int(q(y.fixed_assets / 100, 0)))
        head = fact("fixed_assets", "固定资产总额", wan)
    else:
        head = fact("fixed_assets", rng.choice(["固定资产共计", "固定资产原值合计"]), total)
    parts = [f"截至{yr.end}，{short}", head, "，其中"]
    for i, (cls, v) in enumerate(y.asset_split):
        parts += (["、"] if i else []) + [fact("fixed_assets", cls, fm.yuan(v), scope=cls)]
    parts.append("。")
    c.para(*parts)
    n = rng.randint(1, 4)
    price = D(rng.randint(3000, 9000))
    buy = fm.yuan(price * n)
    c.para(f"{yr.yr}新购置{rng.choice(ASSET_BUYS)}{n}台，",
           X(f"合计{buy.text}", "fixed_assets", buy.value, "purchases of the year, not the year-end stock"),
           "，均已登记入账。单位严格执行资产管理制度，定期开展资产清查，做到账实相符。")


def _signing_rate(ctx: Ctx, signed: int, target: int, printed: Decimal | None = None):
    fm, rng = ctx.fm, ctx.rng
    if printed is not None:
        return fm.pct(printed, 1)
    exact = D(signed) * 100 / D(target)
    return fm.pct(exact, rng.choice([0, 1, 2]))


def _area(ctx: Ctx, m2: Decimal):
    """An area in one of the units reports use; with 约 when the print rounds it."""
    fm, rng = ctx.fm, ctx.rng
    r = rng.random()
    if m2 >= 10000 and r < 0.45:
        n = fm.wan_m2(m2, rng.choice(["万平方米", "万平方米", "万方"]))
    elif r < 0.7:
        n = fm.m2(m2, "平方米")
    elif r < 0.85:
        n = fm.m2(m2, "㎡")
    else:
        n = fm.m2(q(m2, 0), "平方米", places=0)
    hedge = "约" if (n.approx or rng.random() < 0.2) else None
    return n, hedge


def _house_work(ctx: Ctx, num: Numbering, short: str, yr: YearWords) -> None:
    c, fm, rng, y, prev = ctx.c, ctx.fm, ctx.rng, ctx.y, ctx.prev
    planted = ctx.spec.planted
    lv = ctx.level
    c.para(num.h2(rng.choice(["征收项目推进情况", "产出指标完成情况", "重点征收工作"])), style="h2")
    started = fm.count(y.projects_started, "个")
    area, hedge = _area(ctx, y.area_scope)
    area_f = fact("area_scope", ("涉及征收面积" + (hedge or "")) if rng.random() < 0.5 else ("征收范围内房屋" + (hedge or "")),
                  area, qualifier=hedge)
    target = y.households_target
    if planted == "signed_within_target":
        target = y.households_signed - ctx.prng.randint(3, max(4, y.households_signed // 10))
    tgt = fm.count(target, "户")
    units_t = fm.count(y.units_target, "家")
    v = rng.randrange(3)
    if v == 0:
        c.para(f"{yr.yr}全{lv}", fact("projects_started", "新启动征收项目", started), "，", area_f, "，",
               fact("households_target", "需征收私房", tgt), "、", fact("units_target", "单位", units_t), "。")
    elif v == 1:
        c.para("全年共", fact("projects_started", "启动", started, "征收项目"), "，", area_f, "，",
               fact("households_target", "涉及被征收户", tgt), "、", fact("units_target", "企事业单位", units_t), "。")
    else:
        c.para(fact("projects_started", "", started, "新启动项目"), "共",
               fact("households_target", "涉及被征收居民", tgt), "、", fact("units_target", "单位", units_t), "，",
               area_f, "。")

    signed = fm.count(y.households_signed, "户")
    units_s = fm.count(y.units_signed, "家")
    rate = None if planted == "signed_within_target" else _signing_rate(ctx, y.households_signed, target)
    v = rng.randrange(4)
    near = (y.households_signed // 10 + 1) * 10
    if v == 3 and near > target:  # 签约近N户 must not claim more than the target
        v = 0
    if v == 0:
        parts = [f"截至{yr.end}，", fact("households_signed", "已完成签约", signed), "、",
                 fact("units_signed", "单位", units_s)]
        parts += (["，", fact("signing_rate", "签约率", rate)] if rate else []) + ["。"]
    elif v == 1:
        parts = [fact("households_signed", "", signed, "已签订征收补偿协议")]
        if rate:
            parts += ["，", F(f"占总任务{tgt.text}的{rate.text}", "signing_rate", rate.value)]
            parts.append(F("", "households_target", tgt.value, raw=f"占总任务{tgt.text}"))
        parts += ["；", fact("units_signed", "", units_s, "单位完成签约"), "。"]
    elif v == 2:
        parts = [f"总数{tgt.text}中，", fact("households_signed", "已完成签约", signed)]
        if rate:
            parts += ["，", fact("signing_rate", "签约率达", rate)]
        parts += ["；", fact("units_signed", "单位签约", units_s), "。"]
    else:
        parts = [F(f"签约近{near}户", "households_signed", D(near), qualifier="近"), "，",
                 fact("units_signed", "签约单位", units_s), "。"]
    if rng.random() < 0.6 and prev.households_signed and prev.households_signed != y.households_signed:
        diff = y.households_signed - prev.households_signed
        word = "增加" if diff > 0 else "减少"
        parts[-1] = "，"
        parts += ["签约户数较", X(f"上年的{prev.households_signed}户", "households_signed",
                                  D(prev.households_signed), "last year's figure quoted for comparison"),
                  f"{word}{abs(diff)}户。"]
    c.para(*parts)

    dem, dhedge = _area(ctx, y.area_demolished)
    if rng.random() < 0.25:
        comp = fm.wan_precise(y.compensation)
        comp_hedge = None
    else:
        comp = fm.yi(y.compensation)
        comp_hedge = "约" if comp.approx and rng.random() < 0.7 else None
    if rng.random() < 0.5:
        c.para("全年", fact("area_demolished", "完成房屋拆除面积" + (dhedge or ""), dem, qualifier=dhedge), "，",
               fact("compensation_paid", "共计解控拨付征收补偿资金" + (comp_hedge or ""), comp, qualifier=comp_hedge),
               "，", X(f"货币补偿均价{y.unit_price}元/平方米", "compensation_paid", D(y.unit_price),
                       "a price per square metre, not money paid"), "。")
    else:
        c.para(fact("compensation_paid", comp_hedge or "", comp, "征收补偿资金已按协议拨付到位", qualifier=comp_hedge),
               "，", fact("area_demolished", "拆除面积达" + (dhedge or ""), dem, qualifier=dhedge), "。")

    # per project (not in a report whose total target is misprinted: its breakdown would not fit)
    for p in y.projects:
        if planted == "signed_within_target" or rng.random() < 0.2:
            continue
        ht, hs = fm.count(p.households_target, "户"), fm.count(p.households_signed, "户")
        us = fm.count(p.units_signed, "家")
        sr = _signing_rate(ctx, p.households_signed, p.households_target, p.signing_rate_printed)
        v = rng.randrange(3)
        if v == 0:
            pa = fm.m2(p.area_m2)
            c.para(f"{p.name}共涉及", F(f"{ht.text}/{pa.text}", "households_target", ht.value, scope=p.name),
                   F("", "area_scope", pa.value, scope=p.name, raw=f"{ht.text}/{pa.text}"), "，",
                   fact("households_signed", "已签约", hs, scope=p.name), "、",
                   fact("units_signed", "单位", us, scope=p.name), "，",
                   fact("signing_rate", "签约率", sr, scope=p.name), "。")
        elif v == 1:
            pa = fm.wan_m2(p.area_m2) if p.area_m2 >= 10000 else fm.m2(p.area_m2)
            c.para(f"{p.name}征收范围涉及", F(f"{ht.text}{pa.text}", "households_target", ht.value, scope=p.name),
                   F("", "area_scope", pa.value, scope=p.name, raw=f"{ht.text}{pa.text}"),
                   "，目前已与", F(f"{hs.text.removesuffix('户')}户被征收人签订补偿协议", "households_signed", hs.value,
                                 scope=p.name), "，", fact("signing_rate", "签约率", sr, scope=p.name), "。")
        else:
            c.para(f"{p.name}已", fact("households_signed", "签约私房", hs, scope=p.name), "、",
                   fact("units_signed", "单位", us, scope=p.name), "，",
                   fact("signing_rate", "签约率", sr, scope=p.name), "，剩余户正在逐户攻坚。")

    c.para(num.h2(rng.choice(["项目扫尾及结算情况", "拆除交地和项目结算", "遗留问题化解"])), style="h2")
    olds = [p.name for p in y.projects][:2] or ["历史遗留项目"]
    if y.holdouts_signed:
        c.para(f"对{'、'.join(olds)}等项目的遗留户开展集中攻坚，由{lv}领导、街道和{short}联点包户，",
               F(f"促成{y.holdouts_signed}户遗留户签订补偿协议", "households_signed", D(y.holdouts_signed),
                 scope="扫尾项目遗留户"), "。")
    n_clear = fm.count(y.projects_cleared, "个")
    if rng.random() < 0.5:
        c.para(f"完成{olds[0]}等", fact("projects_cleared", "", n_clear, "项目的拆除交地工作"), "，同步做好拆除现场的安全文明施工监管。")
    else:
        c.para(fact("projects_cleared", "", n_clear, "项目完成拆除并交地"), "，为后续土地出让和项目建设创造了条件。")
    settled = fm.count(y.projects_settled, "个")
    rec = fm.wan(y.funds_recovered)
    hedge = None
    if rng.random() < 0.4:
        rec = fm.wan(int(q(D(y.funds_recovered) / 100, 0)) * 100, trim=True)
        hedge = "约"
    c.para(fact("projects_settled", "完成", settled, "项目成本结算"), "，",
           fact("funds_recovered", "回笼财政资金" + (hedge or ""), rec, qualifier=hedge), "。")
    if rng.random() < 0.7:
        c.para(f"同步推进征收安置房建设，{rng.choice(olds)}安置小区",
               X(f"{y.resettlement_buildings}栋", "buildings_demolished", D(y.resettlement_buildings),
                 "new-built resettlement housing, not demolition"),
               f"安置房已主体封顶，共{y.resettlement_flats}套，预计明年交付使用。")
    c.para(num.h2(rng.choice(["效益情况", "社会效益", "群众工作及信访维稳"])), style="h2")
    visits = rng.randint(120, 600)
    c.para("坚持阳光征收，征收政策、补偿标准和补偿结果全程公开。全年",
           X(f"接待来访群众{visits}人次", "persons_relocated", D(visits), "visitors, not people relocated"),
           f"，办理12345热线工单{rng.randint(10, 90)}件、信息公开申请{rng.randint(5, 70)}件，"
           f"涉征信访件办结率100%，被征收群众满意度{rng.randint(90, 98)}%。")


def _land_work(ctx: Ctx, num: Numbering, short: str, yr: YearWords) -> None:
    c, fm, rng, y, prev = ctx.c, ctx.fm, ctx.rng, ctx.y, ctx.prev
    planted = ctx.spec.planted
    lv = ctx.level
    c.para(num.h2(rng.choice(["征拆腾地情况", "产出指标完成情况", "依法腾地保障项目建设"])), style="h2")
    if planted == "target_lost_wan":
        t = fm.mu(y.land_target_mu / 10000, places=1)
        ts = fm.mu(y.land_stretch_mu / 10000, places=1)
    else:
        t, ts = fm.mu(y.land_target_mu, 0), fm.mu(y.land_stretch_mu, 0)
    r = rng.random()
    if r < 0.6:
        tgt_parts = [f"{yr.yr}初确定了“", fact("land_cleared_target", "确保腾地", t), "、",
                     fact("land_cleared_target_stretch", "力争", ts), "”的年度目标"]
    else:
        tgt_parts = ["年度任务为", fact("land_cleared_target", "确保交地不少于", t, qualifier="不少于"), "、",
                     fact("land_cleared_target_stretch", "力争达到", ts)]
    r = rng.random()
    if r < 0.45:
        res = fact("land_cleared", "实际完成腾地", fm.mu(y.land_cleared_mu))
    elif r < 0.65:
        res = fact("land_cleared", "全年清场交地", fm.mu(y.land_cleared_mu, 4 if rng.random() < 0.3 else 2))
    elif r < 0.8:
        ha = fm.hectare(y.land_cleared_mu * 2 / 30)
        res = fact("land_cleared", "交地", ha)
    elif y.land_cleared_mu >= 10000:
        n = fm.wan_mu_prefix(y.land_cleared_mu)
        res = F(f"腾地{n.text}余亩", "land_cleared", n.value, qualifier="余")
    else:
        hundreds = int(y.land_cleared_mu) // 100 * 100
        res = F(f"腾地{hundreds}余亩", "land_cleared", D(hundreds) * 2000 / 3, qualifier="余")
    c.para(*tgt_parts, "，", res, "，超额完成年度目标。" if y.land_cleared_mu >= y.land_stretch_mu else "。")
    if prev.land_cleared_mu and rng.random() < 0.5:
        prevm = fm.mu(prev.land_cleared_mu)
        c.para("腾地面积较", X(f"上年的{prevm.text}", "land_cleared", prevm.value, "last year's figure"),
               "有所" + ("增长" if y.land_cleared_mu > prev.land_cleared_mu else "回落") + "，主要受项目铺排节奏影响。")

    signed = fm.count(y.households_signed, "户")
    blds = fm.count(y.buildings, "栋")
    pers = fm.count(y.persons, "人")
    target = y.households_target
    if planted == "signed_within_target":
        target = y.households_signed - ctx.prng.randint(5, max(6, y.households_signed // 8))
    with_target = rng.random() < 0.4
    with_target = with_target or planted == "signed_within_target"
    v = rng.randrange(4)
    parts: list = []
    if with_target:
        parts += [fact("households_target", "全年需签约", fm.count(target, "户")), "，"]
    if v == 0:
        parts += [fact("households_signed", "年度签订拆迁协议", signed), "，", fact("buildings_demolished", "拆除房屋", blds),
                  "，", fact("persons_relocated", "动迁群众", pers)]
    elif v == 1:
        parts += ["已与", F(f"{signed.text.removesuffix('户')}户被征收户签订补偿安置协议", "households_signed", signed.value),
                  "，", fact("buildings_demolished", "拆房", blds), "，", fact("persons_relocated", "搬迁", pers)]
    elif v == 2:
        parts += [fact("households_signed", "", signed, "完成签约"), "、", fact("buildings_demolished", "", blds, "房屋完成拆除"),
                  "，", fact("persons_relocated", "", fm.count(y.persons, "名"), "群众顺利搬迁")]
    else:
        if y.households_signed >= 1000 and planted != "signed_within_target":
            base = y.households_signed // 100 * 100
            parts += [F(f"签约{base}多户", "households_signed", D(base), qualifier="多")]
        else:
            parts += [fact("households_signed", "签约", signed)]
        parts += ["，", fact("buildings_demolished", "拆房", blds), "，", fact("persons_relocated", "动迁", pers)]
    n_clear = fm.count(y.projects_cleared, "个")
    parts += ["，", fact("projects_cleared", "完成了", n_clear, "项目的征拆交地"), "。"]
    c.para(*parts)
    if rng.random() < 0.6:
        others: list = []
        if y.schools:
            others += ["，涉及", X(f"学校{y.schools}所", "households_signed", D(y.schools), "schools are not households")]
        if y.temples:
            others += ["，" if not others else "、",
                       X(f"寺庙{y.temples}处", "households_signed", D(y.temples), "temples are not households")]
        c.para("征拆过程中", X(f"迁移坟墓{y.graves}座", "households_signed", D(y.graves), "graves are not households"),
               *others, "，均按政策妥善处置。")
    if rng.random() < 0.5:
        if rng.random() < 0.5:
            sc = fact("area_scope", "征收集体土地", fm.hectare(y.land_scope_ha))
        else:
            sc = fact("area_scope", "红线范围", fm.mu(y.land_scope_ha * 15, 2))
        c.para("全年报批的征地项目", sc, "，",
               X(f"征地区片综合地价{y.unit_price}元/亩", "compensation_paid", D(y.unit_price),
                 "a price per 亩, not money paid"), "。")
    comp = fm.yi(y.compensation)
    c.para(fact("compensation_paid", "全年兑付征地拆迁补偿款" + ("约" if comp.approx else ""), comp,
                qualifier="约" if comp.approx else None), "，资金均直接发放至被征收户个人账户。")

    c.para(num.h2(rng.choice(["安置保障情况", "被征地农民保障", "效益情况"])), style="h2")
    ss = fm.count(y.ss_enrolled, "人")
    ssp = fm.yi(y.ss_paid)
    sub = fm.wan(y.subsidy_paid)
    rec = fm.count(y.subsidy_recipients, "人")
    if rng.random() < 0.5:
        c.para(fact("social_security_enrolled", "新增纳入被征地农民社会保障", ss), "，",
               fact("social_security_paid", "缴付社保资金", ssp), "；",
               fact("living_subsidy_paid", "发放失地农民生活补助", sub), "，",
               fact("living_subsidy_recipients", "惠及", rec), "。")
    else:
        c.para(fact("social_security_enrolled", "", fm.count(y.ss_enrolled, "名"), "被征地农民纳入社保"), "，",
               fact("social_security_paid", "", ssp, "社保资金已全额解缴"), "。",
               fact("living_subsidy_paid", f"{lv}政府组织发放生活补助", sub), "，",
               fact("living_subsidy_recipients", "目前享受该项政策", rec), "。")
    if rng.random() < 0.7:
        c.para("统筹推进安置区建设，", X(f"新建安置房{y.resettlement_buildings}栋", "buildings_demolished",
                                             D(y.resettlement_buildings), "new-built resettlement housing"),
               f"共{y.resettlement_flats}套，安置房源保障有力。")
    c.para(f"全年无因征拆引发的群体性事件，涉拆信访件按期办结率100%，群众对征拆工作的满意度为{rng.randint(88, 97)}%。")


def _next_year_plan(ctx: Ctx, yr: YearWords) -> None:
    c, rng, y = ctx.c, ctx.rng, ctx.y
    if rng.random() < 0.5:
        return
    if ctx.dept.kind == HOUSE:
        n = y.projects_started + rng.randint(1, 4)
        m = y.households_signed + rng.randint(20, 200)
        c.para(f"{yr.next}，计划", X(f"新启动征收项目{n}个", "projects_started", D(n), "next year's plan"), "、",
               X(f"完成签约{m}户", "households_signed", D(m), "next year's plan"), "，全力保障重点项目建设。")
    else:
        t = int(y.land_target_mu) + rng.randint(1, 6) * 500
        c.para(f"{yr.next}，力争", X(f"腾地{t}亩", "land_cleared", D(t) * 2000 / 3, "next year's plan"),
               "，持续做好被征地农民社会保障工作。")
