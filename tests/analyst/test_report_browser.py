"""The report in a real browser: each kind of page opens from file:// with networking off, its
charts are drawn, nothing is asked of the network, nothing is logged as an error."""

from __future__ import annotations

import re

import duckdb
import pytest

pytestmark = pytest.mark.slow


def first_document_with_a_marked_figure(report_dir):
    """A PDF's page (figures with page numbers), with at least one figure marked."""
    pages = sorted((report_dir / "document").glob("*.html"))
    return next(p for p in pages if 'mark class="figure"' in (html := p.read_text(encoding="utf-8"))
                and "（pdf，" in html)


def check(result: dict) -> None:
    assert result["requests"], "the page loaded nothing (not even itself)"
    assert result["remote"] == [], f"requests left the machine: {result['remote']}"
    assert result["errors"] == [], f"console errors: {result['errors']}"


def test_overview_opens_offline_with_coverage_and_totals(browser, report_dir, sample_warehouse):
    result = browser.open(report_dir / "index.html")
    check(result)
    body = browser.session.find_element("tag name", "body").text
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    districts = [r[0] for r in con.execute("select distinct district from mart_district_year").fetchall()]
    con.close()
    assert all(d in body for d in districts)
    assert "覆盖情况" in body and "逐年汇总" in body and "本次运行的变化" in body
    browser.screenshot("overview")


def test_trend_page_draws_a_line_per_district_and_small_multiples(browser, report_dir, sample_warehouse):
    result = browser.open(report_dir / "trend-budget.html", charts=True)
    check(result)
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    districts = con.execute("select count(distinct district) from mart_district_year "
                            "where expenditure_total is not null").fetchone()[0]
    con.close()
    lines = browser.session.execute_script(
        "return document.querySelectorAll('#main svg.main-svg .scatterlayer .trace').length")
    assert lines == districts  # one line per district in the main chart
    small = browser.session.execute_script(
        "return document.querySelectorAll('.grid .chart svg.main-svg .scatterlayer path.js-line').length")
    assert small >= districts  # and each district's own chart
    browser.screenshot("trend-budget")


def test_ranking_page_draws_bars(browser, report_dir):
    result = browser.open(report_dir / "ranking-households.html", charts=True)
    check(result)
    assert result["marks"] > 0


def test_district_page_draws_every_topic(browser, report_dir):
    page = sorted((report_dir / "district").glob("*.html"))[0]
    result = browser.open(page, charts=True)
    check(result)
    drawn = browser.session.execute_script(
        "return [...document.querySelectorAll('div.chart')].filter(c => c.querySelector('svg.main-svg')).length")
    assert drawn == 6 and result["marks"] > 0
    browser.screenshot("district")


def test_document_page_shows_each_figure_marked_in_its_sentence(browser, report_dir):
    page = first_document_with_a_marked_figure(report_dir)
    result = browser.open(page)
    check(result)
    marks = browser.session.find_elements("css selector", "table.figures mark.figure")
    rows = browser.session.find_elements("css selector", "table.figures tr[id^=fact-]")
    assert rows and len(marks) == len(rows)
    first = marks[0]
    assert first.size["width"] > 0 and re.search(r"\d", first.text)
    colour = first.value_of_css_property("background-color")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted, not just tagged
    browser.screenshot("document")


def test_quality_page_opens_offline(browser, report_dir):
    result = browser.open(report_dir / "quality.html")
    check(result)
    assert "zhengchai accept" in browser.session.find_element("tag name", "body").text


def test_data_docs_open_offline(browser, sample_warehouse):
    pages = sorted((sample_warehouse.parent / "data_docs").rglob("*.html"))
    if not pages:
        pytest.skip("this run wrote no Data Docs")
    for page in pages[:3]:
        result = browser.open(page)
        assert result["remote"] == [] and result["errors"] == [], page
