"""The plan of the shipped sample and of larger corpora, the world model, and the PDF table splitting."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from lab.sample import plan
from lab.sample.common import RULES
from lab.sample.docmodel import DocModel, Grid, GridCell, Para
from lab.sample.generator import build, truth_for
from lab.sample.render_pdf import render_pdf
from lab.sample.world import CHANGSHA, OTHERS, World, find_district

CHANGSHA_CODES = {"芙蓉区": "430102", "天心区": "430103", "岳麓区": "430104", "开福区": "430105", "雨花区": "430111",
                  "望城区": "430112", "长沙县": "430121", "浏阳市": "430181", "宁乡市": "430182"}


@pytest.fixture(scope="module")
def default_plan():
    return plan(2024)


def test_default_sample_covers_changsha_2019_to_2023(default_plan):
    docs = default_plan.docs
    assert 50 <= len(docs) + len(default_plan.bad) <= 70
    assert {(d.district.name, d.district.code) for d in docs} == set(CHANGSHA_CODES.items())
    cells = {(d.district.name, d.year) for d in docs}
    assert cells == {(n, y) for n in CHANGSHA_CODES for y in range(2019, 2024)}
    # one current report per department-year and family; some district-years have both families
    current = Counter((d.dept.key, d.year, d.doc_type) for d in docs if not d.superseded_by)
    assert max(current.values()) == 1
    both = {(d.dept.key, d.year) for d in docs if d.doc_type == "narrative_report"} & \
        {(d.dept.key, d.year) for d in docs if d.doc_type == "selfeval_table"}
    assert 3 <= len(both) <= 15


def test_default_sample_mixes_families_formats_and_rules(default_plan):
    docs = default_plan.docs
    fmt = Counter(d.fmt for d in docs)
    assert set(fmt) == {"pdf", "docx", "xlsx", "html", "txt"}
    assert fmt["pdf"] + fmt["docx"] > len(docs) / 2 and fmt["txt"] >= 2
    assert Counter(d.doc_type for d in docs).keys() == {"narrative_report", "selfeval_table"}
    assert {d.planted for d in docs if d.planted} == set(RULES)
    revised = [d for d in docs if d.supersedes]
    assert len(revised) == 1 and revised[0].revision == 2
    assert {b.reason for b in default_plan.bad} >= {"empty", "truncated_pdf", "duplicate", "not_a_report"}
    stems = [d.stem for d in docs]
    assert len(stems) == len(set(stems)) and all(s.startswith("sample-") for s in stems)
    assert "sample-furong-2021-report" in stems


def test_default_sample_builds_consistent_truth(default_plan):
    """Every document of the shipped sample builds, and its truth passes the generator's own checks."""
    world = World(2024)
    for spec in default_plan.docs:
        built = build(spec, world)
        truth = truth_for(spec, built)
        # the department as the document names it: city first only where the text prints it so
        printed = "\n".join(built.model.plain_lines())
        assert truth["document"]["department"] in (spec.dept.canonical, spec.dept.local)
        assert (truth["document"]["department"] == spec.dept.canonical) == (spec.dept.canonical in printed)


def test_department_names():
    names = {d.name: d.departments[0].canonical for d in CHANGSHA}
    assert names["芙蓉区"] == "长沙市芙蓉区城市房屋征收和补偿管理办公室"
    assert names["望城区"] == "长沙市望城区征地服务中心"
    assert names["长沙县"] == "长沙市长沙县房屋征收办公室"
    assert names["浏阳市"] == "长沙市浏阳市征地拆迁事务中心"
    youyang = find_district("酉阳县")
    assert youyang.code == "500242" and youyang.province == "重庆市"
    assert find_district("株洲市荷塘区").code == "430202"


def test_larger_corpus_plan():
    p = plan(7, n_docs=300)
    docs = p.docs
    assert len(docs) == 300
    assert len({d.district.code for d in docs}) > 20
    assert min(d.year for d in docs) == 2015 and max(d.year for d in docs) == 2024
    assert sum(1 for d in docs if d.supersedes) >= 3
    assert len({d.stem for d in docs}) == 300
    assert {d.planted for d in docs if d.planted} == set(RULES)
    world = World(7)
    for spec in docs[:: 10]:
        truth_for(spec, build(spec, world))
    with pytest.raises(ValueError):
        plan(7, n_docs=100000)
    with pytest.raises(ValueError):
        plan(7, formats=("pdf", "odt"))


def test_restricted_formats_and_no_extras():
    p = plan(5, districts=["芙蓉区", "望城区"], years=[2020, 2021], formats=("xlsx",), planted_violations=False,
             bad_files=False)
    assert p.docs and all(d.fmt == "xlsx" and d.doc_type == "selfeval_table" for d in p.docs)
    assert not p.bad and not any(d.planted or d.supersedes for d in p.docs)


def test_world_is_coherent_across_years():
    world = World(2024)
    for district in CHANGSHA:
        dept = district.departments[0]
        for y in range(2015, 2025):
            prev, cur = world.year(dept, y - 1), world.year(dept, y)
            assert cur.carried_in == prev.carried_out
            assert cur.basic + cur.project == cur.spent
            assert cur.received + cur.carried_in == cur.spent + cur.carried_out
            if (dept.key, y) != ("furong-zhengshou", 2021):  # the seed's own data point: 47.20%
                assert Decimal(60) <= cur.execution_rate <= Decimal(130)
            assert cur.households_signed <= cur.households_target
            assert cur.score_total <= 100
    # the seeds' figures as data points
    furong = world.year(CHANGSHA[0].departments[0], 2021)
    assert (furong.budget, furong.spent, furong.basic, furong.households_signed) == (275365, 129964, 20582, 306)
    wangcheng = world.year(find_district("望城区").departments[0], 2020)
    assert (wangcheng.budget, wangcheng.spent, wangcheng.score_total) == (82000, 85192, Decimal("95.61"))


def _long_grid(repeat: bool) -> Grid:
    head = [GridCell(h, header=True) for h in ("", "一级指标", "二级指标", "三级指标", "完成值", "分值", "得分")]
    rows: list[list[GridCell | None]] = [head]
    for i in range(36):
        rows.append([GridCell("年度绩效指标", rowspan=36) if i == 0 else None,
                     GridCell(f"一级{i // 12}", rowspan=12) if i % 12 == 0 else None,
                     GridCell(f"二级指标{i}"), GridCell("征拆安置工作协调及政策宣传" * 2),
                     GridCell(f"腾地{1000 + i}.5亩，签约{200 + i}户，拆房{100 + i}栋，动迁{300 + i}人"),
                     GridCell("5"), GridCell("5")])
    return Grid(rows, [0.6, 0.8, 0.9, 1.6, 2.2, 0.5, 0.5], header_rows=1, repeat_header=repeat, name="indicators")


@pytest.mark.parametrize("repeat", [True, False])
def test_pdf_table_splits_through_merged_cells(tmp_path, repeat):
    import pdfplumber

    layout: dict = {}
    model = DocModel("t", "a", [Para("【样例数据，非真实报告】", "marker"), _long_grid(repeat)], landscape=True)
    data = render_pdf(model, layout=layout)
    assert render_pdf(model) == data  # invariant: reproducible bytes
    path = tmp_path / "t.pdf"
    path.write_bytes(data)
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 2
        tables = [p.extract_tables() for p in pdf.pages]
    first, second = tables[0][0], tables[1][0]
    assert first[0][1] == "一级指标"
    assert (second[0][1] == "一级指标") == repeat
    body = second[1] if repeat else second[0]
    assert body[0] in ("", None)  # the merged 年度绩效指标 cell continues, empty, on the next page
    assert layout["continued"]["indicators"] >= 1 and layout["cut_merged_cells"] >= 1
    assert bool(layout.get("repeated_headers")) == repeat
    values = [c for t in tables for tab in t for row in tab for c in row if c]
    assert any("签约235户" in v.replace("\n", "") for v in values)


def test_a_corpus_larger_than_the_sample_world_takes_national_districts():
    """Up to what the hand-written districts hold, a plan is what it always was; beyond it, districts
    of the national list join, only as many as needed."""
    small = plan(7, n_docs=1000)
    assert {d.district.code for d in small.docs} <= {d.code for d in CHANGSHA + OTHERS}
    large = plan(7, n_docs=3000)
    codes = {d.district.code for d in large.docs}
    assert len(large.docs) == 3000 and len(codes - {d.code for d in CHANGSHA + OTHERS}) >= 30
    assert len({d.stem for d in large.docs}) == 3000
