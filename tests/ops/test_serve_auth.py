"""`serve`'s Prefect API: on loopback, and nothing done without the auth string (issue 14, item 8).

The server runs in a fresh process: the session's own test server (another auth string) must not
be the one asked."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = r"""
import base64, json, sys
from pathlib import Path
from urllib.parse import urlparse

import httpx

from flows.runtime import prefect_api

folder = Path(sys.argv[1])
with prefect_api(auth_folder=folder) as url:
    secret = (folder / ".prefect-api-auth").read_text().strip()
    query = {"limit": 5, "sort": "ID_DESC"}
    body = {"name": "intruder", "state": {"type": "SCHEDULED"},
            "parameters": {"raw_dir": "/", "warehouse": "/tmp/evil.duckdb"}}
    basic = lambda s: {"Authorization": "Basic " + base64.b64encode(s.encode()).decode()}
    codes = {
        "none": httpx.post(f"{url}/flow_runs/", json=body).status_code,
        "wrong": httpx.post(f"{url}/flow_runs/", json=body, headers=basic("zhengchai:guess")).status_code,
        "deployment": httpx.post(f"{url}/deployments/00000000-0000-0000-0000-000000000000/create_flow_run",
                                 json={}).status_code,
        "read": httpx.post(f"{url}/flow_runs/filter", json=query).status_code,
        "right": httpx.post(f"{url}/flow_runs/filter", json=query, headers=basic(secret)).status_code,
    }
    from prefect import get_client  # the process's own client is given the string
    with get_client(sync_client=True) as client:
        codes["client"] = client._client.post("/flow_runs/filter", json=query).status_code
    print(json.dumps({"host": urlparse(url).hostname, "codes": codes}))
"""


def _probe(folder: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API") and "AUTH_STRING" not in k}
    out = subprocess.run([sys.executable, "-c", PROBE, str(folder)], env=env, cwd=REPO, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_serve_api_listens_on_loopback_and_refuses_requests_without_the_auth_string(tmp_path):
    folder = tmp_path / "warehouse"
    result = _probe(folder)
    assert result["host"] == "127.0.0.1"
    codes = result["codes"]
    assert codes["none"] == codes["wrong"] == codes["deployment"] == codes["read"] == 401
    assert codes["right"] == codes["client"] == 200
    path = folder / ".prefect-api-auth"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    secret = path.read_text()
    _probe(folder)
    assert path.read_text() == secret  # kept: the operator's UI and CLI keep working across restarts



def test_a_run_talks_to_its_api_without_a_refusal(tmp_path):
    """Prefect sends a run's logs and events from threads of its own: they must carry the auth string
    as the flow does, or every log batch is refused (401 on /csrf-token) and the event stream too."""
    raw = tmp_path / "raw" / "某某区" / "2021"
    raw.mkdir(parents=True)
    (raw / "report.txt").write_text("某某区房屋征收办公室2021年度部门整体支出绩效自评报告\n"
                                    "全年预算数为680万元，实际支出650.5万元，完成签约120户。\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API") and "AUTH_STRING" not in k}
    env["PREFECT_LOGGING_LEVEL"] = "INFO"  # the session's WARNING would hide the refusals
    out = subprocess.run([str(Path(sys.executable).with_name("zhengchai")), "run", "--raw", str(tmp_path / "raw"),
                          "--warehouse", str(tmp_path / "w" / "warehouse.duckdb")],
                         env=env, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    log = out.stdout + out.stderr
    assert "Beginning flow run" in log  # the run logged at INFO, so refusals would show
    # the refusals as Prefect words them (a bare "401" may be part of a run id: 20261130T064142-73b401)
    refusals = ("401 Unauthorized", "Unauthorized", "Auth required", "Unable to authenticate")
    assert not [r for r in refusals if r in log], log[-3000:]
