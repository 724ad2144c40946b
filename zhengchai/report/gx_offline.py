"""Great Expectations' Data Docs without the internet.

GX writes pages that pull Bootstrap, jQuery and Vega from CDNs and a logo (with the context's id)
from S3. Government intranets have no internet, and the pages must not call out: every remote
stylesheet, script and image is removed, with the scripts that need them, and each page gets a
banner pointing to the report's quality page, which shows the same outcomes offline in Chinese.
The tables GX renders are plain HTML and stay readable.
"""

from __future__ import annotations

import os
from pathlib import Path

from bs4 import BeautifulSoup

REMOTE = ("http://", "https://", "//")
MARK = "zhengchai-offline"
STYLE = ("body{font-family:sans-serif;margin:0 16px}table{border-collapse:collapse}"
         "td,th{border:1px solid #ccc;padding:2px 6px}.zhengchai-offline{background:#fff4d6;padding:8px;"
         "margin:8px 0;border:1px solid #e0c060}")


def make_offline(data_docs: Path, quality_page: Path | None) -> int:
    """Rewrite every Data Docs page under `data_docs` in place. Returns pages rewritten."""
    count = 0
    for page in sorted(Path(data_docs).rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if MARK in html:
            continue
        page.write_text(offline_html(html, _relative(quality_page, page)), encoding="utf-8")
        count += 1
    return count


def _relative(target: Path | None, page: Path) -> str | None:
    return os.path.relpath(target, page.parent) if target else None


def offline_html(html: str, quality_link: str | None) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["script", "link", "img", "iframe"]):
        url = tag.get("src") or tag.get("href") or ""
        # inline scripts drive the CDN libraries removed here (jQuery, Bootstrap, Vega)
        # …and GX's favicon link points to a folder it does not write
        if tag.name == "script" or url.startswith(REMOTE) or "icon" in (tag.get("rel") or []):
            tag.decompose()
    for anchor in soup.find_all("a", href=True):
        if anchor["href"].startswith(REMOTE):
            anchor["rel"] = "noreferrer"
    head = soup.head or soup
    style = soup.new_tag("style")
    style.string = STYLE
    head.append(style)
    banner = soup.new_tag("div", attrs={"class": MARK})
    banner.string = "离线版本：样式与交互脚本已移除（它们需要互联网）。"
    if quality_link:
        link = soup.new_tag("a", href=quality_link)
        link.string = "在报告的“数据质量”页查看同样的校验结果 →"
        banner.append(link)
    (soup.body or soup).insert(0, banner)
    return str(soup)
