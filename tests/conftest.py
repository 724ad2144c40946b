from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"

# Prefect state of the tests stays out of the user's ~/.prefect
os.environ.setdefault("PREFECT_HOME", str(Path(os.environ.get("TMPDIR", "/tmp")) / f"zhengchai-test-prefect-{os.getuid()}"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repo")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the repo")
    return SEEDS


def _run_steps(raw: Path, published: Path, *, build: bool = True, timeout: float = 120):
    """The nightly flow's steps in its order, without Prefect: prepare → extract → land → (check →
    dbt build → post-build checks, with `build`) → finish → publish; a failure discards the staging
    copy as the flow does. Returns the run's context."""
    from zhengchai import pipeline

    ctx = pipeline.prepare(raw, published)
    try:
        batch = pipeline.extract_batch(raw, ctx.plan.to_parse, timeout=timeout)
        loaded = pipeline.land(ctx, batch.extractions)
        if build:
            if loaded.needs_build:
                pipeline.check(ctx)
                assert pipeline.build(ctx).success
            assert pipeline.check_build(ctx) == []
        pipeline.finish_run(ctx, "published", {"files_seen": len(ctx.plan.files)})
        pipeline.publish(ctx)
    except BaseException:
        pipeline.discard(ctx)
        raise
    return ctx


@pytest.fixture(scope="session")
def run_steps():
    """`run_steps(raw, published, build=…)`: one run of the pipeline's steps without Prefect."""
    return _run_steps
