import math

import pytest

from zhengchai.extract.numbers import cn_to_int, cn_year, find_quantities, normalize, parse_cell_number


def one(text: str):
    found = find_quantities(normalize(text))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("预算批复2753.65万元", 27_536_500, "money"),
        ("解控拨付资金4.36亿元", 436_000_000, "money"),
        ("固定资产共计426898.02元", 426_898.02, "money"),
        ("预算40万", 400_000, "money"),
        ("支出31,330.34万元", 313_303_400, "money"),
        ("收入５０６３．６８萬元", 50_636_800, "money"),
        ("面积4.3万平方米", 43_000, "area"),
        ("面积86806 平方米", 86_806, "area"),
        ("面积3000㎡", 3000, "area"),
        ("腾地11876.45亩", 11876.45 * 2000 / 3, "area"),
        ("征地12.5公顷", 125_000, "area"),
        ("拆除2.1万方", 21_000, "area"),
        ("签约1326户", 1326, "household"),
        ("单位14家", 14, "unit"),
        ("动迁4252人", 4252, "person"),
        ("拆房1201栋", 1201, "building"),
        ("签约率87％", 87, "percent"),
        ("增长 65.1%", 65.1, "percent"),
        ("新启动项目四个", 4, "count"),
    ],
)
def test_values_in_canonical_units(text, value, kind):
    q = one(text)
    assert q.unit.kind == kind
    assert math.isclose(q.value, value, rel_tol=1e-9, abs_tol=0.01)


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [("约4.3万平方米", "约"), ("近500户", "近"), ("17720余户", "余"), ("2000多户", "多"), ("不少于300亩", "不少于"),
     ("1000亩以上", "不少于"), ("签约306户", None)],
)
def test_hedges_become_qualifiers(text, qualifier):
    assert one(text).qualifier == qualifier


def test_money_has_no_float_noise():
    assert one("约4.36亿元").value == 436_000_000
    assert one("18.13亿元").value == 1_813_000_000


def test_words_that_only_look_like_units_are_not_figures():
    assert find_quantities(normalize("制定实施方案，第一批")) == []
    assert [q.unit.kind for q in find_quantities("2021年12月31日")] == ["year", "other", "other"]


def test_chinese_numerals():
    assert cn_to_int("一百零五") == 105
    assert cn_to_int("十二") == 12
    assert cn_to_int("两") == 2
    assert cn_year("二〇二一") == 2021
    assert cn_year("二一八") == 2018  # the 〇 lost in extraction


def test_table_cells():
    assert parse_cell_number("820") == 820
    assert parse_cell_number(" 851.92\n") == 851.92
    assert parse_cell_number("104.00%") == 104.0
    assert parse_cell_number("1,234.5") == 1234.5
    assert parse_cell_number("--") is None
    assert parse_cell_number(None) is None


def test_table_cell_with_spilled_punctuation():
    assert parse_cell_number("）\n5") == 5
    assert parse_cell_number("（二期）") is None


def test_space_as_thousands_separator():
    assert one("本年收入 4 268.55 万元").value == 42_685_500
    assert one("涉及住宅 1 862 户").value == 1862
    assert one("2021 年度").unit.kind == "year"  # a year and its unit, not a grouped number
