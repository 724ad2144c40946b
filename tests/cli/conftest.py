"""A small warehouse with one of each thing `problems` and `accept` must show: a quarantined report that
also carries a warning, a loaded report with a warning, a superseded version, a copy listed before its
original, and a file that is not a report in a district's folder. Texts written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

# Quarantined (120 + 300 ≠ 480: expenditure_identity) and warned (printed rate 95% ≠ 480/520).
KAIFU = """长沙市开福区房屋征收和补偿办公室
2022年度部门整体支出绩效自评报告
2022年，区征收办全年预算数为520万元，实际支出480万元，其中基本支出120万元，项目支出300万元，预算执行率为95%。
全年签约住户186户。
"""
# The first version fails expenditure_identity (80 + 190 ≠ 280); the second is corrected, and only
# warned about its printed rate (93% vs 280/300).
YUHUA_V1 = """长沙市雨花区房屋征收和补偿办公室
2021年度部门整体支出绩效自评报告
2021年，区征收办全年预算数为300万元，实际支出280万元，其中基本支出80万元，项目支出190万元，预算执行率为93%。
全年签约住户95户。
"""
YUHUA_V2 = YUHUA_V1.replace("项目支出190万元", "项目支出200万元")
NOTICE = """长沙市望城区房屋征收和补偿办公室
关于做好房屋征收补偿政策宣传工作的通知
各街道：请做好房屋征收与补偿政策的宣传解释工作，依法依规推进征拆。
"""


@pytest.fixture(scope="session")
def cli_warehouse(tmp_path_factory, run_steps) -> Path:
    root = tmp_path_factory.mktemp("cli")
    raw, warehouse = root / "raw", root / "warehouse" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    files = {"开福区/2022/kaifu-2022.txt": KAIFU, "雨花区/2021/yuhua-2021.txt": YUHUA_V1,
             "望城区/2023/notice.txt": NOTICE}
    for name, text in files.items():
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_text(text, encoding="utf-8")
    run_steps(raw, warehouse, build=False)  # the first version lands
    (raw / "雨花区/2021/yuhua-2021.txt").write_text(YUHUA_V2, encoding="utf-8")
    (raw / "雨花区/2021/yuhua-2021-copy.txt").write_text(YUHUA_V2, encoding="utf-8")  # listed first
    run_steps(raw, warehouse, build=True)
    return warehouse
