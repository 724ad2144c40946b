from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zhengchai.config import Settings

# A report written for these tests whose spending breakdown does not add up: 120 + 300 ≠ 480.
INCONSISTENT_REPORT = """长沙市开福区房屋征收和补偿办公室
2022年度部门整体支出绩效自评报告
一、部门整体支出情况
2022年，区征收办全年预算数为520万元，全年实际到位资金480万元；实际支出480万元，其中基本支出120万元，项目支出300万元；上年结余0万元，本年结余0万元。
二、绩效情况
全年签约住户186户，拆除面积约1.2万平方米。
"""

# A consistent report for a district-year the seeds do not cover.
EXTRA_REPORT = """长沙市雨花区房屋征收和补偿办公室
2021年度部门整体支出绩效自评报告
2021年，区征收办全年预算数为300万元，实际支出280万元，其中基本支出80万元，项目支出200万元。
全年签约住户95户。
"""


@pytest.fixture(scope="session")
def flow_workspace(tmp_path_factory, seeds_dir) -> tuple[Settings, Path]:
    root = tmp_path_factory.mktemp("flow")
    raw = root / "raw"
    (raw / "芙蓉区" / "2021").mkdir(parents=True)
    (raw / "望城区" / "2020").mkdir(parents=True)
    (raw / "开福区" / "2022").mkdir(parents=True)
    shutil.copy(seeds_dir / "furong_2021_zhengshouban_report.pdf", raw / "芙蓉区" / "2021")
    shutil.copy(seeds_dir / "wangcheng_2020_zhengdi_selfeval.pdf", raw / "望城区" / "2020")
    (raw / "开福区" / "2022" / "kaifu-2022.txt").write_text(INCONSISTENT_REPORT, encoding="utf-8")
    settings = Settings(raw_dir=raw, warehouse=root / "warehouse" / "warehouse.duckdb", workers=2,
                        document_timeout=120)
    return settings, root


@pytest.fixture(scope="session")
def extra_report() -> str:
    return EXTRA_REPORT


@pytest.fixture(scope="session")
def first_run(flow_workspace):
    from flows.nightly import run

    settings, _ = flow_workspace
    return run(settings)
