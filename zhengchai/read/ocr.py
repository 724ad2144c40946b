"""OCR for scanned PDFs through the Tesseract command line (Debian: tesseract-ocr-chi-sim)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from zhengchai.read.model import Page


@cache
def available() -> bool:
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "chi_sim" in langs.split()


def ocr_pdf(path: Path, page_count: int, scale: float = 3.0) -> tuple[Page, ...]:
    import pypdfium2 as pdfium

    pages = []
    doc = pdfium.PdfDocument(str(path))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for i in range(page_count):
                image = doc[i].render(scale=scale).to_pil()
                png = Path(tmp) / f"p{i}.png"
                image.save(png)
                out = subprocess.run(["tesseract", str(png), "stdout", "-l", "chi_sim", "--psm", "6"],
                                     capture_output=True, text=True, timeout=120, preexec_fn=_tied_to(os.getpid()))
                pages.append(Page(number=i + 1, text=_unspace(out.stdout)))
    finally:
        doc.close()
    return tuple(pages)


def _tied_to(parent: int):
    """Tesseract dies with the extraction child that started it, even when that child is killed
    outright (the child's deadline kills its whole process group; this covers the run's death)."""
    from zhengchai.isolate import die_with_parent

    return lambda: die_with_parent(parent)


def _unspace(text: str) -> str:
    """Tesseract puts spaces between Chinese characters; take them out, keep line breaks."""
    import re

    return re.sub(r"(?<=[\u4e00-\u9fff，。；：、（）])[ ]+|[ ]+(?=[\u4e00-\u9fff，。；：、（）])", "", text)
