#!/usr/bin/env python3
"""The measuring half of bench/run.sh (which installs the tools and then calls this).

Generates (or reuses) the corpora, runs every tool once to warm the page cache and then
--runs times, interleaved round by round, each run a fresh child measured with
time.perf_counter() and os.wait4() (ru_maxrss, KiB on Linux) by the minimal process
bench/measure.py, with stdout/stderr sent to files; parses each tool's output into the set of flagged pages and compares it with the
generator's ground truth (manifest.tsv); prints Markdown tables and writes
OUT/results.md and OUT/results.json. Standard library only.

    python3 bench/bench.py --root R --work W --out O --gen-corpus G --sizes 1000,10000
        --runs 5 --only catlint,rg,... --catlint BIN --rg BIN --lintel BIN
        --check-jsonschema BIN --node-dir DIR [--no-site] [--site-terms N --site-posts N]
        [--baseline BIN]

With --baseline, a second catlint binary runs as catlint-baseline (and, on the one-page
case, catlint-one-cold-baseline and catlint-one-baseline) with exactly the arguments of its
counterpart, in the same rounds; it is timed like any tool but kept out of the accuracy
comparison (its flagged files are compared with its counterpart's instead).
"""
from __future__ import annotations

import argparse
import collections
import datetime
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

SEED = 1
INVALID_RATE = 0.1
REMARK_MAX_PAGES = 10_000  # remark-cli needs minutes per run at 10,000 pages
XARGS_MAX_CHARS = 2_000_000  # below the default ARG_MAX of 2 MiB (8 MiB stack / 4)
EXAMPLES = 5

TOOL_ORDER = ["catlint", "catlint-baseline", "catlint-one-cold", "catlint-one-cold-baseline",
              "catlint-one", "catlint-one-baseline", "rg", "cat", "lintel", "check-jsonschema", "remark"]
# the latency case (one file of a site) runs these catlint variants and the rg floor
LATENCY_TOOLS = {"catlint-one-cold", "catlint-one", "catlint-one-cold-baseline", "catlint-one-baseline"}
FLOORS = {"rg", "cat"}
# --baseline: each baseline tool -> the tool it is the same command as (with the other binary)
BASELINE_OF = {"catlint-baseline": "catlint", "catlint-one-cold-baseline": "catlint-one-cold",
               "catlint-one-baseline": "catlint-one"}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fmt_int(n: int) -> str:
    return f"{n:,}"


# ----------------------------------------------------------------------------- corpora


@dataclass
class Corpus:
    name: str  # c1000, c10000, ..., site
    title: str
    dir: Path
    pages: int  # term pages (the checked files)
    md_files: int  # all .md under content/
    md_bytes: int
    manifest: dict  # path -> row dict (corpora), or post path -> undefined count (site)
    yaml_dir: Optional[Path] = None
    yaml_list: Optional[Path] = None
    is_site: bool = False
    is_latency: bool = False  # one page of the site is checked (the pre-commit case)


def content_stats(d: Path) -> tuple[int, int]:
    n = size = 0
    for dirpath, _dirs, files in os.walk(d / "content"):
        for f in files:
            if f.endswith(".md"):
                n += 1
                size += os.path.getsize(os.path.join(dirpath, f))
    return n, size


def read_manifest(path: Path) -> dict:
    rows = {}
    header = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if header is None:
            header = cols
            continue
        row = dict(zip(header, cols + [""] * (len(header) - len(cols))))
        rows[row["path"]] = row
    return rows


def stamp_matches(stamp: Path, want: dict) -> bool:
    try:
        return json.loads(stamp.read_text()) == want
    except (OSError, ValueError):
        return False


def ensure_corpus(args, n: int) -> Corpus:
    work: Path = args.work
    d, ydir, stamp = work / f"c{n}", work / f"c{n}-yaml", work / f"c{n}.stamp.json"
    gen = Path(args.gen_corpus)
    want = {"n": n, "seed": SEED, "invalid_rate": INVALID_RATE, "generator_sha256": sha256(gen)}
    manifest = d / "manifest.tsv"
    fresh = (stamp_matches(stamp, want) and manifest.is_file() and ydir.is_dir()
             and not manifest.read_text(encoding="utf-8").startswith("# gen_corpus.py: incomplete"))
    if fresh:
        log(f"c{n}: reusing {d}")
    else:
        log(f"c{n}: generating {fmt_int(n)} pages with {gen}")
        stamp.unlink(missing_ok=True)
        subprocess.run([sys.executable, str(gen), str(d), str(n), "--seed", str(SEED),
                        "--invalid-rate", str(INVALID_RATE), "--also-yaml", str(ydir), "--force"],
                       check=True, stdout=sys.stderr)
        stamp.write_text(json.dumps(want) + "\n")
    # the NUL-separated file list xargs feeds to check-jsonschema (names relative to ydir)
    ylist = work / f"c{n}-yaml.list"
    names = sorted(f for f in os.listdir(ydir) if f.endswith(".yaml"))
    ylist.write_bytes(b"".join(x.encode() + b"\0" for x in names))
    md_files, md_bytes = content_stats(d)
    rows = read_manifest(manifest)
    return Corpus(f"c{n}", f"{fmt_int(n)} category pages", d, len(rows), md_files, md_bytes,
                  rows, ydir, ylist)


def ensure_site(args, name: str = "site", terms: Optional[int] = None, posts: Optional[int] = None,
                latency: bool = False) -> Corpus:
    terms = args.site_terms if terms is None else terms
    posts = args.site_posts if posts is None else posts
    work: Path = args.work
    d, stamp = work / name, work / f"{name}.stamp.json"
    gen_site = args.root / "bench" / "gen_site.py"
    gen = Path(args.gen_corpus)
    want = {"terms": terms, "posts": posts,
            "gen_site_sha256": sha256(gen_site), "generator_sha256": sha256(gen)}
    if stamp_matches(stamp, want) and (d / "posts-manifest.tsv").is_file():
        log(f"{name}: reusing {d}")
    else:
        log(f"{name}: generating {fmt_int(terms)} terms + {fmt_int(posts)} posts")
        stamp.unlink(missing_ok=True)
        subprocess.run([sys.executable, str(gen_site), str(d), "--terms", str(terms),
                        "--posts", str(posts), "--gen", str(gen)],
                       check=True, stdout=sys.stderr)
        stamp.write_text(json.dumps(want) + "\n")
    manifest = {}
    for line in (d / "posts-manifest.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        path, undefined = line.split("\t")
        manifest[path] = int(undefined)
    md_files, md_bytes = content_stats(d)
    if latency:
        title = (f"one page of a {fmt_int(md_files)}-page site ({fmt_int(terms)} term pages + "
                 f"{fmt_int(posts)} posts): the pre-commit case")
    else:
        title = f"site: {fmt_int(terms)} term pages + {fmt_int(posts)} posts"
    return Corpus(name, title, d, terms, md_files, md_bytes, manifest, is_site=True, is_latency=latency)


# ----------------------------------------------------------------------------- output parsers
# Each returns (errors, warnings): path (relative to the corpus) -> list of messages.
# `errors` is what the tool flags as invalid; `warnings` is catlint's lower-severity findings.

Parsed = tuple[dict, dict]


def norm(corpus: Corpus, p: str) -> str:
    if os.path.isabs(p):
        p = os.path.relpath(p, corpus.dir)
    return os.path.normpath(p)


def parse_catlint(corpus: Corpus, out: Path, err: Path) -> Parsed:
    doc = json.loads(out.read_text(encoding="utf-8"))
    errors: dict = collections.defaultdict(list)
    warnings: dict = collections.defaultdict(list)
    for d in doc["diagnostics"]:
        target = errors if d["severity"] == "error" else warnings
        target[norm(corpus, d["path"])].append(f"{d['severity']}[{d['rule']}] {d['message']}")
    return dict(errors), dict(warnings)


LINTEL_LINE = re.compile(r"^(?:error|warning): (.+?\.md)(?::\d+(?::\d+)?)?: (.*)$")


def parse_lintel(corpus: Corpus, out: Path, err: Path) -> Parsed:
    """`lintel ci` prints `error: PATH: message` per finding (to stderr) and a summary."""
    errors: dict = collections.defaultdict(list)
    for f in (out, err):
        for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
            m = LINTEL_LINE.match(line)
            if m:
                errors[norm(corpus, m.group(1))].append(m.group(2).strip())
    return dict(errors), {}


def parse_check_jsonschema(corpus: Corpus, out: Path, err: Path) -> Parsed:
    """-o json; xargs may have run several batches, each printing one JSON document."""
    errors: dict = collections.defaultdict(list)
    text = out.read_text(encoding="utf-8")
    dec = json.JSONDecoder()
    i = 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        doc, i = dec.raw_decode(text, i)
        for e in doc.get("errors", []):
            errors[yaml_to_page(e["filename"])].append(f"{e['path']}: {e['message']}")
        for e in doc.get("parse_errors", []):
            errors[yaml_to_page(e["filename"])].append(f"parse error: {e['message']}")
    return dict(errors), {}


def yaml_to_page(filename: str) -> str:
    slug = os.path.basename(filename)[: -len(".yaml")]
    return f"content/categories/{slug}/_index.md"


def parse_remark(corpus: Corpus, out: Path, err: Path) -> Parsed:
    """--report json (vfile-reporter-json) writes one JSON array to stderr; Node's own
    warnings may precede it."""
    errors: dict = collections.defaultdict(list)
    report = None
    for line in err.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("[{") or line == "[]":
            report = json.loads(line)
    if report is None:
        raise ValueError("no JSON report on stderr")
    for f in report:
        for m in f.get("messages", []):
            errors[norm(corpus, f["path"])].append(m.get("reason", "").split(" • ")[0])
    return dict(errors), {}


def parse_none(corpus: Corpus, out: Path, err: Path) -> Parsed:
    return {}, {}


# ----------------------------------------------------------------------------- tools


@dataclass
class Tool:
    key: str
    label: str
    argv: list
    cwd: Path
    ok: set
    parse: Callable[[Corpus, Path, Path], Parsed]
    fresh_cache: Optional[Path] = None  # a new, empty XDG_CACHE_HOME for every run
    runs: list = field(default_factory=list)
    warmup: Optional[dict] = None
    failed: Optional[str] = None
    baseline_of: Optional[str] = None  # the key of the tool this is the --baseline twin of


def baseline_twin(args, t: Tool, label: str, swap: Optional[dict] = None) -> Tool:
    """The same command as t with the --baseline binary in place of args.catlint (and each
    argument in swap replaced by its value)."""
    swap = {str(args.catlint): str(args.baseline), **(swap or {})}
    argv = [swap.get(a, a) for a in t.argv]
    return Tool(f"{t.key}-baseline", label, argv, t.cwd, set(t.ok), t.parse, baseline_of=t.key)


def make_tools(args, corpus: Corpus, schema: Path, remark_rc: Path) -> list[Tool]:
    tools = []
    ver = args.versions
    cat_cmd = "find content -name '*.md' -print0 | xargs -0 cat > /dev/null"
    target = "content" if corpus.is_site else "content/categories"
    bl_name = f"catlint {ver.get('catlint-baseline', '')} (baseline)"
    if corpus.is_latency:
        page = sorted((corpus.dir / "content" / "categories").glob("*/_index.md"))[0].relative_to(corpus.dir)
        one = [str(args.catlint), "check", str(page), "--format", "json", "--quiet", "--color", "never"]
        if "catlint" in args.only:
            cold = Tool("catlint-one-cold", "catlint, one page, no index cache (--no-cache)",
                        one + ["--no-cache"], corpus.dir, {0, 1}, parse_none)
            cache = str(args.work / "cache" / "catlint")
            warm = Tool("catlint-one", "catlint, one page, index cache warm",
                        one + ["--cache-dir", cache], corpus.dir, {0, 1}, parse_none)
            tools.append(cold)
            if args.baseline:
                tools.append(baseline_twin(args, cold, f"{bl_name}, one page, no index cache (--no-cache)"))
            tools.append(warm)
            if args.baseline:  # its own cache: the two binaries' index caches must not mix
                tools.append(baseline_twin(args, warm, f"{bl_name}, one page, index cache warm",
                                           {cache: str(args.work / "cache" / "catlint-baseline")}))
        if "rg" in args.only:
            tools.append(Tool("rg", "floor: rg -c '^---$' (all pages)", [args.rg, "-c", "^---$", "content"],
                              corpus.dir, {0, 1}, parse_none))
        return tools
    if "catlint" in args.only:
        tools.append(Tool("catlint", f"catlint {ver.get('catlint', '')}",
                          [str(args.catlint), "check", target, "--format", "json", "--quiet",
                           "--color", "never", "--no-cache"], corpus.dir, {0, 1}, parse_catlint))
        if args.baseline:
            tools.append(baseline_twin(args, tools[-1], bl_name))
    if "rg" in args.only:
        tools.append(Tool("rg", "floor: rg -c '^---$'", [args.rg, "-c", "^---$", "content"],
                          corpus.dir, {0, 1}, parse_none))
    if "cat" in args.only:
        tools.append(Tool("cat", "floor: cat (find \\| xargs cat)", ["sh", "-c", cat_cmd], corpus.dir, {0},
                          parse_none))
    if corpus.is_site:
        return tools  # the peers have no cross-file rules
    if "lintel" in args.only:
        (corpus.dir / "lintel.toml").write_text(
            "# written by bench/bench.py: check the category pages against catlint's schema\n"
            "root = true\n\n[schemas]\n"
            f'"content/categories/**/_index.md" = "{schema}"\n')
        tools.append(Tool("lintel", f"lintel {ver.get('lintel', '')} (reads the .md files)",
                          [str(args.lintel), "ci", "--no-catalog", "--force", "content/categories"],
                          corpus.dir, {0, 1}, parse_lintel,
                          fresh_cache=args.work / "cache" / "lintel"))
    if "check-jsonschema" in args.only:
        tools.append(Tool("check-jsonschema", f"check-jsonschema {ver.get('check-jsonschema', '')} (extracted .yaml)",
                          ["xargs", "-0", "-s", str(XARGS_MAX_CHARS), "-a", str(corpus.yaml_list),
                           str(args.check_jsonschema), "--schemafile", str(schema), "-o", "json"],
                          corpus.yaml_dir, {0, 123}, parse_check_jsonschema))
    if "remark" in args.only and corpus.pages <= REMARK_MAX_PAGES:
        nm = args.node_dir / "node_modules"
        tools.append(Tool("remark", f"remark-lint-frontmatter-schema {ver.get('remark-lint-frontmatter-schema', '')}",
                          ["node", str(nm / "remark-cli" / "cli.js"), "content/categories",
                           "--rc-path", str(remark_rc), "--no-config", "--quiet", "--no-stdout",
                           "--report", str(nm / "vfile-reporter-json" / "index.js")],
                          corpus.dir, {0, 1}, parse_remark))
    return tools


def write_remark_rc(args, schema: Path) -> Path:
    """remark-lint-frontmatter-schema joins schema paths to the working directory, so the
    schema is named relative to a corpus (every corpus is a child of WORK; an absolute
    path gets joined to the working directory too). Imports are absolute because ES
    modules do not honour NODE_PATH."""
    nm = args.node_dir / "node_modules"
    rc = args.work / "remarkrc.mjs"
    rel = os.path.relpath(schema, args.work / "c0")
    rc.write_text(
        "// written by bench/bench.py\n"
        f"import remarkFrontmatter from {json.dumps(str(nm / 'remark-frontmatter' / 'index.js'))};\n"
        "import remarkLintFrontmatterSchema from "
        f"{json.dumps(str(nm / 'remark-lint-frontmatter-schema' / 'dist' / 'index.js'))};\n"
        "export default {\n  plugins: [\n    remarkFrontmatter,\n    [remarkLintFrontmatterSchema, {\n"
        f"      schemas: {{ {json.dumps(rel)}: ['content/categories/**/_index.md'] }},\n"
        "    }],\n  ],\n};\n")
    return rc


# ----------------------------------------------------------------------------- measuring


MEASURE = Path(__file__).resolve().parent / "measure.py"


def measure(argv: list, cwd: Path, out: Path, err: Path, env: Optional[dict] = None) -> dict:
    """One run in a fresh child of a minimal measuring process (see measure.py)."""
    p = subprocess.run([sys.executable, "-I", "-S", str(MEASURE), str(cwd), str(out), str(err), *argv],
                       env=env, capture_output=True, text=True, check=False)
    try:
        wall, rss, code = p.stdout.split()
    except ValueError:
        raise SystemExit(f"bench.py: measure.py failed: {p.stderr.strip()}") from None
    return {"wall_s": float(wall), "maxrss_kib": int(rss), "exit": int(code)}


def run_once(tool: Tool, outdir: Path) -> dict:
    env = dict(os.environ)
    if tool.fresh_cache is not None:
        shutil.rmtree(tool.fresh_cache, ignore_errors=True)
        tool.fresh_cache.mkdir(parents=True)
        env["XDG_CACHE_HOME"] = str(tool.fresh_cache)
    r = measure(tool.argv, tool.cwd, outdir / f"{tool.key}.stdout", outdir / f"{tool.key}.stderr", env)
    if tool.fresh_cache is not None:  # what the tool cached (so we know the cache was in play)
        r["cache_files"] = sum(len(files) for _d, _s, files in os.walk(tool.fresh_cache))
        shutil.rmtree(tool.fresh_cache, ignore_errors=True)
    return r


def rss_floor(work: Path) -> int:
    """The peak RSS a run of `true` reports: what the measuring process itself contributes."""
    return max(measure(["true"], work, Path(os.devnull), Path(os.devnull))["maxrss_kib"] for _ in range(3))


def check_run(tool: Tool, r: dict, outdir: Path) -> Optional[str]:
    if r["exit"] in tool.ok:
        return None
    tail = (outdir / f"{tool.key}.stderr").read_text(encoding="utf-8", errors="replace").strip()
    tail = " ".join(tail.splitlines()[-3:])[:300]
    what = f"killed by signal {-r['exit']}" if r["exit"] < 0 else f"exit {r['exit']}"
    return f"{what}: {tail}"


def bench_corpus(args, corpus: Corpus, tools: list[Tool]) -> None:
    outdir = args.work / "out" / corpus.name
    outdir.mkdir(parents=True, exist_ok=True)
    for t in tools:
        log(f"{corpus.name}: warm-up {t.key}")
        t.warmup = run_once(t, outdir)
        t.failed = check_run(t, t.warmup, outdir)
        if t.failed:
            log(f"{corpus.name}: {t.key} FAILED ({t.failed}); no measured runs")
    for i in range(args.runs):
        # Each round starts with another tool: the one before a tool may have warmed (or, on a
        # machine that reclaims the page cache, cooled) the files it reads.
        for t in tools[i % len(tools):] + tools[:i % len(tools)]:
            if t.failed:
                continue
            # A tool whose warm-up took minutes is measured once: its spread is small next to
            # the ratios, and five runs of remark at 10,000 pages would take half an hour.
            if i > 0 and t.warmup and t.warmup["wall_s"] > args.slow_after:
                continue
            r = run_once(t, outdir)
            t.runs.append(r)
            log(f"{corpus.name}: run {i + 1}/{args.runs} {t.key}: {r['wall_s']:.3f} s, "
                f"{r['maxrss_kib'] / 1024:.1f} MiB, exit {r['exit']}")
            t.failed = check_run(t, r, outdir)
            if t.failed:
                log(f"{corpus.name}: {t.key} FAILED ({t.failed})")
                break


# ----------------------------------------------------------------------------- comparison


# how each tool words a YAML syntax error (catlint's rule `syntax`, lintel's "YAML frontmatter:",
# check-jsonschema's parse_errors); schema violations of a half-parsed document do not match
PARSE_ERROR = re.compile(r"\[syntax\]|^parse error|^YAML frontmatter|YAMLParseError|YAMLException")


def compare(corpus: Corpus, flagged: dict, warnings: dict, warn_only_rules: set) -> dict:
    rows = corpus.manifest
    truth = {p for p, r in rows.items() if r["valid"] == "0"}
    fl = set(flagged)
    tp, fn, fp = fl & truth, truth - fl, fl - truth
    per_class: dict = {}
    per_variant: dict = {}
    for p in truth:
        r = rows[p]
        c = per_class.setdefault(r["defect"], {"caught": 0, "total": 0, "as_warning": 0})
        v = per_variant.setdefault(f"{r['defect']}/{r['variant']}", {"caught": 0, "total": 0})
        c["total"] += 1
        v["total"] += 1
        if p in fl:
            c["caught"] += 1
            v["caught"] += 1
            if any(PARSE_ERROR.search(m) for m in flagged[p]):
                c["as_parse_error"] = c.get("as_parse_error", 0) + 1
        elif any(m.split("]")[0].split("[")[-1] in warn_only_rules for m in warnings.get(p, [])):
            c["as_warning"] += 1

    def spread(paths):  # up to EXAMPLES, round-robin over defect classes
        by: dict = collections.defaultdict(list)
        for p in sorted(paths):
            by[rows[p]["defect"] if p in rows else "(not in manifest)"].append(p)
        out = []
        while len(out) < EXAMPLES and any(by.values()):
            for k in sorted(by):
                if by[k] and len(out) < EXAMPLES:
                    out.append(by[k].pop(0))
        return out

    def example(p, msgs):
        r = rows.get(p)
        what = (f"{r['defect']}/{r['variant']}: {r['detail']}" if r and r["defect"]
                else "valid page" if r else "not in manifest")
        return {"path": p, "manifest": what, "tool_said": (msgs or [""])[0][:200]}

    def defect_specific_warnings(p):
        return [m for m in warnings.get(p, []) if m.split("]")[0].split("[")[-1] in warn_only_rules]

    return {
        "flagged": len(fl), "true_positives": len(tp), "missed": len(fn), "false_positives": len(fp),
        "invalid_in_manifest": len(truth), "per_class": per_class, "per_variant": per_variant,
        "missed_examples": [example(p, defect_specific_warnings(p)) for p in spread(fn)],
        "false_positive_examples": [example(p, flagged[p]) for p in spread(fp)],
    }


def analyse(args, corpus: Corpus, tools: list[Tool]) -> dict:
    outdir = args.work / "out" / corpus.name
    result = {}
    for t in tools:
        if t.failed or t.parse is parse_none or t.baseline_of:
            continue  # the baseline is not a peer: baseline_check compares it with catlint
        try:
            flagged, warnings = t.parse(corpus, outdir / f"{t.key}.stdout", outdir / f"{t.key}.stderr")
        except (ValueError, KeyError, OSError) as e:
            result[t.key] = {"parse_error": str(e)}
            continue
        if corpus.is_latency:
            continue
        if corpus.is_site:
            result[t.key] = site_check(corpus, flagged, warnings)
            continue
        # warning rules that never fire on a valid page point at a defect (e.g. too-long)
        valid = {p for p, r in corpus.manifest.items() if r["valid"] == "1"}
        rules_on_valid = {m.split("]")[0].split("[")[-1] for p in valid for m in warnings.get(p, [])}
        all_rules = {m.split("]")[0].split("[")[-1] for ms in warnings.values() for m in ms}
        result[t.key] = compare(corpus, flagged, warnings, all_rules - rules_on_valid)
    return result


def baseline_check(args, corpus: Corpus, tools: list[Tool]) -> dict:
    """What each baseline tool found next to its counterpart (from both last runs' output):
    files with errors, files with any diagnostic, diagnostics, and how many differ."""
    outdir = args.work / "out" / corpus.name
    by_key = {t.key: t for t in tools}
    result = {}
    for t in tools:
        cur = by_key.get(t.baseline_of or "")
        if cur is None or t.parse is parse_none or t.failed or cur.failed:
            continue
        found = {}
        try:
            for who, tool in (("baseline", t), ("catlint", cur)):
                errors, warnings = tool.parse(corpus, outdir / f"{tool.key}.stdout", outdir / f"{tool.key}.stderr")
                diags = collections.Counter(f"{p}: {m}" for d in (errors, warnings) for p, ms in d.items() for m in ms)
                found[who] = (set(errors), set(errors) | set(warnings), diags)
        except (ValueError, KeyError, OSError) as e:
            result[t.key] = {"parse_error": str(e)}
            continue
        (b_err, b_any, b_d), (c_err, c_any, c_d) = found["baseline"], found["catlint"]
        result[t.key] = {
            "against": cur.key,
            "files_with_errors": {"baseline": len(b_err), "catlint": len(c_err),
                                  "only_baseline": len(b_err - c_err), "only_catlint": len(c_err - b_err)},
            "files_with_diagnostics": {"baseline": len(b_any), "catlint": len(c_any),
                                       "only_baseline": len(b_any - c_any), "only_catlint": len(c_any - b_any)},
            "diagnostics": {"baseline": sum(b_d.values()), "catlint": sum(c_d.values()),
                            "only_baseline": sum((b_d - c_d).values()), "only_catlint": sum((c_d - b_d).values())},
            "only_baseline_examples": sorted((b_d - c_d).elements())[:EXAMPLES],
            "only_catlint_examples": sorted((c_d - b_d).elements())[:EXAMPLES],
        }
    return result


def site_check(corpus: Corpus, errors: dict, warnings: dict) -> dict:
    want = {p for p, n in corpus.manifest.items() if n > 0}
    got = {p for p, ms in warnings.items() if any("[undefined-term]" in m for m in ms)}
    rules = collections.Counter(m.split("]")[0] + "]" for ms in list(errors.values()) + list(warnings.values())
                                for m in ms)
    return {
        "term_pages_with_errors": len([p for p in errors if "/posts/" not in p]),
        "error_examples": [{"path": p, "tool_said": ms[0][:200]} for p, ms in sorted(errors.items())[:EXAMPLES]],
        "undefined_term": {"posts_in_manifest": len(want), "flagged": len(got),
                           "true_positives": len(got & want), "missed": len(want - got),
                           "false_positives": len(got - want),
                           "missed_examples": sorted(want - got)[:EXAMPLES],
                           "false_positive_examples": sorted(got - want)[:EXAMPLES]},
        "diagnostics_by_rule": dict(sorted(rules.items())),
    }


# ----------------------------------------------------------------------------- machine


def first_line(argv: list, cwd=None) -> str:
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=60, cwd=cwd)
        return (p.stdout or p.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "(unavailable)"


VERSION_RE = re.compile(r"\d+\.\d+(?:\.\d+)?")


def machine(args) -> dict:
    cpu = "(unknown)"
    mem = "(unknown)"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    osname = platform.system()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                osname = line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    versions = {"catlint": first_line([str(args.catlint), "--version"])}
    if args.baseline:
        versions["catlint-baseline"] = first_line([str(args.baseline), "--version"])
    versions["python"] = platform.python_version()
    if "rg" in args.only:
        versions["rg"] = first_line([args.rg, "--version"])
    if "cat" in args.only:
        versions["cat"] = first_line(["cat", "--version"])
    if "lintel" in args.only:
        versions["lintel"] = first_line([str(args.lintel), "--version"])
    if "check-jsonschema" in args.only:
        versions["check-jsonschema"] = first_line([str(args.check_jsonschema), "--version"])
    if "remark" in args.only:
        versions["node"] = first_line(["node", "--version"])
        for pkg in ("remark-cli", "remark-frontmatter", "remark-lint-frontmatter-schema"):
            try:
                pj = json.loads((args.node_dir / "node_modules" / pkg / "package.json").read_text())
                versions[pkg] = pj["version"]
            except (OSError, ValueError, KeyError):
                versions[pkg] = "(unavailable)"
    return {"nproc": len(os.sched_getaffinity(0)), "cpu": cpu, "memory": mem,
            "kernel": platform.release(), "os": osname, "versions": versions,
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


# ----------------------------------------------------------------------------- report


def fmt_s(x: float) -> str:
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def fmt_x(r: float) -> str:
    return f"{r:.2f}×" if r < 10 else f"{r:.0f}×"


def tool_summary(t: Tool) -> dict:
    d = {"label": t.label, "argv": t.argv, "cwd": str(t.cwd), "warmup": t.warmup, "runs": t.runs,
         "failed": t.failed}
    if t.runs and not t.failed:
        d["median_wall_s"] = statistics.median(r["wall_s"] for r in t.runs)
        d["max_rss_mib"] = max(r["maxrss_kib"] for r in t.runs) / 1024
    return d


def render(args, info: dict, corpora: list, results: dict) -> str:
    L = ["# catlint side-by-side benchmark", ""]
    v = info["clean_versions"]
    L.append(f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM, {info['os']}, "
             f"Linux {info['kernel']}; {info['date']}.")
    L.append("Versions: " + ", ".join(f"{k} {val}" for k, val in v.items()) + ".")
    floor = info["rss_floor_kib"] / 1024
    L.append(f"Each tool: one warm-up run, then {args.runs} measured runs interleaved round by round, "
             "each round starting with the next tool "
             f"(one, for a tool whose warm-up took over {args.slow_after:.0f} s); "
             "median wall time; peak RSS is the maximum over the measured runs of ru_maxrss (os.wait4: "
             "the child and its descendants), in MiB (2^20 bytes); stdout and stderr go to files. "
             f"The measuring process adds a floor of {floor:.1f} MiB (Linux carries the forking "
             f"process's RSS into the child's ru_maxrss), so smaller peaks show as ≤ {floor:.1f}.")
    if "catlint_baseline_binary" in info:
        bb = info["catlint_baseline_binary"]
        same = " — the same binary as catlint's" if bb["sha256"] == info["catlint_binary"]["sha256"] else ""
        L.append("")
        L.append(f"Baseline: catlint-baseline is {bb['path']} (catlint {v.get('catlint-baseline', '?')}, "
                 f"sha256 {bb['sha256'][:16]}…{same}), run with exactly catlint's arguments in the same "
                 "rounds; in the tables, a baseline row's \u201cTime ÷ catlint's\u201d is its time ÷ its counterpart's.")
    L.append("")
    for corpus in corpora:
        res = results[corpus.name]
        floor = info["rss_floor_kib"] / 1024
        tools = res["tools"]
        L.append(f"## {corpus.title}")
        L.append("")
        extra = "" if corpus.is_site or corpus.is_latency else (f", {fmt_int(sum(r['valid'] == '0' for r in corpus.manifest.values()))}"
                                           " invalid per manifest.tsv")
        L.append(f"{fmt_int(corpus.md_files)} .md files, {corpus.md_bytes / 1e6:.1f} MB under content/{extra}.")
        L.append("")
        rg = tools.get("rg", {}).get("median_wall_s")
        cl = tools.get("catlint", {}).get("median_wall_s")
        L.append("| Tool | Median wall (s) | Peak RSS (MiB) | × rg floor | Time ÷ catlint's |")
        L.append("|---|---:|---:|---:|---:|")
        for key in TOOL_ORDER:
            if key not in tools:
                continue
            t = tools[key]
            if "median_wall_s" not in t:
                L.append(f"| {t['label']} | failed | | | |")
                continue
            m = t["median_wall_s"]
            vs_rg = fmt_x(m / rg) if rg else "–"
            # a baseline tool is divided by its own counterpart (catlint-one-baseline by catlint-one)
            ref = tools.get(BASELINE_OF[key], {}).get("median_wall_s") if key in BASELINE_OF else cl
            vs_cl = fmt_x(m / ref) if ref and key != "catlint" else "–"
            rss = t["max_rss_mib"]
            rss_s = f"≤ {floor:.1f}" if rss <= floor + 0.25 else f"{rss:.1f}"
            L.append(f"| {t['label']} | {fmt_s(m)} | {rss_s} | {vs_rg} | {vs_cl} |")
        if "remark" in args.only and not corpus.is_site and corpus.pages > REMARK_MAX_PAGES:
            L.append(f"| remark-lint-frontmatter-schema | not run above {fmt_int(REMARK_MAX_PAGES)} pages "
                     "(minutes per run and GBs of RAM at 10,000) | | | |")
        if corpus.is_site and not corpus.is_latency:
            L.append("| lintel, check-jsonschema, remark | not run: no cross-file rules "
                     "(undefined terms, duplicate terms) | | | |")
        L.append("")
        L.extend(render_baseline(corpus, res))
        if cl:
            said = []
            for key in TOOL_ORDER:
                t = tools.get(key, {})
                if key in FLOORS or key == "catlint" or key in BASELINE_OF or "median_wall_s" not in t:
                    continue
                r = t["median_wall_s"] / cl
                name = t["label"].split(" (")[0]
                said.append(f"catlint is {fmt_x(r)} faster than {name}" if r >= 1
                            else f"{name} is {fmt_x(1 / r)} faster than catlint")
            if said:
                L.append("; ".join(said) + ".")
                L.append("")
        fails = [(k, t["failed"]) for k, t in tools.items() if t.get("failed")]
        for k, why in fails:
            L.append(f"- **{k} failed**: {why}")
        if fails:
            L.append("")
        L.extend(render_accuracy(corpus, res))
    L.extend(render_commands(args, corpora, results))
    return "\n".join(L).rstrip() + "\n"


def render_baseline(corpus: Corpus, res: dict) -> list:
    """One sentence: this catlint's median time ÷ the baseline's, per baseline tool; then what
    the baseline flagged next to catlint."""
    tools = res["tools"]
    parts = []
    for key, cur in BASELINE_OF.items():
        b, c = tools.get(key, {}), tools.get(cur, {})
        if "median_wall_s" not in b or "median_wall_s" not in c:
            continue
        what = {"catlint-one-cold": " with no index cache", "catlint-one": " with a warm index cache"}.get(cur, "")
        n_c, n_b = len(c["runs"]), len(b["runs"])
        runs = (f", medians of {n_c} run{'s' * (n_c != 1)} each" if n_c == n_b
                else f", medians of {n_c} and {n_b} runs")
        noisy = "; under 5 runs, mostly noise" if min(n_c, n_b) < 5 else ""
        of = "" if parts else " the baseline's median time"  # said once
        parts.append(f"{fmt_x(c['median_wall_s'] / b['median_wall_s'])}{of}{what} "
                     f"({fmt_s(c['median_wall_s'])} s vs {fmt_s(b['median_wall_s'])} s{runs}{noisy})")
    if not parts:
        return []
    L = ["Against the baseline: this catlint takes " + ", and ".join(parts) + "."]
    for key, bc in res.get("baseline_check", {}).items():
        if "parse_error" in bc:
            L[-1] += f" The baseline's output could not be parsed: {bc['parse_error'][:120]}."
            continue
        fe, fd, d = bc["files_with_errors"], bc["files_with_diagnostics"], bc["diagnostics"]
        same = ("the same diagnostics" if d["only_baseline"] == d["only_catlint"] == 0 else
                f"{fmt_int(d['only_baseline'])} of its diagnostics not in catlint's output and "
                f"{fmt_int(d['only_catlint'])} of catlint's not in its own")
        L[-1] += (f" The baseline flagged {fmt_int(fe['baseline'])} files with errors (this catlint "
                  f"{fmt_int(fe['catlint'])}) and {fmt_int(fd['baseline'])} with any diagnostic (this catlint "
                  f"{fmt_int(fd['catlint'])}): {same}.")
    L.append("")
    for key, bc in res.get("baseline_check", {}).items():
        for ex in bc.get("only_baseline_examples", []):
            L.append(f"- only the baseline: `{ex[:200]}`")
        for ex in bc.get("only_catlint_examples", []):
            L.append(f"- only this catlint: `{ex[:200]}`")
        if bc.get("only_baseline_examples") or bc.get("only_catlint_examples"):
            L.append("")
    return L


def render_commands(args, corpora: list, results: dict) -> list:
    L = ["## How each tool was run", ""]
    subs = ([(str(args.baseline), "catlint-baseline")] if args.baseline else []) + [
        (str(args.catlint), "catlint"), (str(args.node_dir.parent), "$BENCH_TOOLS"),
            (str(args.work), "$BENCH_WORK"), (str(args.root) + "/", "")]
    shown = set()
    for corpus in corpora:
        for key, t in results[corpus.name]["tools"].items():
            argv = t["argv"]
            shown_argv = argv[2] if argv[:2] == ["sh", "-c"] else shlex.join(argv)
            cmd = f"(cd {shlex.quote(t['cwd'])} && {shown_argv})"
            for a, b in subs:
                cmd = cmd.replace(a, b)
            generic = cmd.replace(f"/{corpus.name}", "/<corpus>")
            if (key, generic) in shown:
                continue
            shown.add((key, generic))
            L.append(f"- {key} ({corpus.name}): `{cmd}`")
    L.append("")
    L.append("catlint is a copy of target/release/catlint taken at the start (`$BENCH_WORK/bin/catlint`). "
             "catlint's schema: `catlint schema > $BENCH_WORK/category.schema.json`; lintel reads it through "
             "`<corpus>/lintel.toml` (`[schemas] \"content/categories/**/_index.md\" = SCHEMA`) with a fresh "
             "`XDG_CACHE_HOME` per run; remark through `$BENCH_WORK/remarkrc.mjs`.")
    if args.baseline:
        L[-1] += (f" catlint-baseline is a copy of {args.baseline_src} taken at the start "
                  "(`$BENCH_WORK/bin/catlint-baseline`).")
    return L


def render_accuracy(corpus: Corpus, res: dict) -> list:
    acc = res["accuracy"]
    tools = res["tools"]
    L = []
    if corpus.is_site:
        for key, a in acc.items():
            if "parse_error" in a:
                L.append(f"{key}: could not parse its output: {a['parse_error']}")
                continue
            u = a["undefined_term"]
            L.append(f"Cross-file check ({key}): `undefined-term` flagged {fmt_int(u['flagged'])} posts; "
                     f"posts-manifest.tsv lists {fmt_int(u['posts_in_manifest'])} with undefined references: "
                     f"{fmt_int(u['true_positives'])} found, {fmt_int(u['missed'])} missed, "
                     f"{fmt_int(u['false_positives'])} false positives. Term pages with errors: "
                     f"{a['term_pages_with_errors']} (the generator makes them all valid).")
            for ex in u["missed_examples"]:
                L.append(f"- missed: `{ex}`")
            for ex in u["false_positive_examples"]:
                L.append(f"- false positive: `{ex}`")
            for ex in a["error_examples"]:
                L.append(f"- error: `{ex['path']}`: {ex['tool_said']}")
            L.append("")
        return L
    if not acc:
        return L
    L.append("### Flagged files vs ground truth")
    L.append("")
    L.append("Flagged = catlint: files with at least one error-severity diagnostic; peers: files "
             "they report as invalid.")
    L.append("")
    L.append("| Tool | Flagged | True positives | Missed | False positives |")
    L.append("|---|---:|---:|---:|---:|")
    for key, a in acc.items():
        if "parse_error" in a:
            L.append(f"| {key} | output not parsable: {a['parse_error'][:80]} | | | |")
            continue
        L.append(f"| {tools[key]['label'].split(' (')[0]} | {fmt_int(a['flagged'])} | "
                 f"{fmt_int(a['true_positives'])} | {fmt_int(a['missed'])} | {fmt_int(a['false_positives'])} |")
    L.append("")
    ok = {k: a for k, a in acc.items() if "parse_error" not in a}
    if not ok:
        return L
    classes = sorted({c for a in ok.values() for c in a["per_class"]})
    L.append("Caught / invalid files, by the generator's defect class:")
    L.append("")
    L.append("| Defect class | " + " | ".join(ok) + " |")
    L.append("|---|" + "---:|" * len(ok))
    for c in classes:
        cells = []
        for a in ok.values():
            pc = a["per_class"].get(c, {"caught": 0, "total": 0, "as_warning": 0})
            cell = f"{pc['caught']}/{pc['total']}"
            if pc.get("as_warning"):
                cell += f" (+{pc['as_warning']} as warning)"
            cells.append(cell)
        L.append(f"| {c} | " + " | ".join(cells) + " |")
    if "malformed_yaml" in classes:
        L.append("| ↳ malformed_yaml reported as a YAML syntax error | " + " | ".join(
            str(a["per_class"].get("malformed_yaml", {}).get("as_parse_error", 0)) for a in ok.values()) + " |")
    L.append("| false positives (valid pages flagged) | " + " | ".join(str(a["false_positives"]) for a in ok.values()) + " |")
    L.append("")
    variants = sorted({v for a in ok.values() for v, pv in a["per_variant"].items() if pv["caught"] < pv["total"]})
    if variants:
        L.append("Defect variants that some tool missed:")
        L.append("")
        L.append("| Defect/variant | " + " | ".join(ok) + " |")
        L.append("|---|" + "---:|" * len(ok))
        for v in variants:
            L.append(f"| {v} | " + " | ".join(
                "{caught}/{total}".format(**a["per_variant"].get(v, {"caught": 0, "total": 0})) for a in ok.values()) + " |")
        L.append("")
    for key, a in ok.items():
        if a["missed_examples"] or a["false_positive_examples"]:
            L.append(f"{key}:")
            for ex in a["missed_examples"]:
                said = f" — it said: {ex['tool_said']}" if ex["tool_said"] else ""
                L.append(f"- missed `{ex['path']}` ({ex['manifest']}){said}")
            for ex in a["false_positive_examples"]:
                L.append(f"- false positive `{ex['path']}` ({ex['manifest']}): {ex['tool_said']}")
            L.append("")
    return L


# ----------------------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, required=True)
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--gen-corpus", required=True)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", default=",".join(TOOL_ORDER))
    ap.add_argument("--no-site", action="store_true")
    ap.add_argument("--site-terms", type=int, default=2000)
    ap.add_argument("--site-posts", type=int, default=50000)
    ap.add_argument("--latency-terms", type=int, default=2000)
    ap.add_argument("--latency-posts", type=int, default=8000)
    ap.add_argument("--no-latency", action="store_true")
    ap.add_argument("--slow-after", type=float, default=30.0)
    ap.add_argument("--catlint", type=Path, required=True)
    ap.add_argument("--baseline", type=Path, help="a second catlint binary, measured beside --catlint")
    ap.add_argument("--rg", default="rg")
    ap.add_argument("--lintel", type=Path)
    ap.add_argument("--check-jsonschema", type=Path)
    ap.add_argument("--node-dir", type=Path)
    args = ap.parse_args()
    args.only = set(args.only.split(","))
    sizes = [int(s) for s in args.sizes.split(",") if s]
    args.work.mkdir(parents=True, exist_ok=True)

    # A private copy: target/release/catlint may be rebuilt while the benchmark runs.
    built = args.catlint
    args.catlint = args.work / "bin" / "catlint"
    args.catlint.parent.mkdir(exist_ok=True)
    shutil.copy2(built, args.catlint)
    log(f"benchmarking a copy of {built} (sha256 {sha256(args.catlint)[:16]}…)")
    args.baseline_src = args.baseline
    if args.baseline:
        args.baseline = args.work / "bin" / "catlint-baseline"
        shutil.copy2(args.baseline_src, args.baseline)
        log(f"baseline: a copy of {args.baseline_src} (sha256 {sha256(args.baseline)[:16]}…)")
        if "catlint" not in args.only:
            log("bench.py: warning: --baseline without catlint in --only measures nothing")
    schema = args.work / "category.schema.json"
    with open(schema, "wb") as f:
        subprocess.run([str(args.catlint), "schema"], stdout=f, check=True)
    remark_rc = write_remark_rc(args, schema) if "remark" in args.only else args.work / "remarkrc.mjs"

    corpora = [ensure_corpus(args, n) for n in sizes]
    if not args.no_site:
        corpora.append(ensure_site(args))
    if not args.no_latency:
        corpora.append(ensure_site(args, "site10k", args.latency_terms, args.latency_posts, latency=True))
    info = machine(args)
    info["rss_floor_kib"] = rss_floor(args.work)
    args.versions = {k: (VERSION_RE.search(v) or re.search(".*", v)).group(0) for k, v in info["versions"].items()}
    info["clean_versions"] = dict(args.versions)
    info["catlint_binary"] = {"built": str(built), "sha256": sha256(args.catlint)}
    if args.baseline:
        info["catlint_baseline_binary"] = {"path": str(args.baseline_src), "copy": str(args.baseline),
                                           "sha256": sha256(args.baseline)}
    results = {}
    for corpus in corpora:
        tools = make_tools(args, corpus, schema, remark_rc)
        bench_corpus(args, corpus, tools)
        results[corpus.name] = {
            "title": corpus.title, "dir": str(corpus.dir), "md_files": corpus.md_files,
            "md_bytes": corpus.md_bytes,
            "tools": {t.key: tool_summary(t) for t in tools},
            "accuracy": analyse(args, corpus, tools),
        }
        if args.baseline:
            results[corpus.name]["baseline_check"] = baseline_check(args, corpus, tools)
    md = render(args, info, corpora, results)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.md").write_text(md, encoding="utf-8")
    (args.out / "results.json").write_text(json.dumps(
        {"machine": info, "runs": args.runs, "seed": SEED, "invalid_rate": INVALID_RATE,
         "corpora": results}, indent=2) + "\n", encoding="utf-8")
    print(md)
    log(f"wrote {args.out / 'results.md'} and {args.out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
