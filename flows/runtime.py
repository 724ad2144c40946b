"""Where Prefect talks to: a configured server, or one local server for the whole run.

Prefect's ephemeral mode starts a private API server in every process that needs one, so each
process-pool worker would start its own. Starting one here and exporting its address lets the
flow and all its workers share it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",  # no network here, and none wanted at night
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_UI_ENABLED": "false",
}


@contextmanager
def prefect_api() -> Iterator[str | None]:
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server = _run_server_class()()
    server.start(timeout=int(os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"]))
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield server.api_url
    finally:
        _drain_logs()  # send the last log lines while the server still listens
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()


def _drain_logs() -> None:
    try:
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=5)
    except Exception:  # losing the tail of a log must not fail the run
        pass


def _run_server_class():
    import subprocess
    import sys

    import prefect
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import get_current_settings

    class RunServer(SubprocessASGIServer):
        """Prefect's local server (the command of prefect 3.8's SubprocessASGIServer), tied to
        the life of the process that started it. It shares the base class's registry of running
        servers, so a Prefect client that falls back to its ephemeral server (one in a thread
        without our settings context) finds this one instead of starting a second."""

        def _run_uvicorn_command(self) -> subprocess.Popen:
            uvicorn_args = ["--app-dir", str(prefect.__module_path__.parent), "--factory",
                            "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port",
                            str(self.port), "--log-level", "error", "--lifespan", "on"]
            env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
                   "PREFECT__SERVER_FINAL": "1",
                   **get_current_settings().to_environment_variables(exclude_unset=True)}
            return subprocess.Popen([sys.executable, "-m", "flows.api_server", str(os.getpid()), *uvicorn_args],
                                    env=env)

    return RunServer
