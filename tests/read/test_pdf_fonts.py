"""The substitute font the pdfium engine gives pdfium for fonts that are not embedded: a valid
font, and one that keeps a text object of a single CJK character (pdfium drops an object whose
glyph boxes have no width, which a face without the character would give it)."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from zhengchai.read import pdf_fonts, pdf_pdfium
from zhengchai.read.model import ReadOptions
from zhengchai.read.pdf import read_pdf


def test_the_substitute_font_loads_in_pdfium():
    data = pdf_fonts._font_bytes()
    doc = pdfium.PdfDocument.new()
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    assert pdfium_c.FPDFText_LoadFont(doc, buffer, len(data), pdfium_c.FPDF_FONT_TRUETYPE, False)


def test_a_lone_character_in_a_font_that_is_not_embedded_is_read(tmp_path: Path):
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # ReportLab does not embed it
    path = tmp_path / "lone.pdf"
    page = canvas.Canvas(str(path))
    page.setFont("STSong-Light", 12)
    page.drawString(72, 700, "安置房建设进度较计划有所滞后，")
    page.drawString(72, 684, "主要原因是拆迁户签约进度")
    page.drawString(72, 668, "慢")  # a wrapped line of one character: a text object of its own
    page.save()
    pages = pdf_pdfium.read_pages(path, 10)  # the engine itself, without its fallback
    reference, _ = read_pdf(path, ReadOptions(pdf_engine="pdfplumber"))
    assert pages[0].text.endswith("慢")
    assert pages[0].text == reference[0].text
