"""The analysts' report: a static, offline HTML site in Chinese over the published warehouse.

    write_report(Path("warehouse/warehouse.duckdb"))   # → warehouse/report/index.html

data.py reads the warehouse (read-only), pages.py shapes each page, charts.py the charts,
render.py writes the pages from templates/.
"""

from __future__ import annotations

from pathlib import Path


def default_folder(warehouse: Path) -> Path:
    """The report lives beside the published warehouse."""
    return Path(warehouse).parent / "report"


def write_report(warehouse: Path, out: Path | None = None) -> Path:
    """Build the report of `warehouse` into `out` (default: beside it). Returns its index.html."""
    from zhengchai.report.data import read
    from zhengchai.report.gx_offline import make_offline
    from zhengchai.report.render import write_site

    index = write_site(read(warehouse), Path(out) if out else default_folder(warehouse))
    data_docs = Path(warehouse).parent / "data_docs"  # written by validation during the run
    if data_docs.is_dir():
        make_offline(data_docs, index.parent / "quality.html")
    return index


def refresh(warehouse: Path) -> Path | None:
    """Rebuild the report after a publish. The warehouse is already published: a report that
    cannot be written is logged and leaves the previous one, it never fails the run."""
    import logging

    try:
        return write_report(warehouse)
    except Exception:
        logging.getLogger(__name__).exception("the report of %s could not be written; run `zhengchai report`",
                                              warehouse)
        return None
