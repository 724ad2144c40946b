"""Sentence rules, one test per pitfall and per sentence shape. The sentences are written for
these tests in the styles PHRASING.md describes; none is copied from a real report."""

from zhengchai.extract.narrative import Context, facts_in, scope_repeats
from zhengchai.extract.segment import sentences_of
from zhengchai.read.model import Page


def facts(text: str, fiscal_year: int = 2022):
    ctx = Context(fiscal_year=fiscal_year)
    sentences = list(sentences_of([Page(number=1, text=text)]))
    found = [f for s in sentences for f in facts_in(s, ctx)]
    return scope_repeats(found, {s.text.strip(): s for s in sentences})


def table(text: str, fiscal_year: int = 2022) -> set[tuple]:
    return {(f.measure, round(f.value, 2), f.scope) for f in facts(text, fiscal_year)}


def test_money_sentence_with_breakdown():
    got = table("本部门全年预算数为1,520.30万元，实际支出1480.5万元，其中基本支出380.5万元，项目支出1100万元；"
                "年初结转和结余12万元，年末结转和结余51.8万元。")
    assert got == {
        ("budget", 15_203_000, None), ("expenditure_total", 14_805_000, None),
        ("expenditure_basic", 3_805_000, None), ("expenditure_project", 11_000_000, None),
        ("balance_carried_in", 120_000, None), ("balance_carried_out", 518_000, None),
    }


def test_qizhong_parts_inherit_the_measure_and_take_their_label_as_scope():
    got = table("项目支出900万元，其中：①城乡社区支出850万元；②一般公共服务支出50万元。")
    assert ("expenditure_project", 8_500_000, "城乡社区支出") in got
    assert ("expenditure_project", 500_000, "一般公共服务支出") in got
    assert ("expenditure_project", 9_000_000, None) in got


def test_personnel_and_running_costs_are_parts_of_basic_spending():
    got = table("基本支出300万元，其中人员经费260万元，公用经费40万元。")
    assert ("expenditure_basic", 2_600_000, "人员经费") in got
    assert ("expenditure_basic", 400_000, "公用经费") in got


def test_comparison_with_last_year_is_not_this_years_figure():
    got = table("实际支出800万元，较上年增加120万元，增长17.6%。上年支出680万元。")
    assert got == {("expenditure_total", 8_000_000, None)}


def test_other_year_in_the_clause_is_not_this_year():
    got = table("2021年签约420户，2022年签约510户。", fiscal_year=2022)
    assert got == {("households_signed", 510, None)}


def test_new_built_housing_blocks_are_not_demolished_buildings():
    assert table("建成安置房21栋共1495套，拆除房屋35栋。") == {("buildings_demolished", 35, None)}


def test_graves_temples_and_schools_are_not_households():
    got = table("完成迁坟312座，搬迁寺庙2处，签约农户88户。")
    assert got == {("households_signed", 88, None)}


def test_printed_rate_is_kept_as_printed():
    got = table("征收范围内共有住户400户，已签约372户，签约率达92.36%。")
    assert ("signing_rate", 92.36, None) in got
    assert ("households_target", 400, None) in got
    assert ("households_signed", 372, None) in got


def test_number_first_with_target_in_the_same_sentence():
    got = table("645户已签订协议，占总任务652户的98.93%。")
    assert ("households_signed", 645, None) in got
    assert ("households_target", 652, None) in got


def test_organisations_follow_the_stance_of_the_clause_before():
    got = table("需拆迁住户120户、企业6家；目前已签约住户100户，企业4家。")
    assert got == {("households_target", 120, None), ("units_target", 6, None),
                   ("households_signed", 100, None), ("units_signed", 4, None)}


def test_per_project_figures_take_the_project_as_scope():
    got = table("湘江路棚改项目（一期）已签约住户58户，签约率90%；东站片区项目已签约31户。")
    assert ("households_signed", 58, "湘江路棚改项目（一期）") in got
    assert ("signing_rate", 90, "湘江路棚改项目（一期）") in got
    assert ("households_signed", 31, "东站片区项目") in got


def test_unit_prices_are_not_amounts():
    assert table("团购房均价5200元/平方米，补贴标准为6万元/人。") == set()


def test_land_targets_sure_and_stretch():
    got = table("确保全年腾地达5000亩、力争达6000亩，实际完成腾地6120.5亩。")
    assert ("land_cleared_target", round(5000 * 2000 / 3, 2), None) in got
    assert ("land_cleared_target_stretch", 4_000_000, None) in got
    assert ("land_cleared", round(6120.5 * 2000 / 3, 2), None) in got


def test_pending_work_is_not_a_result():
    got = table("尚有12户未签约，另有约3000名被征地农民亟待办理参保手续。")
    assert got == set()


def test_plans_for_next_year_are_skipped():
    text = "五、下一步工作计划\n明年计划新启动征收项目6个，签约800户。"
    assert table(text) == set()


def test_hundred_million_total_with_ten_thousand_parts():
    got = table("全年共拨付征收补偿资金约2.15亿元，其中货币补偿1.6亿元，安置补助5500万元。")
    assert ("compensation_paid", 215_000_000, None) in got


def test_households_paired_with_area():
    # households moved out (拆迁…户) have no measure; completed 征迁 counts them as signed (real/README 9)
    assert table("全年完成拆迁42户/7316.5平方米。") == {("area_demolished", 7316.5, None)}
    got = table("全年完成房屋征迁42户/7316.5平方米。")
    assert got == {("households_signed", 42, None), ("area_scope", 7316.5, None)}


def test_sangong_budget_and_actual():
    got = table("“三公”经费预算为12万元，实际支出9.6万元，完成预算的80%。")
    assert ("sangong_budget", 120_000, None) in got
    assert ("sangong_actual", 96_000, None) in got
    assert not any(m == "expenditure_total" for m, _, _ in got)


def test_verb_first_and_number_first_signing():
    got = table("全年协议签订412户；另已与67户签订拆迁协议。")
    assert ("households_signed", 412, None) in got
    assert ("households_signed", 67, "其他") in got or ("households_signed", 67, None) in got


def test_total_then_signed_then_rate():
    got = table("项目征收范围内总数1,208户中，已完成签约1,150户，签约率达95.2％。")
    assert got == {("households_target", 1208, None), ("households_signed", 1150, None), ("signing_rate", 95.2, None)}


def test_households_run_together_with_area():
    assert table("全年完成拆迁1126户15.37万平方米。") == {("area_demolished", 153_700, None)}
    got = table("全年完成房屋征收1126户15.37万平方米。")
    assert got == {("households_signed", 1126, None), ("area_scope", 153_700, None)}


def test_spending_rate_and_traditional_units():
    got = table("目前已支出356.2萬元，资金使用率为100%。")
    assert got == {("expenditure_total", 3_562_000, None), ("execution_rate", 100, None)}


def test_share_of_spending_is_not_a_rate():
    got = table("其中：基本支出120万元，占25%；项目支出360万元，占75%。")
    assert got == {("expenditure_basic", 1_200_000, None), ("expenditure_project", 3_600_000, None)}


def test_zero_items_in_a_spending_list_are_parts():
    got = table("本年支出合计480万元，其中：基本支出120万元，项目支出360万元，上缴上级支出0万元，经营支出0万元。")
    assert ("expenditure_total", 0, "上缴上级支出") in got
    assert ("expenditure_total", 0, "经营支出") in got


def test_organisations_counted_as_enterprises():
    got = table("完成签约住户60户、企业1户。")
    assert got == {("households_signed", 60, None), ("units_signed", 1, None)}


def test_land_cleared_wordings():
    assert ("land_cleared", 200_000, None) in table("全年清场交地300亩。")
    assert ("land_cleared", 30_000, None) in table("完成征地拆迁项目交房交地3公顷。")


def test_list_parts_take_the_measure_of_the_total_they_add_up_to():
    """The budget is named last, but the items add up to the spending."""
    got = table("“三公”经费支出合计2.53万元，完成预算的84.33%（预算3.00万元）。"
                "其中：①公务用车运行费2.35万元；②公务接待费0.18万元。")
    assert ("sangong_actual", 23_500, "公务用车运行费") in got
    assert ("sangong_actual", 1_800, "公务接待费") in got
    assert not any(m == "sangong_budget" and scope for m, _, scope in got)


def test_a_list_announced_by_an_fen_wei_names_its_parent():
    got = table("全年项目支出2,300万元，项目支出按项目分为：（1）棚户区改造补偿支出1,800万元；"
                "（2）老旧小区配套拆迁项目300万元；（3）征收工作经费200万元。")
    assert {("expenditure_project", 3_000_000.0, "老旧小区配套拆迁项目"),
            ("expenditure_project", 2_000_000.0, "征收工作经费")} <= got
