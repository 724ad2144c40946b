"""Files a drop zone really receives that are not readable reports.

Each has a reason code for the manifest: empty, truncated_pdf, duplicate, not_a_report,
encrypted_pdf, no_text_layer. None of them has truth facts.
"""

from __future__ import annotations

import io
import random

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from .docmodel import SAMPLE_MARK, DocModel, Para
from .printed import cn_date

REASONS = {
    "empty": "zero-byte file (an upload that failed)",
    "truncated_pdf": "PDF cut off part-way (an interrupted download): no trailer, unreadable",
    "duplicate": "exact byte copy of another document under another name",
    "not_a_report": "a meeting notice published in the same column, not a self-evaluation report",
    "encrypted_pdf": "PDF encrypted with an open password",
    "no_text_layer": "scanned PDF: page images only, no text layer",
}


def truncated(pdf: bytes, rng: random.Random) -> bytes:
    cut = int(len(pdf) * rng.uniform(0.3, 0.6))
    return pdf[:cut]


def encrypted(model: DocModel, render_pdf) -> bytes:
    """The same report rendered with an open (user) password."""
    from reportlab.lib import pdfencrypt

    enc = pdfencrypt.StandardEncryption("zc-sample", ownerPassword="zc-owner", canPrint=1, strength=128)
    enc.prepared = 0
    return render_pdf(model, encrypt=enc)


def no_text_layer(rng: random.Random, title: str) -> bytes:
    """A 'scan': grey bars where the lines of text would be, and no text objects at all."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setSubject("样例数据，非真实报告")
    w, h = A4
    for _page in range(rng.randint(2, 3)):
        c.setFillGray(0.97)
        c.rect(0, 0, w, h, stroke=0, fill=1)
        c.setFillGray(0.35)
        y = h - 30 * mm
        c.rect(w / 2 - 60 * mm, y, 120 * mm, 5 * mm, stroke=0, fill=1)
        y -= 14 * mm
        while y > 25 * mm:
            indent = 8 * mm if rng.random() < 0.2 else 0
            length = (w - 50 * mm - indent) * (rng.uniform(0.3, 0.9) if rng.random() < 0.15 else 1.0)
            c.rect(25 * mm + indent, y, length, 2.6 * mm, stroke=0, fill=1)
            y -= 7 * mm
        c.showPage()
    c.save()
    return buf.getvalue()


def notice(rng: random.Random, dept_local: str, district: str, fy: int) -> DocModel:
    """关于召开…会议的通知 — figures in it are dates, times and room numbers, nothing to extract."""
    m, d = rng.randint(3, 11), rng.randint(1, 28)
    blocks = [
        Para(SAMPLE_MARK, "marker"),
        Para(f"关于召开{fy}年度征拆工作推进调度会的通知", "title"),
        Para(f"各街道（镇）、{district}直有关单位：", "body"),
        Para(f"为全面总结{fy}年上半年征拆工作，部署下阶段重点任务，经研究，决定召开全{district[-1]}征拆工作推进调度会。"
             "现将有关事项通知如下：", "body"),
        Para(f"一、会议时间：{fy}年{m}月{d}日（星期{'一二三四五'[rng.randint(0, 4)]}）上午9:00", "body"),
        Para(f"二、会议地点：{district}政务中心{rng.randint(2, 9)}楼{rng.randint(1, 20):02d}会议室", "body"),
        Para("三、参会人员：各街道（镇）分管负责人、征拆办主任，各项目指挥部负责人。", "body"),
        Para("四、会议议程：1.通报各项目征拆进度；2.各街道（镇）汇报存在的困难和问题；3.领导讲话。", "body"),
        Para("五、有关要求：请各单位准备书面汇报材料，于会前一天报送至会务组，参会人员不得无故缺席。", "body"),
        Para(f"联系人：{rng.choice(['周', '吴', '郑', '孙'])}某，联系电话：0731-8{rng.randint(1000000, 9999999)}", "body"),
        Para(dept_local, "sign"),
        Para(cn_date(fy, m, max(1, d - 3)), "sign"),
    ]
    return DocModel(title=f"关于召开{fy}年度征拆工作推进调度会的通知", author=dept_local, blocks=blocks,
                    created=f"{fy}-{m:02d}-{max(1, d - 3):02d}T09:00:00Z", page_numbers=False)
