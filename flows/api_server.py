"""`python -m flows.api_server PARENT_PID UVICORN_ARGS...`: Prefect's API server (uvicorn), tied to
the life of the run that started it. It gets SIGTERM when that run dies (isolate.die_with_parent,
Linux), so a run killed with kill -9 does not leave its API server behind."""

from __future__ import annotations

import runpy
import signal
import sys

from zhengchai.isolate import die_with_parent

if __name__ == "__main__":
    die_with_parent(int(sys.argv.pop(1)), signal.SIGTERM)
    sys.argv[0] = "uvicorn"
    runpy.run_module("uvicorn", run_name="__main__", alter_sys=True)
