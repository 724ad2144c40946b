"""Builder of 部门整体自评表: a header block (名称, 资金情况 A/B/C, 执行率, 得分), the year's goals,
then the indicator table 一级/二级/三级指标 … 分值/得分/未完成原因/改进措施 with merged cells and a 总分 row.

Scores are coherent: indicator weights + budget weight = 100, every score ≤ its weight, and
Σ scores + budget score = 总分 — except where a rule is broken on purpose (`spec.planted`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from .common import Built, Ctx, date_text, report_date_for, timestamp
from .docmodel import SAMPLE_MARK, DocModel, F, Grid, GridCell, X, fact
from .printed import D, json_number, q
from .world import HOUSE


@dataclass
class Row:
    level1: str
    level2: str
    level3: str
    content: str
    target: list  # pieces (str | F | X)
    actual: list
    weight: Decimal = D(0)
    score: Decimal = D(0)
    reason: str = ""
    improvement: str = ""


REASONS = {
    "数量指标": [("受征收项目推进进度影响，部分被征收户未能按期签约", "加强与街道、项目业主的协调，逐户攻坚，加快签约进度"),
              ("个别项目因规划调整暂缓启动", "提前做好项目前期论证，合理铺排年度征收计划")],
    "质量指标": [("个别补偿协议资料不齐，备案出现返工", "加强协议审核，实行资料清单化管理")],
    "时效指标": [("个别项目资金拨付审批环节较多，拨付时间有所滞后", "优化资金拨付流程，压缩审批时限")],
    "成本指标": [("机构改革人员增加，人员经费支出超出预算", "科学测算人员经费需求，合理编制基本支出预算"),
              ("年中追加项目较多，预算调整幅度较大", "提高预算编制的准确性，细化项目支出预算")],
    "经济效益指标": [("个别项目结算资料不全，结算进度滞后", "督促相关单位补齐结算资料，加快审核进度")],
    "社会效益指标": [("发生涉征重复信访，矛盾化解仍需加强", "落实领导包案制度，推动信访积案化解")],
    "生态效益指标": [("个别拆除工地扬尘防控措施落实不到位", "加强拆除工地巡查，落实“六个百分之百”要求")],
    "可持续影响指标": [("内控制度执行的监督检查有待加强", "定期开展内控制度执行情况自查")],
    "服务对象满意度指标": [("部分群众对补偿政策理解存在偏差，满意度未达目标", "加大政策宣传解释力度，做好群众思想工作")],
}


def _pts(x: Decimal) -> str:
    return format(q(x, 2).normalize(), "f")


def _wan_short(fm, w100: int):
    """A money figure inside a cell, sometimes with 万 and no 元 (预算为820万)."""
    return fm.wan(w100, "万" if fm.rng.random() < 0.5 else "万元", trim=True)


def _sat(target: int) -> Row:
    """A satisfaction row; its result is set once the score is known (see _weights)."""
    return Row("满意度指标", "服务对象满意度指标", "", "", [f"≥{target}%"], [])


def _rows_house(ctx: Ctx, target: int) -> list[Row]:
    fm, rng, y = ctx.fm, ctx.rng, ctx.y
    plan_n = max(1, y.projects_started + rng.choice([-1, 0, 0, 1]))
    plan_area = q(y.area_demolished * D(rng.uniform(0.7, 1.0)) / 1000, 0) * 1000
    dem = fm.m2(y.area_demolished, rng.choice(["平方米", "㎡"]))
    projects = "、".join(p.name for p in y.projects[:2]) or "重点片区征收项目"
    sat_t = rng.choice([85, 90, 90, 95])
    rows = [
        Row("产出指标", "数量指标", "征收签约户数", "完成年度征收签约任务",
            [fact("households_target", "完成签约", fm.count(target, "户"))],
            [fact("households_signed", "已签约", fm.count(y.households_signed, "户")),
             f"，{projects}等项目签约工作有序推进，剩余户正逐户开展政策解释和攻坚"]),
        Row("产出指标", "数量指标", "征收签约单位数", "完成企事业单位征收签约",
            [fact("units_target", "", fm.count(y.units_target, "家"))],
            [fact("units_signed", "签约", fm.count(y.units_signed, "家"))]),
        Row("产出指标", "数量指标", "新启动征收项目", "按计划启动年度征收项目",
            [X(f"≥{plan_n}个", "projects_started", D(plan_n), "planned number, not projects started")
             if plan_n != y.projects_started else f"≥{plan_n}个"],
            [fact("projects_started", "新启动", fm.count(y.projects_started, "个"))]),
        Row("产出指标", "数量指标", "房屋拆除面积", "完成已签约房屋的拆除",
            [X(f"≥{fm.number(plan_area, 0)}平方米", "area_demolished", plan_area, "target, not area demolished")],
            [fact("area_demolished", "拆除", dem), "，拆除工作全程委托专业单位实施，未发生安全事故"]),
        Row("产出指标", "质量指标", "征收补偿协议备案合格率", "征收补偿协议审核备案规范", ["100%"], ["100%"]),
        Row("产出指标", "质量指标", "补偿标准执行准确率", "严格按批准的征收补偿方案执行补偿标准",
            ["100%"], ["严格执行“一把尺子量到底”，补偿结果分户公开，无违规补偿"]),
        Row("产出指标", "时效指标", "补偿资金拨付及时性", "按协议约定时间拨付征收补偿资金",
            ["按期拨付"], [fact("compensation_paid", "全年拨付征收补偿资金", fm.yi(y.compensation)),
                          "，均在协议约定时限内完成"]),
        Row("产出指标", "成本指标", "预算控制", "年度支出控制在预算范围内",
            [fact("budget", "≤", _wan_short(fm, y.budget))],
            [fact("expenditure_total", "实际支出", _wan_short(fm, y.spent))]),
        Row("效益指标", "经济效益指标", "项目结算及资金回笼", "加快已完成项目结算，回笼财政资金",
            ["及时结算"], [fact("projects_settled", "完成", fm.count(y.projects_settled, "个"), "项目结算"), "，",
                          fact("funds_recovered", "回笼资金", fm.wan(y.funds_recovered)),
                          "，为项目后续土地出让和开工建设创造了条件"]),
        Row("效益指标", "社会效益指标", "涉征信访问题化解率", "妥善化解涉征矛盾纠纷，维护社会稳定",
            ["≥90%"], [f"{rng.randint(92, 100)}%"]),
        Row("效益指标", "社会效益指标", "征收信息公开率", "征收决定、补偿方案和补偿结果依法公开",
            ["100%"], ["100%"]),
        Row("效益指标", "可持续影响指标", "征收档案规范化管理", "建立健全征收档案和内控制度",
            ["长期坚持"], ["已建立并持续执行"]),
        _sat(sat_t),
    ]
    rows[-1].level3, rows[-1].content = "被征收群众满意度", "被征收群众对征收补偿工作的满意程度"
    if rng.random() < 0.5:
        rows.insert(11, Row("效益指标", "生态效益指标", "拆除工地扬尘防治", "拆除工地落实扬尘防治措施",
                            ["无重大环境事件"], ["未发生"]))
    if rng.random() < 0.5:
        s2 = _sat(90)
        s2.level3, s2.content = "项目业主单位满意度", "项目业主单位对征收服务的满意程度"
        rows.append(s2)
    return rows


def _rows_land(ctx: Ctx) -> list[Row]:
    fm, rng, y = ctx.fm, ctx.rng, ctx.y
    planted = ctx.spec.planted
    if planted == "target_lost_wan":
        t, ts = fm.mu(y.land_target_mu / 10000, 1), fm.mu(y.land_stretch_mu / 10000, 1)
    else:
        t, ts = fm.mu(y.land_target_mu, 0), fm.mu(y.land_stretch_mu, 0)
    notices = rng.randint(30, 120)
    rows = [
        Row("产出指标", "数量指标", "依法腾地面积", "协调组织全年项目征拆腾地任务",
            [fact("land_cleared_target", "确保腾地达", t), "、", fact("land_cleared_target_stretch", "力争达", ts)],
            [fact("land_cleared", "腾地", fm.mu(y.land_cleared_mu)), "，重点项目用地均按节点交付"]),
        Row("产出指标", "数量指标", "征拆签约及拆除", "按项目铺排完成签约、拆房和动迁",
            ["按项目铺排完成"],
            [fact("households_signed", "签约", fm.count(y.households_signed, "户")), "、",
             fact("buildings_demolished", "拆房", fm.count(y.buildings, "栋")), "、",
             fact("persons_relocated", "动迁", fm.count(y.persons, "人")), "，",
             fact("projects_cleared", "完成", fm.count(y.projects_cleared, "个"), "项目拆迁")]),
        Row("产出指标", "数量指标", "征地公告发布", "依法发布征地公告和实施公告",
            ["应发尽发"], [f"发布“征地公告”{notices}宗、“实施公告”{notices - rng.randint(0, 9)}宗"]),
        Row("产出指标", "质量指标", "被征地农民社会保障", "被征地农民应纳尽纳、资金足额解缴",
            ["应纳尽纳"],
            ["新增纳入", F(f"{fm.number(y.ss_enrolled, 0)}名社保对象", "social_security_enrolled", D(y.ss_enrolled)),
             "，", fact("social_security_paid", "缴付社保资金", fm.yi(y.ss_paid)), "，纳入率、解缴率均为100%"]),
        Row("产出指标", "质量指标", "补偿安置方案合规性", "补偿安置方案依法报批、公示",
            ["100%"], ["全部依法报批并公示，未发生违规补偿"]),
        Row("产出指标", "时效指标", "生活补助按时发放", "按季度发放失地农民生活补助",
            ["按时发放"],
            [fact("living_subsidy_paid", "发放生活补助", fm.wan(y.subsidy_paid)), "，",
             fact("living_subsidy_recipients", "享受政策", fm.count(y.subsidy_recipients, "人"))]),
        Row("产出指标", "时效指标", "补偿款兑付及时性", "征地补偿款按期足额兑付",
            ["按期兑付"], [fact("compensation_paid", "兑付征地拆迁补偿款", fm.yi(y.compensation)),
                          "，直接发放至被征收户个人账户"]),
        Row("产出指标", "成本指标", "预算控制", "宣传协调等经费不超预算",
            [fact("budget", "预算为", _wan_short(fm, y.budget))],
            [fact("expenditure_total", "实际决算支出为", _wan_short(fm, y.spent))]),
        Row("效益指标", "经济效益指标", "保障项目建设用地", "以腾地服务项目落地，带动区域经济发展",
            ["有效带动"], ["以“清表交地”标准高效服务项目建设，重点项目均按期进场施工"]),
        Row("效益指标", "社会效益指标", "征拆领域和谐稳定", "无涉拆群体性事件和越级上访",
            ["无群体性事件"], ["全年未发生"]),
        Row("效益指标", "生态效益指标", "征地规划对生态环境的影响", "征地规划及执行不影响区域生态环境",
            ["无影响"], ["无影响"]),
        Row("效益指标", "可持续影响指标", "内控制度建设", "建立健全内部控制制度", ["长期坚持"], ["持续执行"]),
        _sat(rng.choice([90, 95])),
    ]
    rows[-1].level3, rows[-1].content = "被征地群众满意度", "被征地群众对征拆安置工作的满意度"
    with_target = rng.random() < 0.4
    if (y.households_target and with_target) or planted == "signed_within_target":
        target = y.households_target
        if planted == "signed_within_target":
            target = y.households_signed - ctx.prng.randint(5, max(6, y.households_signed // 8))
        rows[1].target = [fact("households_target", "年度签约任务", fm.count(target, "户"))]
    return rows


def _weights(ctx: Ctx, rows: list[Row]) -> None:
    """Indicator weights summing to 100 − budget weight; scores with the world's deductions."""
    rng, y = ctx.rng, ctx.y
    total = 100 - y.budget_weight
    sat = [r for r in rows if r.level1 == "满意度指标"]
    rest = [r for r in rows if r.level1 != "满意度指标"]
    for r in sat:
        r.weight = D(10 // len(sat))
    left = total - sum(int(r.weight) for r in sat)
    raw = [rng.uniform(0.6, 1.6) * (1.6 if r.level1 == "产出指标" else 1.0) for r in rest]
    ws = [max(2, int(left * w / sum(raw))) for w in raw]
    i = 0
    while sum(ws) != left:
        k = i % len(ws)
        if sum(ws) < left:
            ws[k] += 1
        elif ws[k] > 2:
            ws[k] -= 1
        i += 1
    for r, w in zip(rest, ws, strict=True):
        r.weight = D(w)
    for r in rows:
        r.score = r.weight
    # spread the deduction over a few rows, each row losing at most half its weight
    left_d = y.deduction
    candidates = [r for r in rows if r.weight >= 4]
    rng.shuffle(candidates)
    for r in candidates:
        if left_d <= 0:
            break
        take = min(left_d, q(r.weight / 2, 0, ROUND_DOWN))
        r.score = r.weight - take
        left_d -= take
        r.reason, r.improvement = rng.choice(REASONS[r.level2])
    assert left_d == 0, "deduction could not be spread"
    for r in rows:  # a satisfaction result below its target explains the lost points
        if r.level1 == "满意度指标":
            t = int(r.target[0].strip("≥%"))
            r.actual = [f"{rng.randint(t, 99)}%"] if r.score == r.weight else [f"{rng.randint(t - 8, t - 1)}%"]


def build_selfeval(ctx: Ctx) -> Built:
    rng, c, fm, y, dept = ctx.rng, ctx.c, ctx.fm, ctx.y, ctx.dept
    spec = ctx.spec
    planted = spec.planted
    report_date = report_date_for(rng, ctx.fy, spec.revision)

    # -- title --------------------------------------------------------------------------
    c.para(SAMPLE_MARK, style="marker")
    tv = rng.randrange(3)
    revised = "（更正）" if spec.revision > 1 else ""
    if tv == 0:
        c.para("部门整体自评表" + revised, style="title")
        c.para(rng.choice([f"({ctx.fy}年)", f"（{ctx.fy}年度）"]), style="subtitle")
    elif tv == 1:
        c.para(f"{ctx.fy}年度部门整体支出绩效自评表{revised}", style="title")
    else:
        c.para(f"部门整体支出绩效自评表{revised}", style="title")
        c.para(f"（{ctx.fy}年度）", style="subtitle")
    dated = rng.random() < 0.4 or spec.revision > 1
    if dated:
        c.para(f"填报单位（盖章）：{dept.local}　　　　填报日期：{date_text(rng, report_date)}", style="note")
    else:
        report_date = None

    # -- header block -----------------------------------------------------------------
    cols = rng.choice(["ABC", "initial", "adjusted"])
    rows_kind = rng.choice(["source", "source", "type"])
    if cols == "ABC":
        heads = ["资金来源", "全年预算数(A)", "全年执行数(B)", "上级财政移动支付(C)", "分值",
                 rng.choice(["执行率((B-C)/A)", "执行率"]), "得分"]
    elif cols == "initial":
        heads = ["资金来源", "年初预算数", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分"]
    else:
        heads = ["资金来源", "年初预算数", "调整后预算数(A)", "全年执行数(B)", "分值", "执行率", "得分"]
    a_head = heads[1] if cols == "ABC" else heads[2]
    b_head = heads[2] if cols == "ABC" else heads[3]

    def rate_cell(budget: int, spent: int, label: str, scope: str | None) -> GridCell:
        if budget == 0:
            return c.cell("--", align="center")
        exact = D(spent) * 100 / D(budget)
        n = fm.pct(exact, 2, rounding=ROUND_DOWN if rng.random() < 0.2 else ROUND_HALF_UP)
        return c.cell(F(n.text, "execution_rate", n.value, scope=scope, raw=f"{label} {heads[5]} {n.text}"),
                      align="center")

    def money(label: str, head: str, measure: str, w100: int, scope: str | None) -> GridCell:
        t = fm.wan_cell(w100)
        return c.cell(F(t, measure, D(w100) * 100, scope=scope, raw=f"{label} {head} {t}"), align="center")

    weight, bscore = y.budget_weight, y.budget_score
    money_rows: list[tuple[str, int, int, int, dict]] = [("年度资金总额", y.budget_initial, y.budget, y.spent, {})]
    if rows_kind == "source":
        money_rows.append(("财政拨款", y.budget_initial, y.budget, y.spent, {"scope": "财政拨款"}))
        money_rows.append(("其他资金", 0, 0, 0, {"scope": "其他资金"}))
    else:
        bi_basic = min(y.budget_basic, y.budget_initial)
        money_rows.append(("基本支出", bi_basic, y.budget_basic, y.basic, {"scope": "基本支出", "b": "expenditure_basic"}))
        money_rows.append(("项目支出", y.budget_initial - bi_basic, y.budget - y.budget_basic, y.project,
                           {"scope": "项目支出", "b": "expenditure_project"}))
    grid1: list[list[GridCell | None]] = []
    n_money = len(money_rows)
    grid1.append([c.cell("部门(单位)名称", header=True), c.cell(dept.canonical if rng.random() < 0.7 else dept.local, colspan=3),
                  None, None, c.cell("所属独立核算单位个数", colspan=2, header=True), None, c.cell("1", colspan=2, align="center"), None])
    grid1.append([c.cell("资金情况(万元)", rowspan=n_money + 1, header=True)] +
                 [c.cell(h, header=True, align="center") for h in heads])
    for label, bi, b, e, kw in money_rows:
        scope = kw.get("scope")
        total = scope is None
        row: list[GridCell | None] = [None, c.cell(label)]
        if cols == "ABC":
            row += [money(label, a_head, "budget", b, scope),
                    money(label, b_head, kw.get("b", "expenditure_total"), e, None if "b" in kw else scope),
                    c.cell("0" if total or rng.random() < 0.5 else "--", align="center")]
        else:
            row += [money(label, heads[1], "budget_initial", bi, scope),
                    money(label, a_head, "budget", b, scope),
                    money(label, b_head, kw.get("b", "expenditure_total"), e, None if "b" in kw else scope)]
        if total:
            row.append(c.cell(F(str(weight), "weight_budget_execution", D(weight), raw=f"分值 {weight}"), align="center"))
        else:
            row.append(c.cell("--", align="center"))
        row.append(rate_cell(b, e, label, scope))
        if total:
            s = _pts(bscore)
            row.append(c.cell(F(s, "score_budget_execution", bscore, raw=f"{label} 分值{weight} 得分{s}"), align="center"))
        else:
            row.append(c.cell("--", align="center"))
        grid1.append(row)
    duty = ("组织实施国有土地上房屋征收与补偿工作；审核征收补偿方案和补偿资金；办理征收协议备案及档案管理；"
            "协调处理征收补偿争议。") if dept.kind == HOUSE else \
        "拟订征地方案；发布征地公告；审批征地补偿安置方案；协调处理征地补偿安置争议；做好被征地农民安置保障工作。"
    grid1.append([c.cell("部门职能概述", header=True), c.cell(duty, colspan=7)] + [None] * 6)

    # goals and their completion, with figures
    target = y.households_target
    if planted == "signed_within_target" and dept.kind == HOUSE:
        target = y.households_signed - ctx.prng.randint(3, max(4, y.households_signed // 10))
    goals, done = _goals(ctx, target)
    grid1.append([c.cell("年度总体目标", rowspan=2, header=True), c.cell("年初设定目标", colspan=3, header=True, align="center"),
                  None, None, c.cell("目标完成情况", colspan=4, header=True, align="center"), None, None, None])
    grid1.append([None, c.cell(*goals, colspan=3), None, None, c.cell(*done, colspan=4), None, None, None])
    c.grid(Grid(grid1, [1.3, 1.2, 1.2, 1.2, 1.2, 0.8, 1.3, 0.8], header_rows=0, name="header"))

    # -- indicator table ----------------------------------------------------------------
    rows = _rows_house(ctx, target) if dept.kind == HOUSE else _rows_land(ctx)
    _weights(ctx, rows)
    weights_printed = [r.weight for r in rows]
    scores_printed = [r.score for r in rows]
    total_printed = sum(scores_printed) + bscore
    if planted == "score_within_weight":
        i = max(range(len(rows)), key=lambda k: rows[k].weight)
        bump = D(ctx.prng.randint(1, 3))
        delta = weights_printed[i] + bump - scores_printed[i]
        scores_printed[i] = weights_printed[i] + bump
        # other rows lose the same points, so the total still adds up
        for k in sorted(range(len(rows)), key=lambda k: -scores_printed[k]):
            if k == i or delta <= 0:
                continue
            take = min(delta, scores_printed[k] - 1)
            scores_printed[k] -= take
            delta -= take
    elif planted == "weight_sum":
        i = max(range(len(rows)), key=lambda k: rows[k].weight)
        weights_printed[i] += D(ctx.prng.choice([-3, -2, 2, 3]))
        scores_printed[i] = min(scores_printed[i], weights_printed[i])
        total_printed = sum(scores_printed) + bscore
    elif planted == "score_sum":
        total_printed = total_printed + D(ctx.prng.choice(["-3", "-2.5", "1.5", "2", "4"]))
        total_printed = min(total_printed, D(100))
        if total_printed == sum(scores_printed) + bscore:
            total_printed -= 2

    with_col0 = rng.random() < 0.6
    head = ["一级指标", "二级指标", "三级指标", "目标内容", "目标值", "完成值", "分值", "得分", "未完成原因", "改进措施"]
    widths = [0.8, 0.9, 1.2, 1.5, 1.3, 2.0, 0.5, 0.5, 1.4, 1.4]
    if with_col0:
        head = [""] + head
        widths = [0.6] + widths
    ncol = len(head)
    g2: list[list[GridCell | None]] = [[c.cell(h, header=True, align="center") for h in head]]
    indicators = []
    for k, r in enumerate(rows):
        cells: list[GridCell | None] = []
        if with_col0:
            cells.append(c.cell("年度绩效指标", rowspan=len(rows), header=True) if k == 0 else None)
        # level1 / level2 merged over their rows
        first1 = k == 0 or rows[k - 1].level1 != r.level1
        first2 = first1 or rows[k - 1].level2 != r.level2
        span1 = sum(1 for x in rows[k:] if x.level1 == r.level1) if first1 else 0
        span2 = 0
        if first2:
            for x in rows[k:]:
                if x.level1 == r.level1 and x.level2 == r.level2:
                    span2 += 1
                else:
                    break
        cells.append(c.cell(r.level1, rowspan=span1) if first1 else None)
        cells.append(c.cell(r.level2, rowspan=span2) if first2 else None)
        w, s = weights_printed[k], scores_printed[k]
        cells += [c.cell(r.level3), c.cell(r.content), c.cell(*r.target), c.cell(*r.actual),
                  c.cell(_pts(w), align="center"), c.cell(_pts(s), align="center"),
                  c.cell(r.reason), c.cell(r.improvement)]
        g2.append(cells)
        target_text = "".join(p if isinstance(p, str) else p.text for p in r.target)
        actual_text = "".join(p if isinstance(p, str) else p.text for p in r.actual)
        indicators.append({"level1": r.level1, "level2": r.level2, "level3": r.level3, "content": r.content,
                           "target": target_text, "actual": actual_text, "weight": json_number(w),
                           "score": json_number(s),
                           "reason": r.reason or None, "improvement": r.improvement or None})
    wsum = D(100) if planted == "weight_sum" else sum(weights_printed) + weight
    tp = _pts(total_printed)
    label_span = ncol - 4
    total_row: list[GridCell | None] = [c.cell("总分", colspan=label_span, header=True, align="center")]
    total_row += [None] * (label_span - 1)
    total_row += [c.cell(_pts(wsum), align="center"),
                  c.cell(F(tp, "score_total", total_printed, raw=f"总分 {_pts(wsum)} {tp}"), align="center"),
                  c.cell(""), c.cell("")]
    g2.append(total_row)
    repeat = rng.random() < 0.5
    c.grid(Grid(g2, widths, header_rows=1, repeat_header=repeat, name="indicators"))
    if rng.random() < 0.5:
        c.para(f"填表人：{rng.choice(['李', '王', '张', '刘', '陈', '周'])}某　　联系电话：0731-8{rng.randint(1000000, 9999999)}",
               style="note")

    title = f"{dept.local}{ctx.fy}年度部门整体自评表{revised}"
    model = DocModel(title=title, author=dept.local, blocks=c.blocks, landscape=True,
                     page_numbers=rng.random() < 0.5, created=timestamp(report_date, ctx.fy))
    return Built(model, c, indicators, report_date, {
        "header_columns": heads, "money_rows": [r[0] for r in money_rows],
        "first_column_merged": with_col0, "header_repeats_on_each_page": repeat})


def _goals(ctx: Ctx, target: int) -> tuple[list, list]:
    fm, y = ctx.fm, ctx.y
    if ctx.dept.kind == HOUSE:
        goals = ["目标1：全年计划征收私房", F(fm.count(target, "户").text, "households_target", D(target),
                                           raw=f"计划征收私房{target}户"),
                 "、", fact("units_target", "单位", fm.count(y.units_target, "家")),
                 "，稳步推进重点片区征收。\n目标2：及时足额拨付征收补偿资金，确保征收项目按期交地。\n"
                 "目标3：加强预算和资金管理，“三公”经费零增长。"]
        done = ["1.", fact("projects_started", "新启动征收项目", fm.count(y.projects_started, "个")), "，",
                fact("households_signed", "完成签约", fm.count(y.households_signed, "户")), "、",
                fact("units_signed", "单位", fm.count(y.units_signed, "家")), "，",
                fact("area_demolished", "拆除房屋", fm.m2(y.area_demolished)), "。\n2.",
                fact("projects_cleared", "完成", fm.count(y.projects_cleared, "个"), "项目拆除交地"), "，",
                fact("projects_settled", "", fm.count(y.projects_settled, "个"), "项目完成结算"), "。\n"
                "3.全年未发生因征收引发的群体性事件，征收工作平稳有序。"]
    else:
        planted = ctx.spec.planted
        if planted == "target_lost_wan":
            t, ts = fm.mu(y.land_target_mu / 10000, 1), fm.mu(y.land_stretch_mu / 10000, 1)
        else:
            t, ts = fm.mu(y.land_target_mu, 0), fm.mu(y.land_stretch_mu, 0)
        goals = ["目标1：", fact("land_cleared_target", "确保腾地", t), "、",
                 fact("land_cleared_target_stretch", "力争", ts), "，保障重点项目建设用地。\n"
                 "目标2：做好被征地农民社会保障和生活补助发放工作。\n目标3：依法依规推进征拆，维护征拆领域和谐稳定。"]
        done = ["1.依法推进征拆腾地，", fact("households_signed", "年度签约", fm.count(y.households_signed, "户")), "、",
                fact("buildings_demolished", "拆房", fm.count(y.buildings, "栋")), "，",
                fact("land_cleared", "腾地", fm.mu(y.land_cleared_mu)), "。\n2.",
                fact("social_security_enrolled", "新增纳入社保", fm.count(y.ss_enrolled, "人")), "，",
                fact("living_subsidy_paid", "发放生活补助", fm.wan(y.subsidy_paid)), "。\n"
                "3.全年无涉拆群体性事件，拆迁领域无腐败问题发生。"]
    return goals, done
