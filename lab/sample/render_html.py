"""HTML rendering: the report as a page copied from a district government site.

Site chrome (banner, navigation, breadcrumb, publish line, footer with ICP numbers) surrounds
the article; the report is in <p> elements and its tables in <table> with rowspan/colspan.
"""

from __future__ import annotations

from html import escape

from .docmodel import DocModel, Grid, PageBreak, Para

NAV = ["首页", "政务公开", "政务服务", "互动交流", "走进{d}"]
CRUMB = ["首页", "政务公开", "政府信息公开目录", "财政信息", "部门绩效评价"]


def _table(g: Grid) -> str:
    out = ['<table class="MsoTableGrid" border="1" cellspacing="0" cellpadding="0" '
           'style="border-collapse:collapse;width:100%">']
    for r, row in enumerate(g.rows):
        out.append("<tr>")
        for cell in row:
            if cell is None:
                continue
            tag = "th" if (cell.header and r < g.header_rows) else "td"
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            if cell.align == "center":
                attrs += ' style="text-align:center"'
            text = "<br/>".join(escape(t) for t in cell.text.split("\n"))
            out.append(f"<{tag}{attrs}>{text}</{tag}>")
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def render_html(doc: DocModel) -> bytes:
    m = doc.html_meta
    site = m.get("site", "人民政府门户网站")
    district = m.get("district", "")
    body: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Para):
            text = escape(b.text)
            if b.style in ("title", "subtitle"):
                body.append(f'<p style="text-align:center"><strong>{text}</strong></p>')
            elif b.style in ("h1", "h2"):
                body.append(f'<p style="text-indent:2em"><strong>{text}</strong></p>')
            elif b.style == "sign":
                body.append(f'<p style="text-align:right">{text}</p>')
            else:
                body.append(f'<p style="text-indent:2em">{text}</p>')
        elif isinstance(b, Grid):
            body.append(_table(b))
        elif isinstance(b, PageBreak):
            body.append('<p style="page-break-after:always"></p>')
    nav = "".join(f'<li><a href="/{i}.html">{escape(n.format(d=district))}</a></li>' for i, n in enumerate(NAV))
    crumb = " &gt; ".join(f'<a href="/c{i}/">{escape(n)}</a>' for i, n in enumerate(CRUMB))
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="SiteName" content="{escape(site)}">
<meta name="ArticleTitle" content="{escape(doc.title)}">
<meta name="PubDate" content="{escape(m.get('pubdate_meta', ''))}">
<title>{escape(doc.title)}_{escape(site)}</title>
<link rel="stylesheet" href="/images/2019/css/article.css">
</head>
<body>
<div class="top-bar">欢迎访问{escape(site)}！今天是<span id="today"></span> <a href="/wza/">无障碍浏览</a> <a href="/en/">English</a></div>
<div class="banner"><h2>{escape(site)}</h2><form action="/search" method="get"><input name="q" placeholder="请输入关键字"><button>搜索</button></form></div>
<ul class="nav">{nav}</ul>
<div class="crumb">当前位置：{crumb}</div>
<div class="article">
<h1 class="article-title">{escape(doc.title)}</h1>
<div class="article-info">{escape(m.get('publish_line', ''))} 【字体：<a>大</a> <a>中</a> <a>小</a>】 <a href="javascript:window.print()">打印本页</a></div>
<div class="article-content TRS_Editor">
{chr(10).join(body)}
</div>
<div class="article-foot"><a href="javascript:window.close()">关闭窗口</a> <a href="#">【返回顶部】</a></div>
</div>
<div class="footer">
<p>主办：{escape(m.get('host', ''))} 承办：{escape(m.get('host', ''))}办公室</p>
<p>{escape(m.get('icp', ''))} 网站标识码：{escape(m.get('site_code', ''))}</p>
<p>【样例数据，非真实网页】</p>
</div>
</body>
</html>
"""
    return page.encode("utf-8")
