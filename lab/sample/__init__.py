"""A deterministic generator of realistic *sample* reports, each with its truth file.

    from lab.sample import generate
    paths = generate(Path("raw"), seed=2024)

writes documents to out_dir/<district>/<year>/sample-*.{pdf,docx,xlsx,html,txt}, one truth
JSON per document to out_dir/.truth/<stem>.json (the format of shared/seeds/truth/*.json,
plus `checks`, `planted` and `pitfalls`), and out_dir/.truth/manifest.json. Every document
is marked 【样例数据，非真实报告】. The same seed gives byte-identical files.

Pipeline: world.py (a coherent per-district, per-year model) → write_report.py / write_form.py
(a format-free DocModel and its truth, through docmodel.Composer) → render_*.py (bytes).
"""

from .generator import FORMATS, GenerationError, Plan, generate, plan

__all__ = ["FORMATS", "GenerationError", "Plan", "generate", "plan"]
