"""The two real reports the project started from, in both formats, against their checked answers,
scored with the project's own scorer (../shared/tools/score_extraction.py)."""

import importlib.util
import json

import pytest

from zhengchai.extract import extract_file


@pytest.fixture(scope="module")
def scorer(shared_dir):
    path = shared_dir / "tools" / "score_extraction.py"
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def results(seeds_dir):
    files = sorted(seeds_dir.glob("*.pdf")) + sorted(seeds_dir.glob("*.docx"))
    assert len(files) == 4
    return {f.name: extract_file(f).as_dict() for f in files}


@pytest.fixture(scope="module")
def truths(seeds_dir):
    out = {}
    for p in (seeds_dir / "truth").glob("*.json"):
        t = json.loads(p.read_text(encoding="utf-8"))
        for name in t["files"]:
            out[name] = t
    return out


def test_every_seed_file_scores_perfectly(results, truths, scorer):
    for name, pred in results.items():
        r = scorer.score_doc(truths[name], pred, False, name)
        assert r["fn"] == 0 and r["fp"] == 0, (name, r)
        assert r["scope_ok"] == r["tp"], (name, r)
        assert r["doc_ok"] == r["doc_n"], (name, pred["document"])
        assert r["ind_ok"] == r["ind_n"], (name, r)


def test_the_selfeval_form_has_all_ten_indicators(results):
    for name in ("wangcheng_2020_zhengdi_selfeval.pdf", "wangcheng_2020_zhengdi_selfeval.docx"):
        indicators = results[name]["indicators"]
        assert len(indicators) == 10
        assert sum(i["weight"] for i in indicators) == 90
        assert sum(i["score"] for i in indicators) == 86
        assert {i["level1"] for i in indicators} == {"产出指标", "效益指标", "满意度指标"}


def test_pdf_facts_carry_page_and_sentence(results):
    for f in results["furong_2021_zhengshouban_report.pdf"]["facts"]:
        assert isinstance(f["page"], int) and f["page"] >= 1
        assert f["raw"].replace(" ", "")[:3] in f["text"].replace(" ", "")
    # the breakdown of fixed assets is on a later page than the budget figures
    pages = {f["measure"]: f["page"] for f in results["furong_2021_zhengshouban_report.pdf"]["facts"]}
    assert pages["fixed_assets"] > pages["budget"]


def test_docx_has_no_pages(results):
    assert all(f["page"] is None for f in results["furong_2021_zhengshouban_report.docx"]["facts"])
