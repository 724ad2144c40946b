"""A hostile drop zone, for tests and drills: files made to hurt a reader or to lead it out of raw/.

    python -m lab.hostile RAW OUTSIDE

writes the cases into RAW (and decoys, which nothing may ever read, into OUTSIDE) and returns what
each case is. Every file is small on disk; what makes it hostile is what it becomes when read.
"""

from __future__ import annotations

import os
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

DECOY_MARKER = "DECOY-7f3a-must-never-be-read"  # in every file outside raw/; never in the warehouse

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/{part}" ContentType="{type}"/></Types>')
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="{part}"/></Relationships>')
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@dataclass(frozen=True)
class Case:
    path: str  # relative to raw/, as the warehouse shows it (undecodable bytes as \xNN)
    what: str
    loads: bool = False  # a hostile name or place around a good report: it must load


def _docx(path: Path, document_xml: bytes | None = None, stream=None) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(part="word/document.xml", type=DOCX_TYPE))
        z.writestr("_rels/.rels", RELS.format(part="word/document.xml"))
        if stream is None:
            z.writestr("word/document.xml", document_xml)
        else:
            with z.open("word/document.xml", "w", force_zip64=True) as f:
                stream(f)


def _xlsx_laughs(path: Path) -> None:
    sheet = _laughs(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>',
                    b"worksheet")
    workbook = (b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://'
                b'schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" '
                b'r:id="rId1"/></sheets></workbook>')
    workbook_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                     'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                     'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(part="xl/workbook.xml", type=XLSX_TYPE))
        z.writestr("_rels/.rels", RELS.format(part="xl/workbook.xml"))
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        z.writestr("xl/worksheets/sheet1.xml", sheet)


def _laughs(body: bytes, root: bytes) -> bytes:
    """The billion laughs: ten entities, each ten of the one before (10^9 'lol's from under 1 KB)."""
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"".join(b"&lol%d;" % (i - 1) for _ in range(10))) for i in range(1, 10))
    return b'<?xml version="1.0"?><!DOCTYPE ' + root + b" [" + entities + b"]>" + body


def _zip_bomb(f) -> None:
    """A document.xml of 1 GiB of one paragraph's text: ~1 MB compressed."""
    f.write(f"<w:document {W}><w:body><w:p><w:r><w:t>".encode())
    block = b"\xe9\xa2\x84" * (1 << 20)  # 预, 3 MiB a block
    for _ in range(341):
        f.write(block)
    f.write(b"</w:t></w:r></w:p></w:body></w:document>")


def _cycle_pdf() -> bytes:
    """A page tree whose Kids point back at itself, and a Length that refers to its own object."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length 4 0 R >>\nstream\nBT /F1 12 Tf 72 720 Td (x) Tj ET\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _deep_html(depth: int = 100_000) -> bytes:
    return b"<html><body>" + b"<div>" * depth + "征收".encode() + b"</div>" * depth + b"</body></html>"


def write_outside(outside: Path) -> dict[str, Path]:
    """Decoys outside raw/: a secret and a report, each carrying DECOY_MARKER."""
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "dir").mkdir(exist_ok=True)
    secret = outside / "secret.txt"
    secret.write_text(f"{DECOY_MARKER} password=hunter2\n", encoding="utf-8")
    report = outside / "report-outside.txt"
    report.write_text(f"某区房屋征收办公室2021年度部门整体支出绩效自评报告 {DECOY_MARKER}\n全年预算数为900万元。\n",
                      encoding="utf-8")
    return {"secret": secret, "report": report, "dir": outside / "dir"}


def write_hostile(raw: Path, outside: Path, good_report: bytes, huge_bytes: int = 40 << 20) -> list[Case]:
    """The hostile cases in raw/hostile/ beside whatever raw/ holds. good_report: the bytes of a real
    report, for the cases whose name or place is the hostile part."""
    decoys = write_outside(outside)
    h = raw / "hostile"
    h.mkdir(parents=True, exist_ok=True)
    cases = []

    def add(name: str, what: str, loads: bool = False) -> None:
        cases.append(Case(f"hostile/{name}", what, loads))

    _docx(h / "zip-bomb.docx", stream=_zip_bomb)
    add("zip-bomb.docx", "a DOCX whose text inflates to 1 GiB")
    _docx(h / "laughs.docx", _laughs(f"<w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body>"
                                     f"</w:document>".encode(), b"w:document"))
    add("laughs.docx", "billion laughs in a DOCX")
    _xlsx_laughs(h / "laughs.xlsx")
    add("laughs.xlsx", "billion laughs in an XLSX")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{decoys["secret"]}">]>'
           f"<w:document {W}><w:body><w:p><w:r><w:t>房屋征收 &xxe;</w:t></w:r></w:p></w:body></w:document>")
    _docx(h / "xxe.docx", xxe.encode())
    add("xxe.docx", "an external entity pointing at a file outside raw/")
    (h / "cycle.pdf").write_bytes(_cycle_pdf())
    add("cycle.pdf", "a PDF whose page tree refers to itself")
    (h / "deep.html").write_bytes(_deep_html())
    add("deep.html", "HTML nested 100,000 tags deep")
    with open(h / "huge.txt", "wb") as f:
        line = "全年预算数为300万元，实际支出280万元。\n".encode()
        f.write(line * (huge_bytes // len(line) + 1))
    add("huge.txt", f"{huge_bytes >> 20} MiB of text")
    with open(h / "sparse.pdf", "wb") as f:
        f.truncate(8 << 30)
    add("sparse.pdf", "a sparse file of 8 GiB apparent size")
    (h / os.fsdecode(b"\xb1\xa8\xb8\xe6-gbk-name.txt")).write_bytes(good_report)
    add("\\xb1\\xa8\\xb8\\xe6-gbk-name.txt", "a good report under a name that is not UTF-8", loads=True)
    locked = h / "locked.txt"
    locked.write_text("无权读取的文件。\n", encoding="utf-8")
    os.chmod(locked, 0)
    add("locked.txt", "no read permission (chmod 000; root reads it anyway)")
    os.symlink(decoys["secret"], h / "passwd-link.txt")
    add("passwd-link.txt", "a link to a secret outside raw/")
    os.symlink(decoys["report"], h / "report-link.txt")
    add("report-link.txt", "a link to a report outside raw/")
    os.symlink(decoys["dir"], h / "dir-link")
    add("dir-link", "a link to a directory outside raw/")
    os.symlink(h / "gone.pdf", h / "dangling.pdf")
    add("dangling.pdf", "a link to nothing")
    os.symlink(h / "zip-bomb.docx", h / "zz-inside-link.docx")
    add("zz-inside-link.docx", "a link to a file inside raw/ (followed: the same content, a duplicate)")
    os.mkfifo(h / "fifo.pdf")
    add("fifo.pdf", "a FIFO that would block a reader forever")
    (h / "..\\..\\etc\\passwd.html").write_text("<html>trick</html>", encoding="utf-8")
    add("..\\..\\etc\\passwd.html", "a hidden name made to look like a way out of raw/")
    return cases


if __name__ == "__main__":
    raw_dir, outside_dir = Path(sys.argv[1]), Path(sys.argv[2])
    for case in write_hostile(raw_dir, outside_dir, "某区房屋征收办公室2021年度部门整体支出绩效自评报告。\n".encode()):
        print(f"{case.path}: {case.what}")
