"""The workbook made for Excel users, read back with openpyxl, and opened by LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess

import duckdb
import openpyxl
import pytest

from zhengchai.cli import main
from zhengchai.workbook.sheets import SHEETS

pytestmark = pytest.mark.slow

ORDER = ["说明", "区县年度", "趋势", "排名", "预算执行", "征收签约", "面积", "问题文档"]
HASH = re.compile(r"^[0-9a-f]{32,64}$")


@pytest.fixture(scope="module")
def workbook(sample_warehouse, tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx")
    assert main(["export", "--format", "xlsx", "--out", str(out), "--warehouse", str(sample_warehouse)]) == 0
    return out / "zhengchai.xlsx"


def headers(ws) -> list[str]:
    return [c.value for c in ws[1]]


def column(ws, header: str) -> list:
    i = headers(ws).index(header)
    return [row[i] for row in ws.iter_rows(min_row=2, values_only=True)]


def test_sheets_in_order_with_the_guide_first(workbook):
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ORDER
    guide = "\n".join(str(v) for row in book["说明"].iter_rows(values_only=True) for v in row if v)
    assert all(name in guide for name in ORDER[1:])
    assert "万元" in guide and "亩" in guide and "mart_district_year" in guide  # units and sources
    assert "数据字典" in guide and "全年预算数" in guide


def test_every_sheet_is_frozen_filtered_sized_and_has_unit_headers(workbook):
    book = openpyxl.load_workbook(workbook)
    for sheet in SHEETS:
        ws = book[sheet.name]
        assert ws.freeze_panes == "A2", sheet.name
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), sheet.name
        assert headers(ws) == [c.header for c in sheet.columns]
        assert all(ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width >= 8
                   for i in range(len(sheet.columns)))
        assert not any("key" in h or h.endswith("_id") for h in headers(ws))  # no hash keys
        values = [v for row in ws.iter_rows(min_row=2, values_only=True) for v in row if isinstance(v, str)]
        assert not any(HASH.match(v) for v in values), sheet.name


def test_money_in_wan_and_rates_as_percentages(workbook, sample_warehouse):
    ws = openpyxl.load_workbook(workbook)["区县年度"]
    head = headers(ws)
    assert "全年预算数（万元）" in head and "预算执行率（报告所列）（%）" in head and "签约户数（户）" in head
    assert "腾地面积（亩）" in head
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    district, year, budget, rate, mu = con.execute("""
        select district, fiscal_year, budget, execution_rate, land_cleared_mu from mart_district_year
        where budget is not null and land_cleared is not null order by district, fiscal_year limit 1""").fetchone()
    con.close()
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == district and r[1].value == year)
    cells = dict(zip(head, row, strict=True))
    assert cells["全年预算数（万元）"].value == pytest.approx(budget / 10000)
    assert cells["全年预算数（万元）"].number_format == "#,##0.00"
    assert cells["预算执行率（报告所列）（%）"].value == pytest.approx(rate / 100)
    assert cells["预算执行率（报告所列）（%）"].number_format == "0.00%"
    assert cells["腾地面积（亩）"].value == pytest.approx(mu, abs=0.01)
    assert cells["签约户数（户）"].number_format == "#,##0" and isinstance(cells["签约户数（户）"].value, int)


def test_rows_sorted_by_district_and_year_and_lists_as_text(workbook):
    ws = openpyxl.load_workbook(workbook)["区县年度"]
    keys = [(r[0], r[1]) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert keys == sorted(keys)
    types = [v for v in column(ws, "文档类型") if v]
    assert types and all("[" not in v and "'" not in v for v in types)
    assert any("自评报告" in v or "自评表" in v for v in types)


def test_problem_documents_carry_reason_and_accept_command(workbook, sample_warehouse):
    ws = openpyxl.load_workbook(workbook)["问题文档"]
    commands = [v for v in column(ws, "人工确认入库的命令") if v]
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    held = con.execute("""select count(*) from raw.validation_results v join dim_document d using (document_id)
                          where not v.passed and v.severity = 'error' and d.is_current""").fetchone()[0]
    con.close()
    assert len(commands) == held and all(c.startswith("zhengchai accept ") for c in commands)
    assert "无法读取" in column(ws, "文档状态")


def test_csv_export_has_a_bom_and_readable_lists(sample_warehouse, tmp_path):
    assert main(["export", "--format", "csv", "--out", str(tmp_path), "--tables", "mart_district_year",
                 "--warehouse", str(sample_warehouse)]) == 0
    data = (tmp_path / "mart_district_year.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "narrative_report" in text and "['" not in text


def test_libreoffice_opens_the_workbook(workbook, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "ods", "--outdir", str(tmp_path), str(workbook)],
                          capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode == 0, done.stderr
    converted = tmp_path / "zhengchai.ods"
    assert converted.is_file() and converted.stat().st_size > 10_000


def test_an_unknown_table_is_refused_with_the_names_that_exist(sample_warehouse, tmp_path, capsys):
    code = main(["export", "--format", "csv", "--out", str(tmp_path), "--tables", "mart_distrct_year",
                 "--warehouse", str(sample_warehouse)])
    err = capsys.readouterr().err
    assert code == 2 and "mart_distrct_year" in err and "mart_district_year" in err
