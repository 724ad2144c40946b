"""`zhengchai docs`: dbt's documentation of the warehouse, as one static page that opens from
file:// (manifest and catalog inside), optionally served on loopback.

dbt reads the catalog from a private copy of the published warehouse, so the published file is
never opened for writing and a running nightly flow is not disturbed.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = ("static_index.html", "index.html", "manifest.json", "catalog.json")


def default_folder(warehouse: Path) -> Path:
    return Path(warehouse).parent / "docs"


def generate(warehouse: Path, out: Path | None = None) -> Path:
    """Write the docs into `out` (default: warehouse/docs/). Returns the page to open."""
    from zhengchai import dbt

    out = Path(out) if out else default_folder(warehouse)
    with tempfile.TemporaryDirectory(prefix="zhengchai-docs-") as tmp:
        copy = Path(tmp) / "warehouse.duckdb"
        shutil.copy2(warehouse, copy)
        result = dbt.docs_generate(copy, artifacts_dir=Path(tmp) / "dbt", static=True)
        if not result.success:
            raise RuntimeError(f"dbt docs generate failed: {result.error or result.summary()}")
        out.mkdir(parents=True, exist_ok=True)
        for name in PAGES:
            if (result.target_path / name).exists():
                shutil.copy2(result.target_path / name, out / name)
    return out / "static_index.html"


def make_server(folder: Path, port: int = 8080) -> ThreadingHTTPServer:
    """A server of `folder` bound to 127.0.0.1 only (port 0: any free port)."""
    handler = partial(_QuietHandler, directory=str(folder))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass


def serve(folder: Path, port: int = 8080) -> None:
    """Serve the docs on 127.0.0.1 until interrupted."""
    with make_server(folder, port) as server:
        print(f"dbt docs on http://127.0.0.1:{server.server_address[1]}/static_index.html (Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
