import json

from zhengchai.cli import main


def test_extract_json_reports_the_consistency_warnings(seeds_dir, capsys):
    files = [str(seeds_dir / "wangcheng_2020_zhengdi_selfeval.pdf"), str(seeds_dir / "furong_2021_zhengshouban_report.pdf")]
    assert main(["extract", *files, "--json"]) == 0
    results = {r["source"].rsplit("/", 1)[-1]: r for r in json.loads(capsys.readouterr().out)}
    wangcheng = results["wangcheng_2020_zhengdi_selfeval.pdf"]
    assert {(p["severity"], p["code"]) for p in wangcheng["problems"]} == {
        ("warning", "execution_rate_matches"), ("warning", "over_budget")}
    assert "104.00%" in next(p["message"] for p in wangcheng["problems"] if p["code"] == "execution_rate_matches")
    assert results["furong_2021_zhengshouban_report.pdf"]["problems"] == []
    assert wangcheng["document"]["district"] == "望城区" and len(wangcheng["indicators"]) == 10
