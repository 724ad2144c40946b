"""zhengchai: yearly performance self-evaluation reports of relocation agencies, into DuckDB."""

__version__ = "0.1.0"
