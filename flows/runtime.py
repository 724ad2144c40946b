"""Where Prefect talks to: a configured server, or one local server for the whole run.

Prefect's ephemeral mode starts a private API server in every process that needs one, so each
process-pool worker would start its own. Starting one here and exporting its address lets the
flow and all its workers share it.

The server this module starts listens on 127.0.0.1 only and requires HTTP basic auth (Prefect's
PREFECT_SERVER_API_AUTH_STRING; the flow, its workers and any other client send
PREFECT_API_AUTH_STRING): a local user cannot POST a flow run of the nightly deployment with a
raw_dir and a warehouse of their choosing. The auth string is the one given in the environment, or
one generated for this run, or (for `zhengchai serve`, whose server outlives a run) one kept in a
0600 file beside the warehouse. Prefect's websocket event endpoints are not covered by its auth
(README, "Reliability and security").
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

AUTH_FILE = ".prefect-api-auth"
AUTH_VARIABLES = ("PREFECT_API_AUTH_STRING", "PREFECT_SERVER_API_AUTH_STRING")

DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",  # no network here, and none wanted at night
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_UI_ENABLED": "false",
}


def auth_string(folder: Path | None = None) -> str:
    """The API's basic-auth string ("user:password"): from the environment if given, else kept in
    `folder`/.prefect-api-auth (created 0600, read by the operator to use the API or UI), else new
    for this process only."""
    given = os.environ.get("PREFECT_API_AUTH_STRING") or os.environ.get("PREFECT_SERVER_API_AUTH_STRING")
    if given:
        return given
    if folder is None:
        return "zhengchai:" + secrets.token_urlsafe(32)
    path = Path(folder) / AUTH_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        os.chmod(path, 0o600, follow_symlinks=False)
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write("zhengchai:" + secrets.token_urlsafe(32) + "\n")
    return path.read_text().strip()


@contextmanager
def prefect_api(auth_folder: Path | None = None) -> Iterator[str | None]:
    """A Prefect API for the run: the configured one (PREFECT_API_URL), or a local server on
    127.0.0.1 with basic auth, shared by this process and its workers through the environment."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    from prefect.settings import (
        PREFECT_API_AUTH_STRING,
        PREFECT_API_URL,
        PREFECT_SERVER_API_AUTH_STRING,
        temporary_settings,
    )

    auth = auth_string(auth_folder)
    before = {key: os.environ.get(key) for key in AUTH_VARIABLES}
    os.environ.update(dict.fromkeys(AUTH_VARIABLES, auth))  # the server and the workers read these
    try:
        with temporary_settings(updates={PREFECT_API_AUTH_STRING: auth, PREFECT_SERVER_API_AUTH_STRING: auth}):
            server = _run_server_class()()
            server.start(timeout=int(os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"]))
            os.environ["PREFECT_API_URL"] = server.api_url
            # Prefect's log and event workers run on threads of their own, which read the process-wide
            # settings, not this context's: without this they reach the API without the auth string
            # (401s on every log batch, refused event websockets)
            _refresh_global_settings()
            try:
                with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
                    yield server.api_url
            finally:
                _drain_logs()  # send the last log lines while the server still listens
                os.environ.pop("PREFECT_API_URL", None)
                server.stop()
    finally:
        for key, value in before.items():
            os.environ.pop(key) if value is None else os.environ.__setitem__(key, value)
        _refresh_global_settings()


def _refresh_global_settings() -> None:
    from prefect import context

    context.refresh_global_settings_context()


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
