"""The report's pages as written: every kind present, every number traceable, nothing remote."""

from __future__ import annotations

import re

import duckdb
import pytest

from zhengchai.report import write_report
from zhengchai.report.gx_offline import offline_html
from zhengchai.report.labels import MEASURES, TOPICS, display_unit
from zhengchai.report.pages import district_slug, doc_slug, highlight

REMOTE = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)


def query(path, sql, params=()):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_highlight_marks_the_figure_and_escapes_the_text():
    html = str(highlight("预算<b>为520万元，支出480万元", "480万元"))
    assert "&lt;b&gt;" in html and '<mark class="figure">480万元</mark>' in html
    # a figure printed across cells is marked by its number
    assert '<mark class="figure">95.81</mark>' in str(highlight("总分 100 95.81", "总分 95.81"))
    assert "<mark" not in str(highlight("没有数字", "12万元"))


def test_units_are_the_analysts():
    assert MEASURES["budget"].convert(5_200_000) == 520  # 元 → 万元
    assert MEASURES["land_cleared"].convert(2000 / 3 * 15) == pytest.approx(15)  # m² → 亩
    assert display_unit("yuan").unit == "万元" and display_unit("household").unit == "户"
    assert display_unit("m2", "land_cleared_target").unit == "亩" and display_unit("m2", "area_demolished").unit == "平方米"
    assert MEASURES["households_signed"].format(1234) == "1,234"


def test_gx_pages_lose_everything_remote():
    page = ('<html><head><link rel="stylesheet" href="https://cdn.example/b.css"><script src="//cdn/x.js">'
            '</script></head><body><img src="https://s3/logo.png?id=1"><script>$(1)</script><table><tr><td>'
            'expenditure_identity</td></tr></table></body></html>')
    out = offline_html(page, "../report/quality.html")
    assert not REMOTE.search(out) and "<script" not in out
    assert "expenditure_identity" in out and 'href="../report/quality.html"' in out


@pytest.mark.slow
def test_the_run_writes_every_kind_of_page(report_dir, sample_warehouse):
    assert (report_dir / "index.html").is_file() and (report_dir / "quality.html").is_file()
    assert (report_dir / "assets" / "plotly.min.js").stat().st_size > 1_000_000  # the library, offline
    for topic in TOPICS:
        assert (report_dir / f"trend-{topic.slug}.html").is_file()
        assert (report_dir / f"ranking-{topic.slug}.html").is_file()
    districts = query(sample_warehouse, "select distinct district from mart_district_year")
    for (district,) in districts:
        assert (report_dir / "district" / f"{district_slug(district)}.html").is_file()
    for (doc_id,) in query(sample_warehouse, "select document_id from dim_document"):
        assert (report_dir / "document" / f"{doc_slug(doc_id)}.html").is_file()


@pytest.mark.slow
def test_no_page_asks_for_anything_remote(report_dir):
    pages = list(report_dir.rglob("*.html"))
    assert len(pages) > 20
    offenders = [p.name for p in pages if REMOTE.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


@pytest.mark.slow
def test_document_page_has_every_figure_with_page_and_marked_source(report_dir, sample_warehouse):
    doc_id, facts = query(sample_warehouse, """
        select document_id, count(*) from raw.facts join raw.documents using (document_id)
        where format = 'pdf' group by all order by 2 desc limit 1""")[0]
    html = (report_dir / "document" / f"{doc_slug(doc_id)}.html").read_text(encoding="utf-8")
    assert html.count('<tr id="fact-') == facts
    assert html.count('<mark class="figure">') == facts
    page, raw = query(sample_warehouse, "select page, raw_text from raw.facts where document_id = ? "
                      "order by fact_seq limit 1", [doc_id])[0]
    assert f'<mark class="figure">{raw}</mark>' in html
    assert f'<td class="num">{page}</td>' in html


@pytest.mark.slow
def test_quality_page_gives_rule_values_and_the_accept_command(report_dir, sample_warehouse):
    html = (report_dir / "quality.html").read_text(encoding="utf-8")
    held = query(sample_warehouse, """
        select d.document_id, d.source_path, v.rule from raw.validation_results v
        join dim_document d using (document_id)
        where not v.passed and v.severity = 'error' and d.is_current""")
    assert held, "the sample has quarantined documents"
    for doc_id, path, rule in held:
        assert path in html and f"zhengchai accept {doc_id[:12]} --rule {rule} --reason" in html
    for (path,) in query(sample_warehouse, "select source_path from dim_document where status = 'failed_extraction'"):
        assert path in html


@pytest.mark.slow
def test_overview_totals_match_the_warehouse(report_dir, sample_warehouse):
    html = (report_dir / "index.html").read_text(encoding="utf-8")
    for year, budget in query(sample_warehouse, "select fiscal_year, sum(budget) from mart_district_year "
                              "where budget is not null group by all"):
        assert f"<td>{year}年</td>" in html and f"{budget / 10000:,.2f}" in html


@pytest.mark.slow
def test_ranking_lists_districts_in_rank_order_with_change(report_dir, sample_warehouse):
    year, first = query(sample_warehouse, """
        select fiscal_year, district from mart_district_ranking where measure = 'households_signed'
        order by fiscal_year desc, rank, district limit 1""")[0]
    html = (report_dir / "ranking-households.html").read_text(encoding="utf-8")
    section = html[html.index(f"<h3>{year}年"):]
    assert re.search(r'<td class="num">1</td><td><a [^>]*>' + re.escape(first), section)
    assert "同比变化" in html


@pytest.mark.slow
def test_a_rebuild_replaces_the_report_whole(report_dir, sample_warehouse, tmp_path):
    out = tmp_path / "report"
    write_report(sample_warehouse, out)
    (out / "stale.html").write_text("old", encoding="utf-8")
    write_report(sample_warehouse, out)
    assert not (out / "stale.html").exists() and (out / "index.html").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["report"]  # no building or old folders left


@pytest.mark.slow
def test_many_districts_get_a_page_of_their_own_not_a_link_on_every_page(sample_warehouse, tmp_path, monkeypatch):
    """A national report cannot name 2,800 districts on every page: past a handful the navigation
    links to districts.html, which lists each district with its province, city, years and documents."""
    from zhengchai.report import render

    monkeypatch.setattr(render, "NAV_DISTRICTS", 2)
    out = tmp_path / "report"
    write_report(sample_warehouse, out)
    districts = [d for (d,) in query(sample_warehouse, "select distinct district from mart_district_year "
                                                       "where district is not null")]
    assert len(districts) > 2
    listing = (out / "districts.html").read_text(encoding="utf-8")
    for d in districts:
        assert f'href="district/{district_slug(d)}.html">{d}</a>' in listing
    index = (out / "index.html").read_text(encoding="utf-8")
    nav = index.split("<nav>")[1].split("</nav>")[0]
    assert 'href="districts.html"' in nav and f"全部 {len(districts)} 个区县" in nav
    assert 'href="district/' not in nav  # no district named on a page that is none of theirs
    page = (out / "district" / f"{district_slug(districts[0])}.html").read_text(encoding="utf-8")
    nav = page.split("<nav>")[1].split("</nav>")[0]  # a district's own page names it, and no other
    assert f">{districts[0]}</a>" in nav and f">{districts[1]}</a>" not in nav


def test_districts_of_one_name_in_two_cities_are_told_apart():
    """The report names districts; two 朝阳区 (北京市, 长春市) must not share a page or a line."""
    import pandas as pd

    from zhengchai.report.data import tell_apart

    years = pd.DataFrame({"district_key": ["k1", "k2", "k3"], "district": ["朝阳区", "朝阳区", "芙蓉区"],
                          "city": ["北京市", "长春市", "长沙市"], "fiscal_year": [2021, 2021, 2021]})
    ranking = pd.DataFrame({"district_key": ["k2", "k3"], "district": ["朝阳区", "芙蓉区"], "rank": [1, 2]})
    documents = pd.DataFrame({"district_key": ["k1", None], "district": ["朝阳区", None], "city": ["北京市", None]})
    tell_apart(years, ranking, documents)
    assert list(years.district) == ["朝阳区（北京市）", "朝阳区（长春市）", "芙蓉区"]
    assert list(ranking.district) == ["朝阳区（长春市）", "芙蓉区"]
    assert documents.district.iloc[0] == "朝阳区（北京市）" and pd.isna(documents.district.iloc[1])
    assert district_slug("朝阳区（北京市）") != district_slug("朝阳区（长春市）")
