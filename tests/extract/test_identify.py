"""Who, where and when, from the text alone (the tests write their own reports)."""

from zhengchai.extract import extract_document
from zhengchai.extract.identify import find_fiscal_year, find_report_date
from zhengchai.read.model import Document, Page


def info(text: str):
    doc = Document(source="x.txt", sha256="0" * 64, format="txt", pages=(Page(None, text),))
    return extract_document(doc, this_year=2026).document


BODY = "全年预算数为500万元，实际支出480万元。"


def test_full_name_in_the_body_wins_over_a_short_title():
    d = info(f"区征收办\n2021年度部门整体支出绩效自评报告\n长沙市雨花区房屋征收和补偿管理办公室（以下简称“区征收办”）{BODY}")
    assert (d.district, d.city, d.department) == ("雨花区", "长沙市", "长沙市雨花区房屋征收和补偿管理办公室")
    assert d.department_kind == "house_expropriation" and d.fiscal_year == 2021


def test_government_infix_and_land_kind():
    d = info(f"开福区人民政府征地办公室\n2019年度部门整体支出绩效自评报告\n{BODY}")
    assert d.department == "开福区人民政府征地办公室" and d.department_kind == "land_acquisition"
    assert d.city == "长沙市"  # the city is known from the gazetteer, not added to the name as printed


def test_two_character_county_names():
    """A county of two characters is a name at the start of a line or after punctuation; inside a
    phrase (各区和县) it is not. A prefecture-level city is never a district (伊春市 has a 伊春区)."""
    d = info(f"盂县房屋征收办公室\n2020年度部门整体支出绩效自评报告\n{BODY}")
    assert (d.district, d.city, d.department) == ("盂县", "阳泉市", "盂县房屋征收办公室")
    d = info(f"某某市征地服务中心\n2020年度部门整体支出绩效自评报告\n全市各区和县开展征地工作。{BODY}")
    assert d.district != "和县"
    d = info(f"西林区征地服务中心\n2020年度部门整体支出绩效自评报告\n伊春市西林区征地服务中心负责全区征地。{BODY}")
    assert (d.district, d.city) == ("西林区", "伊春市")


def test_autonomous_county_short_name():
    d = info(f"酉阳县征地拆迁事务中心\n部门整体支出绩效自评报告（2018年度）\n{BODY}")
    assert (d.district, d.city, d.district_code) == ("酉阳土家族苗族自治县", "重庆市", "500242")
    assert d.fiscal_year == 2018


def test_year_only_in_the_signature_date_of_the_next_year():
    d = info(f"长沙县房屋征收办公室\n部门整体支出绩效自评报告\n{BODY}\n长沙县房屋征收办公室\n二〇二一年三月五日")
    assert d.fiscal_year == 2020 and d.report_date == "2021-03-05"


def test_year_without_niandu_and_chinese_numerals():
    assert find_fiscal_year("2018绩效评价自评报告", "", None) == 2018
    assert find_fiscal_year("二〇二一年度部门整体支出绩效自评报告", "", None) == 2021
    assert find_fiscal_year("二一八年度部门整体支出绩效自评报告", "", None) == 2018


def test_fused_publication_date():
    assert find_report_date("……\n公开时间:2022916") == "2022-09-16"


def test_a_district_outside_the_gazetteer_still_loads():
    d = info(f"某某市新城区房屋征收办公室\n2022年度部门整体支出绩效自评报告\n{BODY}")
    assert d.district == "新城区" and d.city == "某某市" and d.district_code is None
