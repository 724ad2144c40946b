"""The workbook for Excel users: `zhengchai export --format xlsx`. sheets.py says what is in it,
writer.py writes it."""

from zhengchai.workbook.writer import write_workbook

__all__ = ["write_workbook"]
