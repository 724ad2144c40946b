"""The Great Expectations runner: every family's frame against its suite, the unexpected rows per rule."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from zhengchai.check.rules import FAMILY_KEYS, SUITE_PREFIX, Rules
from zhengchai.check.values import key, num


def _gx_frame(df: pd.DataFrame, family: str, rules: Rules) -> pd.DataFrame:
    """Only the key and checked columns go to GX, with plain dtypes."""
    out = pd.DataFrame({k: df[k].astype(object) for k in FAMILY_KEYS[family]}, index=df.index)
    for rule in rules.family(family):
        for c in rule.checks:
            if c.column in out:
                continue
            col = df[c.column]
            out[c.column] = num(col) if c.numeric else col.astype(object).where(col.notna(), None)
    return out.reset_index(drop=True)


def run_gx(frames: dict[str, pd.DataFrame], suites: dict[str, dict], rules: Rules, *, run_id: str,
           params: dict[str, Any], data_docs_dir: Path | None) -> tuple[dict[str, set[tuple]], Path | None]:
    """Validate every family's frame against its suite; the unexpected rows per rule."""
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import ProgressBarsConfig

    if data_docs_dir is not None:
        data_docs_dir.mkdir(parents=True, exist_ok=True)
        ignore = data_docs_dir / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# GX Data Docs and stores written by zhengchai.check\n*\n")
        context = gx.get_context(mode="file", project_root_dir=str(data_docs_dir))
    else:
        context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    if data_docs_dir is not None:
        context.variables.save()

    source = context.data_sources.add_or_update_pandas("zhengchai_raw")
    gx_run = RunIdentifier(run_name=run_id, run_time=datetime.now().astimezone())
    unexpected: dict[str, set[tuple]] = defaultdict(set)
    for family, suite_json in suites.items():
        keys = list(FAMILY_KEYS[family])
        asset = (source.get_asset(family) if family in source.get_asset_names()
                 else source.add_dataframe_asset(family))
        batch_def = next((b for b in asset.batch_definitions if b.name == "whole"), None) \
            or asset.add_batch_definition_whole_dataframe("whole")
        suite = context.suites.add_or_update(gx.ExpectationSuite(**suite_json))
        vd = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=f"{SUITE_PREFIX}{family}", data=batch_def, suite=suite))
        result = vd.run(
            batch_parameters={"dataframe": _gx_frame(frames[family], family, rules)},
            expectation_parameters=params,
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": keys},
            run_id=gx_run,
        )
        for r in result.results:
            rule = r.expectation_config.meta["rule"]
            if r.exception_info.get("raised_exception"):
                raise RuntimeError(f"GX could not evaluate {rule} on {family}: "
                                   f"{r.exception_info.get('exception_message')}")
            if r.success:
                continue
            rows = r.result.get("unexpected_index_list")
            if rows is None or len(rows) != r.result.get("unexpected_count"):
                raise RuntimeError(f"GX returned no complete unexpected_index_list for {rule} on {family}")
            for row in rows:
                unexpected[rule].add(tuple(key(row[k]) for k in keys))
    index = None
    if data_docs_dir is not None:
        sites = context.build_data_docs()
        url = next(iter(sites.values()), None)
        if url:
            index = Path(url.removeprefix("file://"))
    return unexpected, index

