from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def make_pdf(tmp_path: Path):
    """Write a small PDF with Chinese text (reportlab's built-in STSong-Light CID font)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def build(name: str, pages: list[list[str]], encrypt: str | None = None, image_only: bool = False) -> Path:
        path = tmp_path / name
        c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=1)
        for lines in pages:
            if image_only:
                from PIL import Image, ImageDraw
                from reportlab.lib.utils import ImageReader

                img = Image.new("L", (600, 300), 255)
                ImageDraw.Draw(img).rectangle([40, 40, 560, 120], outline=0, width=3)
                c.drawImage(ImageReader(img), 50, 400, width=500, height=250)
            else:
                y = 800
                for line in lines:
                    c.setFont("STSong-Light", 11)
                    c.drawString(60, y, line)
                    y -= 18
            c.showPage()
        c.save()
        return path

    return build
