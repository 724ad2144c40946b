"""Every reader on a file of its format, and every way a file can be bad."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from zhengchai.extract import extract_document
from zhengchai.read import read_document
from zhengchai.read.model import Page
from zhengchai.read.pdf import _check_text_layer

REPORT_LINES = [
    "长沙市雨花区房屋征收办公室",
    "2022年度部门整体支出绩效自评报告",
    "本办2022年全年预算数为680万元，实际支出650.5万元。",
    "全年签约住户215户。",
]


def codes(doc) -> list[str]:
    return [p.code for p in doc.problems]


def test_pdf_text_and_pages(make_pdf):
    path = make_pdf("r.pdf", [REPORT_LINES[:2], REPORT_LINES[2:]])
    doc = read_document(path)
    assert doc.format == "pdf" and doc.page_count == 2 and not doc.problems
    assert "680万元" in doc.pages[1].text
    x = extract_document(doc)
    budget = [f for f in x.facts if f.measure == "budget"]
    assert budget[0].value == 6_800_000 and budget[0].page == 2


def test_docx_paragraphs_and_merged_cells(tmp_path: Path):
    d = docx.Document()
    for line in REPORT_LINES:
        d.add_paragraph(line)
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "资金情况"
    t.cell(0, 1).text, t.cell(0, 2).text = "全年预算数", "全年执行数"
    t.cell(1, 1).text, t.cell(1, 2).text = "680", "650.5"
    path = tmp_path / "r.docx"
    d.save(path)
    doc = read_document(path)
    assert doc.format == "docx" and doc.page_count is None
    rows = doc.pages[0].tables[0].rows
    assert rows[0][0] == "资金情况" and rows[1][0] is None  # the merged cell below is None
    assert "215户" in doc.pages[0].text


def test_xlsx_merged_ranges_are_none(tmp_path: Path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["部门整体自评表", None, None])
    ws.append(["资金情况(万元)", "全年预算数(A)", "执行率"])
    ws.append([None, 820, 1.04])
    ws["C3"].number_format = "0.00%"
    ws.merge_cells("A2:A3")
    path = tmp_path / "form.xlsx"
    wb.save(path)
    doc = read_document(path)
    rows = doc.pages[0].tables[0].rows
    assert rows[2][0] is None and rows[2][1] == "820" and rows[2][2] == "104.00%"


def test_html_without_page_chrome(tmp_path: Path):
    body = "".join(f"<p>{line}</p>" for line in REPORT_LINES)
    html = (f"<html><head><meta charset='utf-8'><script>var x=1;</script></head><body>"
            f"<div class='nav'>首页 | 政务公开 | 联系我们</div><div class='article'>{body}"
            f"<table><tr><td rowspan='2'>资金</td><td>预算</td></tr><tr><td>680</td></tr></table></div>"
            f"<div class='footer'>版权所有 2023年</div></body></html>")
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "html"
    text = doc.pages[0].text
    assert "680万元" in text and "首页" not in text and "版权所有" not in text and "var x" not in text
    assert doc.pages[0].tables[0].rows[1][0] is None


def test_text_in_gbk_with_tab_table(tmp_path: Path):
    path = tmp_path / "report.txt"
    content = "\n".join(REPORT_LINES) + "\n一级指标\t二级指标\t分值\t得分\n产出指标\t数量指标\t20\t19\n"
    path.write_bytes(content.encode("gb18030"))
    doc = read_document(path)
    assert doc.format == "txt" and "215户" in doc.pages[0].text
    assert doc.pages[0].tables[0].rows[1] == ("产出指标", "数量指标", "20", "19")


def test_format_comes_from_content_not_name(make_pdf, tmp_path: Path):
    pdf = make_pdf("r.pdf", [REPORT_LINES])
    misnamed = tmp_path / "report.docx"
    misnamed.write_bytes(pdf.read_bytes())
    doc = read_document(misnamed)
    assert doc.format == "pdf" and "wrong_extension" in codes(doc)
    assert extract_document(doc).facts


@pytest.mark.parametrize(("content", "code"), [(b"", "empty"), (b"   \n", "empty"),
                                               (b"%PDF-1.4\n1 0 obj <<", "corrupt"),
                                               (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "unsupported_format")])
def test_bad_files_get_a_reason(tmp_path: Path, content: bytes, code: str):
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    doc = read_document(path)
    assert code in codes(doc) and doc.problems[-1].severity == "error"


def test_truncated_pdf(make_pdf):
    path = make_pdf("r.pdf", [REPORT_LINES])
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 3])
    doc = read_document(path)
    assert doc.problems and doc.problems[-1].severity == "error"
    assert doc.problems[-1].code in ("corrupt", "no_text_layer", "empty")


def test_broken_zip_named_docx(tmp_path: Path):
    path = tmp_path / "r.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<not-xml")
    assert codes(read_document(path))[-1] == "corrupt"


def test_encrypted_pdf(make_pdf):
    doc = read_document(make_pdf("secret.pdf", [REPORT_LINES], encrypt="s3cret"))
    assert codes(doc) == ["encrypted"]


def test_scanned_pdf_has_a_clear_problem(make_pdf):
    from zhengchai.read import ocr

    doc = read_document(make_pdf("scan.pdf", [[]], image_only=True))
    assert codes(doc) == ["no_text_layer"]
    if not ocr.available():
        assert "Tesseract" in doc.problems[0].message


def test_garbled_text_layer_is_an_error():
    pages = (Page(1, "(cid:1234)(cid:2345)(cid:99)" * 30),)
    with pytest.raises(Exception) as e:
        _check_text_layer(Path("/nonexistent.pdf"), pages)
    assert e.value.code == "garbled_text"


def test_a_file_that_is_not_a_report(tmp_path: Path):
    path = tmp_path / "notice.txt"
    path.write_text("关于召开2023年春季运动会的通知\n请各科室于4月10日前报名。", encoding="utf-8")
    x = extract_document(read_document(path))
    assert [p.code for p in x.problems] == ["not_a_report"] and not x.facts


def test_a_report_with_no_year(tmp_path: Path):
    path = tmp_path / "r.txt"
    path.write_text("长沙市雨花区房屋征收办公室\n部门整体支出绩效自评报告\n全年预算数为680万元，实际支出650.5万元。",
                    encoding="utf-8")
    x = extract_document(read_document(path))
    assert "no_fiscal_year" in [p.code for p in x.problems] and not x.ok


CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # Debian: fonts-wqy-microhei


def test_scanned_pdf_is_read_by_ocr_when_tesseract_is_installed(tmp_path: Path):
    from zhengchai.read import ocr

    if not ocr.available() or not CJK_FONT.exists():
        pytest.skip("needs tesseract-ocr-chi-sim and fonts-wqy-microhei (make ocr)")
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    font = ImageFont.truetype(str(CJK_FONT), 40)
    img = Image.new("L", (1700, 500), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(REPORT_LINES):
        draw.text((40, 40 + i * 100), line, font=font, fill=0)
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.drawImage(ImageReader(img), 20, 400, width=560, height=165)
    c.showPage()
    c.save()
    doc = read_document(path)
    assert codes(doc) == ["ocr"] and doc.problems[0].severity == "warning"
    x = extract_document(doc)
    assert x.document.district == "雨花区" and x.document.fiscal_year == 2022
    assert {(f.measure, f.value) for f in x.facts} >= {("budget", 6_800_000), ("households_signed", 215)}


def test_text_tables_survive_page_breaks_and_cells_wrapped_in_place(tmp_path: Path):
    """A form feed starts a page; a row of a few words under filled cells finishes those cells."""
    path = tmp_path / "form.txt"
    path.write_text("某县征收办2021年度部门整体支出绩效自评表\n"
                    "一级指标\t二级指标\t三级指标\t分值\t得分\n"
                    "产出指标\t数量指标\t征收户数\t15\t14\n"
                    "\f满意度指标\t服务对象满意度\t被征收户\t15\t13\n"
                    "\t指标\t满意度\t\t\n", encoding="utf-8")
    doc = read_document(path)
    assert [p.number for p in doc.pages] == [1, 2]
    assert doc.pages[0].tables[0].rows[1] == ("产出指标", "数量指标", "征收户数", "15", "14")
    assert doc.pages[1].tables[0].page == 2
    assert doc.pages[1].tables[0].rows == (("满意度指标", "服务对象满意度指标", "被征收户满意度", "15", "13"),)


def test_hard_wrapped_text_export_is_rejoined(tmp_path: Path):
    """A PDF's text saved with a line break every 38 characters, even inside a number (3,592 / .61)."""
    paragraph = ("（一）机构和人员。某区征收补偿事务中心为区政府直属事业单位，内设综合部、征收一部、征收二部、财务部4个部门。"
                 "核定编制30名，在编人员24人。全年财政拨款收入3,640.30万元，年初结转结余44.20万元。全年实际支出3,592.61万元"
                 "（基本支出736.05万元，项目支出2,856.56万元），年末结转结余91.89万元，执行率97.51%。")
    wrapped = [paragraph[i:i + 38] for i in range(0, len(paragraph), 38)]
    assert "全年实际支出3,592" in wrapped[2] and wrapped[3].startswith(".61万元")
    path = tmp_path / "export.txt"
    path.write_text("\n".join(["某区征收补偿事务中心2017年度部门整体支出绩效自评报告", "一、部门概况", *wrapped,
                               "二、绩效目标完成情况"]) + "\n", encoding="utf-8")
    text = read_document(path).pages[0].text
    assert paragraph in text
    assert "\n二、绩效目标完成情况" in text  # a new item is not glued to the line before
