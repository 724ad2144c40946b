"""Plain-text rendering: what a text export of the report looks like.

Paragraphs one per line; table rows as tab-separated cells, a merged cell empty after the
first row it covers. Some exports are GBK with CRLF line ends (DocModel.encoding).
"""

from __future__ import annotations

from .docmodel import DocModel, Grid, PageBreak, Para


def render_txt(doc: DocModel) -> bytes:
    lines: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Para):
            lines.append(b.text)
            if b.style in ("title", "subtitle"):
                lines.append("")
        elif isinstance(b, Grid):
            lines.append("")
            for row in b.text_matrix():
                lines.append("\t".join((c or "").replace("\n", " ") for c in row).rstrip("\t"))
            lines.append("")
        elif isinstance(b, PageBreak):
            lines.append("\f")
    if doc.encoding.lower() in ("gbk", "gb18030", "gb2312"):
        return ("\r\n".join(lines) + "\r\n").encode(doc.encoding)
    return ("\n".join(lines) + "\n").encode("utf-8")
