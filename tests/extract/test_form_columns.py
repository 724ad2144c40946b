"""The indicator table's vocabulary (form_columns.yaml) as both form readers see it: a ruled
header cell names a role when it holds a word anywhere; a flattened form's token only when it is
(or starts with) a word marked whole (or start)."""

from zhengchai.extract.form_columns import cell_columns, column_map, token_columns


def _token_role(token: str) -> str | None:
    return next((role for role, p in token_columns() if p.match(token)), None)


def test_ruled_header_cells_map_to_roles():
    header = ["一级指标", "二级指标", "三级指标", "年度指标值（计划）", "实际完成情况", "分值", "评价得分", "偏差原因分析"]
    assert column_map(header, cell_columns()) == {
        "level1": 0, "level2": 1, "level3": 2, "target": 3, "actual": 4, "weight": 5, "score": 6, "reason": 7}


def test_scoring_rules_are_no_score_column():
    assert column_map(["评分标准"], cell_columns()) == {}
    assert column_map(["评分"], cell_columns()) == {"score": 0}


def test_tokens_are_read_strictly():
    assert _token_role("年度指标值") == "target"  # a start word
    assert _token_role("预期目标") == "target"  # a whole word
    assert _token_role("预期目标值说明") is None  # a whole word is not a prefix
    assert _token_role("计划值") is None  # a word of ruled cells only
    assert _token_role("指标分值") == "weight"
    assert _token_role("得分情况") is None
    assert [role for role, _ in token_columns()] == [
        "level1", "level2", "level3", "target", "actual", "weight", "score", "reason"]
