"""Plan a sample corpus, build every document, render it, and write its truth.

    plan(...)      which documents (district, department, year, family, format), which break a
                   rule on purpose, which are republished, which bad files — no rendering
    generate(...)  the files under out_dir/<district>/<year>/, one truth JSON per document under
                   out_dir/.truth/, and out_dir/.truth/manifest.json

Everything is drawn from random streams keyed by (seed, what), so the same arguments give
byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import badfiles
from .checks import evaluate, failing
from .common import NARRATIVE, RULES, SELFEVAL, Built, Ctx, DocSpec, new_fmt
from .docmodel import Composer
from .render_docx import render_docx
from .render_html import render_html
from .render_pdf import render_pdf
from .render_txt import render_txt
from .render_xlsx import render_xlsx
from .world import CHANGSHA, LAND, OTHERS, District, World, find_district, national_districts, rng_for
from .write_form import build_selfeval
from .write_report import build_narrative

FORMATS = ("pdf", "docx", "xlsx", "html", "txt")
DEFAULT_YEARS = tuple(range(2019, 2024))
LARGE_YEARS = tuple(range(2015, 2025))
# how often each format carries each family (relative weights)
FAMILY_FORMATS = {
    NARRATIVE: {"pdf": 45, "docx": 30, "html": 15, "txt": 10},
    SELFEVAL: {"pdf": 35, "docx": 20, "xlsx": 30, "html": 10, "txt": 5},
}
RENDERERS = {"pdf": render_pdf, "docx": render_docx, "xlsx": render_xlsx, "html": render_html, "txt": render_txt}
TRUTH_DIR = ".truth"
MANIFEST = "manifest.json"
# rules by the family and department kind that can carry them
_RULE_FAMILIES = {
    "expenditure_identity": {NARRATIVE}, "funds_identity": {NARRATIVE},
    "score_sum": {SELFEVAL}, "score_within_weight": {SELFEVAL}, "weight_sum": {SELFEVAL},
    "signed_within_target": {NARRATIVE, SELFEVAL}, "target_lost_wan": {NARRATIVE, SELFEVAL},
}


class GenerationError(RuntimeError):
    """A generated document's truth is not what the plan says (a generator bug)."""


@dataclass
class BadSpec:
    reason: str
    district: District
    year: int
    file_name: str
    source: DocSpec | None = None  # the document it derives from (duplicate, truncated, encrypted)

    @property
    def rel_path(self) -> str:
        return f"{self.district.name}/{self.year}/{self.file_name}"


@dataclass
class Plan:
    seed: int
    docs: list[DocSpec] = field(default_factory=list)
    bad: list[BadSpec] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Planning
# ---------------------------------------------------------------------------------------

def _kind_word(doc_type: str) -> str:
    return "report" if doc_type == NARRATIVE else "selfeval"


def _allowed(doc_type: str, formats: Sequence[str]) -> dict[str, int]:
    return {f: w for f, w in FAMILY_FORMATS[doc_type].items() if f in formats}


def _assign_formats(docs: list[DocSpec], formats: Sequence[str], rng) -> None:
    for d in docs:
        allowed = _allowed(d.doc_type, formats)
        names = sorted(allowed)
        d.fmt = rng.choices(names, weights=[allowed[n] for n in names])[0]

    def ensure(fmt: str, family: str | None) -> None:
        """Move one document to `fmt` (of `family`), taking it from the most used pair it can spare."""
        if any(d.fmt == fmt and (family is None or d.doc_type == family) for d in docs):
            return
        by_fmt = Counter(d.fmt for d in docs)
        by_pair = Counter((d.doc_type, d.fmt) for d in docs)
        movable = [d for d in docs if (family is None or d.doc_type == family)
                   and fmt in _allowed(d.doc_type, formats) and by_fmt[d.fmt] > 1 and by_pair[(d.doc_type, d.fmt)] > 1]
        if movable:
            best = max(by_pair[(d.doc_type, d.fmt)] for d in movable)
            rng.choice([d for d in movable if by_pair[(d.doc_type, d.fmt)] == best]).fmt = fmt

    # every requested format appears; each family with a few documents has its main formats
    for f in formats:
        ensure(f, None)
    for family in (NARRATIVE, SELFEVAL):
        if sum(1 for d in docs if d.doc_type == family) >= 4:
            for f in sorted(_allowed(family, formats), key=lambda f: -FAMILY_FORMATS[family][f]):
                if FAMILY_FORMATS[family][f] >= 30:
                    ensure(f, family)
    for f in formats:
        ensure(f, None)


def _assign_planted(docs: list[DocSpec], per_rule: int, rng) -> None:
    for _ in range(per_rule):
        for rule in RULES:
            cands = [d for d in docs if d.planted is None and d.revision == 1 and d.doc_type in _RULE_FAMILIES[rule]
                     and (rule != "target_lost_wan" or d.dept.kind == LAND)]
            # a narrative breaking a money identity is best kept apart from the seeds' data points
            if cands:
                rng.choice(cands).planted = rule


def _republish(docs: list[DocSpec], n: int, rng) -> list[DocSpec]:
    """n originals with a money-identity error, each followed by a corrected republication."""
    out = []
    originals = [d for d in docs if d.planted in ("expenditure_identity", "funds_identity")]
    extra = [d for d in docs if d.planted is None and d.doc_type == NARRATIVE]
    rng.shuffle(extra)
    while len(originals) < n and extra:
        d = extra.pop()
        d.planted = "funds_identity" if len(originals) % 2 else "expenditure_identity"
        originals.append(d)
    for d in sorted(originals, key=lambda d: d.stem)[:n]:
        v2 = DocSpec(d.district, d.dept, d.year, d.doc_type, d.fmt, d.stem + "-revised", None, revision=2,
                     supersedes=d.file_name, twin=d.twin)
        d.superseded_by = v2.file_name
        out.append(v2)
    return out


def _more_districts(dists: list[District], n_docs: int, per_department: int) -> list[District]:
    """Districts from the national list, only as many as a corpus larger than ours needs.

    A corpus the hand-written districts can hold is unchanged; a larger one (a 10,000-document
    benchmark) takes the first national districts, 1.5 % spare for the republished ones.
    """
    room = sum(len(d.departments) for d in dists) * per_department
    need = int(n_docs * 0.985) + 1
    extra: list[District] = []
    for d in national_districts():
        if room >= need:
            break
        extra.append(d)
        room += len(d.departments) * per_department
    if room < need:
        raise ValueError(f"n_docs={n_docs} is more than the districts and years can hold")
    return extra


def _stem(district: District, dept, year: int, doc_type: str, with_dept: bool) -> str:
    parts = ["sample", district.slug] + ([dept.slug] if with_dept else []) + [str(year), _kind_word(doc_type)]
    return "-".join(parts)


def _main_family(rng, dept, year: int) -> str:
    pinned = {("furong-zhengshou", 2021): NARRATIVE, ("wangcheng-zhengdi", 2020): SELFEVAL}
    fam = NARRATIVE if rng.random() < 0.55 else SELFEVAL
    return pinned.get((dept.key, year), fam)


def plan(seed: int = 2024, *, districts: Sequence[str] | None = None, years: Sequence[int] | None = None,
         formats: Sequence[str] = FORMATS, n_docs: int | None = None, planted_violations: bool = True,
         bad_files: bool = True) -> Plan:
    unknown = set(formats) - set(FORMATS)
    formats = tuple(f for f in FORMATS if f in set(formats))
    if not formats or unknown:
        raise ValueError(f"formats must be among {FORMATS}, got {sorted(unknown) or 'none'}")
    if not _allowed(NARRATIVE, formats) and not _allowed(SELFEVAL, formats):
        raise ValueError("no family can be rendered in these formats")
    rng = rng_for(seed, "plan", n_docs)
    large = n_docs is not None
    if districts:
        dists = [find_district(n) for n in districts]
    else:
        dists = list(CHANGSHA + OTHERS) if large else list(CHANGSHA)
    yrs = sorted(set(years)) if years else list(LARGE_YEARS if large else DEFAULT_YEARS)
    if any(not 2010 <= y <= 2030 for y in yrs):
        raise ValueError("fiscal years must be within 2010..2030")
    families = [f for f in (NARRATIVE, SELFEVAL) if _allowed(f, formats)]
    if large and not districts:
        dists += _more_districts(dists, n_docs, len(yrs) * len(families))
    dists = sorted(set(dists), key=lambda d: d.code)

    def fam(rng_, dept, y):
        f = _main_family(rng_, dept, y)
        return f if f in families else families[0]

    p = Plan(seed)
    if not large:
        for d in dists:
            dept = d.departments[0]
            for y in yrs:
                f = fam(rng, dept, y)
                p.docs.append(DocSpec(d, dept, y, f, "", _stem(d, dept, y, f, False)))
        # some district-years publish both the narrative report and the self-evaluation form
        if len(families) == 2:
            singles = list(p.docs)
            n_twins = max(1 if len(singles) >= 3 else 0, round(len(singles) * 0.18))
            for d in rng.sample(singles, min(n_twins, len(singles))):
                other = SELFEVAL if d.doc_type == NARRATIVE else NARRATIVE
                d.twin = True
                p.docs.append(DocSpec(d.district, d.dept, d.year, other, "", _stem(d.district, d.dept, d.year, other, False),
                                      twin=True))
        n_rep = 1 if p.docs else 0
        per_rule = 1
    else:
        if n_docs <= 0:
            raise ValueError("n_docs must be positive")
        tiers: list[list[DocSpec]] = [[], []]
        for d in dists:
            for dept in d.departments:
                for y in yrs:
                    f = fam(rng, dept, y)
                    tiers[0].append(DocSpec(d, dept, y, f, "", _stem(d, dept, y, f, True)))
                    if len(families) == 2:
                        o = SELFEVAL if f == NARRATIVE else NARRATIVE
                        tiers[1].append(DocSpec(d, dept, y, o, "", _stem(d, dept, y, o, True)))
        for t in tiers:
            rng.shuffle(t)
        n_rep = max(1, round(n_docs * 0.015)) if n_docs >= 20 else 0
        n_main = n_docs - n_rep
        pool = tiers[0] + tiers[1]
        if n_main > len(pool):
            raise ValueError(f"n_docs={n_docs} is more than {len(pool) + n_rep} documents these districts and "
                             f"years can hold")
        p.docs = pool[:n_main]
        keys = Counter((d.dept.key, d.year) for d in p.docs)
        for d in p.docs:
            d.twin = keys[(d.dept.key, d.year)] > 1
        per_rule = max(1, round(n_docs * 0.006))
    p.docs.sort(key=lambda d: (d.district.code, d.dept.key, d.year, d.doc_type))
    _assign_formats(p.docs, formats, rng)
    if planted_violations:
        _assign_planted(p.docs, per_rule, rng)
        if n_rep:
            p.docs += _republish(p.docs, n_rep, rng)
            p.docs.sort(key=lambda d: (d.district.code, d.dept.key, d.year, d.doc_type, d.revision))
    if bad_files and p.docs:
        p.bad = _plan_bad(p.docs, rng, large, n_docs or 0)
    return p


def _plan_bad(docs: list[DocSpec], rng, large: bool, n_docs: int) -> list[BadSpec]:
    rounds = max(1, n_docs // 250) if large else 1
    out: list[BadSpec] = []
    firsts = [d for d in docs if d.revision == 1 and not d.superseded_by]
    for k in range(rounds):
        picks = rng.sample(firsts, min(len(firsts), 6))
        picks += [picks[-1]] * (6 - len(picks))
        suffix = f"-{k + 1}" if k else ""
        a, b, c, d, e, f = picks
        out += [
            BadSpec("empty", a.district, a.year, f"{a.stem}-attachment{suffix}.pdf"),
            BadSpec("truncated_pdf", b.district, b.year, f"{b.stem}-download{suffix}.pdf", b),
            BadSpec("duplicate", c.district, c.year, f"{c.stem}-copy{suffix}.{c.fmt}", c),
            BadSpec("not_a_report", d.district, d.year,
                    f"sample-{d.district.slug}-{d.year}-notice{suffix}.{rng.choice(['docx', 'html', 'pdf'])}", d),
            BadSpec("encrypted_pdf", e.district, e.year, f"{e.stem}-protected{suffix}.pdf", e),
            BadSpec("no_text_layer", f.district, f.year, f"{f.stem}-scan{suffix}.pdf", f),
        ]
    return out


# ---------------------------------------------------------------------------------------
# Building and writing
# ---------------------------------------------------------------------------------------

def build(spec: DocSpec, world: World) -> Built:
    seed = world.seed
    rng = rng_for(seed, "doc", spec.dept.key, spec.year, spec.doc_type)
    prng = rng_for(seed, "plant", spec.stem)
    fm = new_fmt(rng, spacey=rng.random() < 0.2)
    ctx = Ctx(spec, world, rng, fm, Composer(), world.year(spec.dept, spec.year),
              world.year(spec.dept, spec.year - 1), prng)
    built = build_narrative(ctx) if spec.doc_type == NARRATIVE else build_selfeval(ctx)
    r = rng_for(seed, "render", spec.stem)
    if spec.fmt == "txt" and r.random() < 0.4:
        built.model.encoding = "gbk"
    if spec.fmt == "html":
        built.model.html_meta = _html_meta(spec, built, r)
    return built


def _html_meta(spec: DocSpec, built: Built, rng) -> dict:
    d = spec.district
    host = f"{d.city}{d.name}人民政府"
    when = built.report_date or dt.date(spec.year + 1, rng.randint(4, 9), rng.randint(1, 28))
    pub = when + dt.timedelta(days=rng.randint(3, 60))
    if rng.random() < 0.3:
        line = f"公开时间:{pub.year}{pub.month}{pub.day}"  # fused, as some sites print it
    else:
        line = f"发布时间：{pub.isoformat()} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"
    line += f" 来源：{spec.dept.local} 浏览次数：{rng.randint(50, 3000)}"
    return {"site": f"{host}门户网站", "host": host, "district": d.name, "publish_line": line,
            "pubdate_meta": pub.isoformat(),
            "icp": f"湘ICP备{rng.randint(10000000, 99999999)}号" if d.province == "湖南省"
            else f"渝ICP备{rng.randint(10000000, 99999999)}号",
            "site_code": f"{d.code}0001"}


def _department_as_printed(spec: DocSpec, built: Built) -> str:
    """The department as the document names it (the answers' convention for real texts): the
    canonical name, city first, where the text prints it, else the district's own name for it."""
    text = "\n".join(built.model.plain_lines())
    return spec.dept.canonical if spec.dept.canonical in text else spec.dept.local


def _document_fields(spec: DocSpec, built: Built) -> dict:
    d = spec.district
    return {"province": d.province, "city": d.city, "district": d.name, "district_code": d.code,
            "department": _department_as_printed(spec, built), "department_kind": spec.dept.kind,
            "fiscal_year": spec.year,
            "doc_type": spec.doc_type,
            "report_date": built.report_date.isoformat() if built.report_date else None}


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(0.011, 1e-5 * abs(b))


def truth_for(spec: DocSpec, built: Built) -> dict:
    facts = built.composer.truth_facts()
    # a document must not state two different totals for one measure
    totals = Counter(f["measure"] for f in facts if f["scope"] is None)
    dup = [m for m, n in totals.items() if n > 1]
    if dup:
        raise GenerationError(f"{spec.file_name}: several totals for {dup}")
    checks = evaluate(facts, built.indicators)
    planted = [spec.planted] if spec.planted else []
    fails = failing(checks)
    if fails != set(planted):
        raise GenerationError(f"{spec.file_name}: rules failing {sorted(fails)}, planted {planted}")
    pitfalls = [x for x in built.composer.truth_pitfalls()
                if not any(f["measure"] == x["not_measure"] and _close(float(f["value"]), float(x["value"]))
                           for f in facts)]
    return {
        "files": [spec.file_name],
        "sample": True,
        "document": _document_fields(spec, built),
        "facts": facts,
        "indicators": built.indicators,
        "checks": checks,
        "planted": planted,
        "pitfalls": pitfalls,
        "variant": built.variant,
        "supersedes": spec.supersedes,
        "superseded_by": spec.superseded_by,
    }


def _pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _dump(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _clean_previous(out: Path) -> None:
    """Remove the files a previous run listed in its manifest (and only those)."""
    m = out / TRUTH_DIR / MANIFEST
    if not m.is_file():
        return
    try:
        old = json.loads(m.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    for e in old.get("documents", []):
        for rel in (e.get("path"), e.get("truth")):
            if rel and ".." not in Path(rel).parts:
                (out / rel).unlink(missing_ok=True)


def generate(out_dir: Path, seed: int = 2024, *, districts: Sequence[str] | None = None,
             years: Sequence[int] | None = None, formats: Sequence[str] = FORMATS,
             n_docs: int | None = None, planted_violations: bool = True, bad_files: bool = True) -> list[Path]:
    """Write a sample corpus under out_dir and return the paths of the files written there
    (documents and bad files, not the truth). Truth: out_dir/.truth/<stem>.json and manifest.json."""
    out = Path(out_dir)
    p = plan(seed, districts=districts, years=years, formats=formats, n_docs=n_docs,
             planted_violations=planted_violations, bad_files=bad_files)
    world = World(seed)
    _clean_previous(out)
    truth_dir = out / TRUTH_DIR
    truth_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    entries: list[dict] = []
    models: dict[str, tuple[Built, bytes]] = {}

    def write(rel: str, data: bytes) -> Path:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    stems = Counter(d.stem for d in p.docs)
    if max(stems.values(), default=1) > 1:
        raise GenerationError(f"file stems not unique: {[s for s, n in stems.items() if n > 1]}")
    for spec in p.docs:
        built = build(spec, world)
        layout: dict = {}
        data = render_pdf(built.model, layout=layout) if spec.fmt == "pdf" else RENDERERS[spec.fmt](built.model)
        written.append(write(spec.rel_path, data))
        models[spec.stem] = (built, data)
        truth = truth_for(spec, built)
        (truth_dir / f"{spec.stem}.json").write_bytes(_dump(truth))
        entries.append({
            "path": spec.rel_path, "file": spec.file_name, "truth": f"{TRUTH_DIR}/{spec.stem}.json",
            "format": spec.fmt, "bytes": len(data), "sha256": _sha(data),
            "pages": _pdf_pages(data) if spec.fmt == "pdf" else None,
            "pdf_layout": layout if spec.fmt == "pdf" else None,
            **truth["document"], "planted": truth["planted"], "supersedes": spec.supersedes,
            "superseded_by": spec.superseded_by, "bad": None, "detail": None, "duplicate_of": None,
            "facts": len(truth["facts"]), "indicators": len(truth["indicators"]),
        })
    for b in p.bad:
        r = rng_for(seed, "bad", b.file_name)
        src = models.get(b.source.stem) if b.source else None
        if b.reason == "empty":
            data = b""
        elif b.reason == "truncated_pdf":
            pdf = src[1] if b.source.fmt == "pdf" else render_pdf(src[0].model)
            data = badfiles.truncated(pdf, r)
        elif b.reason == "duplicate":
            data = src[1]
        elif b.reason == "not_a_report":
            model = badfiles.notice(r, b.source.dept.local, b.district.name, b.year + 1)
            data = RENDERERS[b.file_name.rsplit(".", 1)[1]](model)
        elif b.reason == "encrypted_pdf":
            data = badfiles.encrypted(src[0].model, render_pdf)
        else:
            data = badfiles.no_text_layer(r, src[0].model.title)
        written.append(write(b.rel_path, data))
        entries.append({
            "path": b.rel_path, "file": b.file_name, "truth": None, "format": b.file_name.rsplit(".", 1)[1],
            "bytes": len(data), "sha256": _sha(data), "pages": None, "district": b.district.name,
            "district_code": b.district.code, "fiscal_year": b.year, "bad": b.reason, "detail": badfiles.REASONS[b.reason],
            "duplicate_of": b.source.rel_path if b.reason == "duplicate" else None,
            "derived_from": b.source.rel_path if b.source and b.reason != "not_a_report" else None,
            "planted": [],
        })
    entries.sort(key=lambda e: e["path"])
    docs = [e for e in entries if not e["bad"]]
    manifest = {
        # score_extraction.py reads every *.json in .truth as a truth file: this one describes no file
        "files": [],
        "generator": "lab.sample",
        "sample": True,
        "note": "样例数据，非真实报告 — generated sample reports with their truth; not real publications",
        "seed": seed,
        "parameters": {"districts": [d.name for d in sorted({s.district for s in p.docs}, key=lambda d: d.code)],
                       "years": sorted({s.year for s in p.docs}), "formats": list(formats), "n_docs": n_docs,
                       "planted_violations": planted_violations, "bad_files": bad_files},
        "counts": {
            "documents": len(docs), "bad_files": len(entries) - len(docs),
            "by_format": dict(sorted(Counter(e["format"] for e in docs).items())),
            "by_doc_type": dict(sorted(Counter(e["doc_type"] for e in docs).items())),
            "planted": dict(sorted(Counter(r for e in docs for r in e["planted"]).items())),
            "republished": sum(1 for e in docs if e["supersedes"]),
            "pdf_pages": sum(e["pages"] or 0 for e in docs),
            "bytes": sum(e["bytes"] for e in entries),
        },
        "documents": entries,
    }
    (truth_dir / MANIFEST).write_bytes(_dump(manifest))
    return sorted(written)
