"""Reproducible Office files: rewrite a zip with fixed entry times and fixed core-property dates."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile


def fixed_datetime(iso: str) -> dt.datetime:
    """'2022-03-24T09:00:00Z' -> naive UTC datetime (what docx/xlsx core properties store)."""
    return dt.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")


_CORE_DATES = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def normalize_zip(data: bytes, iso: str) -> bytes:
    """Same entries, same order, fixed timestamps; core.xml dates set to `iso`."""
    when = fixed_datetime(iso)
    stamp = (max(1980, when.year), when.month, when.day, when.hour, when.minute, when.second)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = _CORE_DATES.sub(lambda m: m.group(1) + iso + m.group(2), blob.decode("utf-8")).encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, blob)
    return out.getvalue()
