"""The raw/<district>/<year>/ folder as a fallback for a text that names neither, marked as such."""

from zhengchai.extract import extract_document
from zhengchai.extract.path_hints import path_hints, with_path_fallback
from zhengchai.read.model import Document, Page

TEXT = "今年以来，我办全面推进房屋征收工作，签订征收补偿协议86户，完成拆迁面积1.2万平方米。"


def extraction(text: str):
    return extract_document(Document(source="x.txt", sha256="0" * 64, format="txt", pages=(Page(None, text),)),
                            this_year=2026)


def test_hints_only_from_real_districts_and_years():
    assert path_hints("芙蓉区/2021/report.pdf").district == "芙蓉区"
    assert path_hints("芙蓉区/2021/report.pdf").fiscal_year == 2021
    assert path_hints("inbox/misc/report.pdf") == path_hints("report.pdf")
    assert path_hints("某某区/20xx/report.pdf").district is None


def test_a_text_naming_neither_takes_the_folder_and_says_so():
    x = extraction(TEXT)
    assert x.document.district is None and x.document.fiscal_year is None and not x.ok
    y = with_path_fallback(x, "芙蓉区/2021/report.txt")
    assert (y.document.district, y.document.district_source) == ("芙蓉区", "path")
    assert (y.document.fiscal_year, y.document.fiscal_year_source) == (2021, "path")
    assert y.ok and any(p.code == "identified_from_path" for p in y.problems)


def test_what_the_text_says_wins_over_the_folder():
    x = extraction("2020年，天心区" + TEXT)
    y = with_path_fallback(x, "芙蓉区/2021/report.txt")
    assert (y.document.district, y.document.district_source) == ("天心区", "text")
    assert (y.document.fiscal_year, y.document.fiscal_year_source) == (2020, "text")
