"""The Hugo oracle: catlint's cross-file taxonomy findings must agree with what real Hugo builds.

For every fixture site (`fixtures/hugo/*/` holding a Hugo configuration) and every generated
site (generate.py, fixed seed), Hugo builds a copy of the site with the oracle layout
(hugo_run.py), catlint checks the original (`catlint check <site> --format json --no-cache`)
and compare.py asserts the equalities (A)-(F) and the site's `expected.json`. Generated sites
are checked by one catlint run over the folder holding them all, split by site.

A fixture may hold `oracle.json`: {"now": "<RFC 3339>", "hugo_args": ["--buildDrafts", ...]}.
Exits 1 on any disagreement or failure; ends with a summary line.
Run through scripts/test-hugo-oracle.sh, which installs the pinned Hugo and PyYAML.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import compare
import generate
import hugo_run

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_NOW = "2026-01-01T00:00:00Z"
MIN_SITES_PER_CLASS = 20
MIN_EACH_OUTCOME = 50
SCRIPT = "bash scripts/test-hugo-oracle.sh"


@dataclass
class SiteRun:
    label: str  # shown in messages: the fixture path, or the generated site's name
    path: Path
    now: str = DEFAULT_NOW
    hugo_args: list[str] = field(default_factory=list)
    expected: list[dict] | None = None
    generated: generate.Site | None = None
    hugo: hugo_run.HugoResult | None = None
    findings: list[compare.Finding] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    disagreements: list[compare.Disagreement] = field(default_factory=list)
    stats: compare.Stats = field(default_factory=compare.Stats)
    replay: str = ""
    skip: bool = False  # catlint gave no report: nothing to compare


def shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(REPO).as_posix()
    except ValueError:
        return str(path)


def fixture_run(path: Path) -> SiteRun:
    path = path.resolve()
    run = SiteRun(label=shown(path), path=path)
    run.replay = f"{SCRIPT} --no-generated --site {shlex.quote(shown(path))}"
    oracle = path / "oracle.json"
    if oracle.is_file():
        settings = json.loads(oracle.read_text())
        run.now = settings.get("now", DEFAULT_NOW)
        run.hugo_args = list(settings.get("hugo_args", []))
    expected = path / "expected.json"
    if expected.is_file():
        run.expected = json.loads(expected.read_text())
    return run


def discover_fixtures() -> list[Path]:
    root = REPO / "fixtures" / "hugo"
    if not root.is_dir():
        return []
    return [p for p in sorted(root.iterdir()) if p.is_dir() and compare.is_site(p)]


def run_catlint(catlint: str, target: str, cwd: Path, now: str) -> tuple[int, dict | None, str]:
    env = dict(os.environ, CATLINT_NOW=now)
    env.pop("CATLINT_CACHE_DIR", None)
    proc = subprocess.run([catlint, "check", target, "--format", "json", "--no-cache"],
                          capture_output=True, text=True, cwd=cwd, env=env)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        report = None
    return proc.returncode, report, proc.stderr


def catlint_replay(run: SiteRun, catlint: str) -> str:
    return f"CATLINT_NOW={run.now} {shlex.quote(shown(Path(catlint)))} check {shlex.quote(shown(run.path))} --format json --no-cache"


def print_site(run: SiteRun) -> None:
    print(f"  --- files of {run.label} ({run.path}) ---")
    for rel in sorted(run.generated.files):
        print(f"  == {rel!r}")
        for line in run.generated.files[rel].splitlines():
            print(f"     {line}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hugo", default=os.environ.get("HUGO", "hugo"))
    parser.add_argument("--catlint", default=str(REPO / "target" / "debug" / "catlint"))
    parser.add_argument("--site", action="append", type=Path, default=[],
                        help="a site to check (repeatable; default: every fixtures/hugo/*/ site)")
    parser.add_argument("--no-fixtures", action="store_true")
    parser.add_argument("--no-generated", action="store_true")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--count", type=int, default=generate.DEFAULT_COUNT)
    parser.add_argument("--only", action="append", type=int, default=[],
                        help="check only generated site N (repeatable)")
    parser.add_argument("--keep", type=Path, help="write the generated sites to DIR and keep them")
    parser.add_argument("--jobs", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    parser.add_argument("--show", type=int, default=3,
                        help="print the files of at most N disagreeing generated sites (default 3)")
    return parser.parse_args()


def generated_runs(args: argparse.Namespace, gen_root: Path) -> list[SiteRun]:
    """Writes the generated sites to gen_root (removing earlier ones) and returns their runs."""
    print(f"hugo-oracle: seed {args.seed} (change with --seed), {args.count} generated sites")
    sites = generate.generate(args.seed, args.count)
    if args.only:
        sites = [s for i, s in enumerate(sites) if i in set(args.only)]
    gen_root.mkdir(parents=True, exist_ok=True)
    for old in gen_root.iterdir():
        if re.fullmatch(r"g\d{3,}", old.name) and old.is_dir():
            shutil.rmtree(old)
    runs = []
    for site in sites:
        run = SiteRun(label=site.name, path=site.write(gen_root), generated=site)
        keep = shlex.quote(str(args.keep.resolve() if args.keep else f"/tmp/hugo-oracle-{site.name}"))
        run.replay = f"{SCRIPT} --no-fixtures --seed {args.seed} --only {int(site.name[1:])} --keep {keep}"
        runs.append(run)
    return runs


def check_fixture(run: SiteRun, catlint: str) -> None:
    """catlint on one fixture site, named as given (repository-relative when inside it)."""
    target = shown(run.path)
    cwd = REPO if not Path(target).is_absolute() else Path.cwd()
    rc, report, stderr = run_catlint(catlint, target, cwd, run.now)
    if rc not in (0, 1) or report is None:
        run.failures.append(f"catlint exited {rc} (2: a configuration or usage error): "
                            f"{stderr.strip()[:2000]}\n    replay: {catlint_replay(run, catlint)}")
    if report is None:
        run.skip = True
    else:
        run.findings = compare.catlint_findings(report, cwd, run.path)


def check_generated(runs: list[SiteRun], catlint: str, gen_root: Path) -> list[str]:
    """One catlint run over the folder of all generated sites, split by site; its failures."""
    failures = []
    rc, report, stderr = run_catlint(catlint, ".", gen_root, DEFAULT_NOW)
    if rc not in (0, 1) or report is None:
        failures.append(f"catlint over the generated sites ({gen_root}) exited {rc} "
                        f"(2: a configuration or usage error): {stderr.strip()[:2000]}")
    if report is None:
        for run in runs:
            run.skip = True
        return failures
    if report.get("files_checked", 0) == 0:
        failures.append(f"catlint checked no file under {gen_root}")
    for run in runs:
        run.findings = compare.catlint_findings(report, gen_root, run.path)
    return failures


def compare_run(run: SiteRun) -> None:
    if run.skip:
        return
    if run.hugo.returncode != 0:
        tail = "\n".join("      " + line for line in run.hugo.output.strip().splitlines()[-15:])
        run.failures.append(f"hugo exited {run.hugo.returncode}:\n{tail}\n    command: {shlex.join(run.hugo.command)}")
        return
    try:
        cfg = compare.read_site_config(run.path)
    except Exception as e:  # noqa: BLE001 - reported as a failure of the site
        run.failures.append(f"the harness cannot read the site configuration: {e}")
        return
    run.disagreements, run.stats = compare.compare_site(
        run.path, cfg, run.hugo.pages, run.hugo.attaches, run.hugo.duplicate_targets,
        run.findings, run.expected)


def print_run(run: SiteRun, show_files: bool, keep: bool) -> None:
    print(f"\n=== {run.label}: {len(run.disagreements)} disagreement(s), {len(run.failures)} failure(s)")
    for failure in run.failures:
        print(f"{run.label}: FAILURE {failure}")
    for d in run.disagreements:
        print(d.format(run.label))
    if run.hugo and run.hugo.duplicate_targets:
        print(f"  Hugo warned: Duplicate target paths: {run.hugo.duplicate_targets}")
    if run.generated:
        if show_files:
            print_site(run)
        elif keep:
            print(f"  site kept in {run.path}")
    print(f"  replay: {run.replay}")


def coverage_problems(runs: list[SiteRun]) -> list[str]:
    """The generator's promises: every alphabet class in enough sites, both outcomes of (A)."""
    problems = []
    per_class = Counter(c for r in runs for c in r.generated.classes)
    print("\nhugo-oracle: generated sites per alphabet class: "
          + ", ".join(f"{c} {per_class[c]}" for c in generate.ALPHABET_CLASSES))
    for c in generate.ALPHABET_CLASSES:
        if per_class[c] < MIN_SITES_PER_CLASS:
            problems.append(f"alphabet class {c} appears in {per_class[c]} generated sites (< {MIN_SITES_PER_CLASS})")
    attached = sum(r.stats.attached for r in runs)
    not_attached = sum(r.stats.not_attached for r in runs)
    print(f"hugo-oracle: generated term items attached {attached}, not attached {not_attached}")
    for what, n in (("attached", attached), ("not attached", not_attached)):
        if n < MIN_EACH_OUTCOME:
            problems.append(f"(A) outcome '{what}' seen {n} times in generated sites (< {MIN_EACH_OUTCOME})")
    return problems


def main() -> int:
    args = parse_args()
    started = time.monotonic()
    catlint = os.path.abspath(args.catlint)
    pinned = hugo_run.pinned_version()
    version = subprocess.run([args.hugo, "version"], capture_output=True, text=True).stdout
    if f"hugo v{pinned}-" not in version:
        print(f"hugo-oracle: {args.hugo} is not Hugo {pinned} (scripts/hugo-oracle/HUGO_VERSION): "
              f"{version.strip()}", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="hugo-oracle-"))
    try:
        fixtures: list[SiteRun] = []
        if not args.no_fixtures:
            for path in args.site or discover_fixtures():
                if not compare.is_site(path):
                    print(f"hugo-oracle: {path} holds no Hugo configuration", file=sys.stderr)
                    return 2
                fixtures.append(fixture_run(path))
        gen_root = (args.keep or work / "generated").resolve()
        generated = [] if args.no_generated else generated_runs(args, gen_root)
        runs = fixtures + generated

        # Hugo: one build a site, a few at a time
        def build(indexed: tuple[int, SiteRun]) -> None:
            i, run = indexed
            run.hugo = hugo_run.run_hugo(args.hugo, run.path, work / "hugo" / str(i), run.now, run.hugo_args)

        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            list(pool.map(build, enumerate(runs)))
        hugo_seconds = time.monotonic() - started

        # catlint: each fixture on its own, the generated sites in one run
        for run in fixtures:
            check_fixture(run, catlint)
        problems = check_generated(generated, catlint, gen_root) if generated else []
        for run in runs:
            compare_run(run)

        # report
        failing = [r for r in runs if r.disagreements or r.failures]
        files_shown = 0
        for run in failing:
            show_files = bool(run.generated) and files_shown < args.show
            files_shown += show_files
            print_run(run, show_files, keep=bool(args.keep))
        if generated and not args.only and args.count >= generate.DEFAULT_COUNT:
            problems += coverage_problems(generated)
        total = compare.Stats()
        for run in runs:
            total.add(run.stats)
        if total.not_judged:
            print("hugo-oracle: not judged: " + ", ".join(f"{k} {v}" for k, v in sorted(total.not_judged.items())))
        for p in problems:
            print(f"hugo-oracle: FAILURE {p}")
        categories = Counter((d.check, d.rule) for r in runs for d in r.disagreements)
        if categories:
            print("hugo-oracle: disagreements by check and rule:")
            for (check, rule), n in sorted(categories.items()):
                print(f"  ({check}) {rule}: {n}")
        disagreements = sum(categories.values())
        failures = len(problems) + sum(len(r.failures) for r in runs)
        print(f"hugo-oracle: {len(fixtures)} fixture sites, {len(generated)} generated sites, "
              f"{disagreements} disagreements, {failures} failures, in {len(failing)} sites "
              f"(attached {total.attached}, not attached {total.not_attached}; "
              f"{total.judged_term_files} term files judged, {total.shared_urls} shared URLs) "
              f"in {time.monotonic() - started:.1f} s (hugo {hugo_seconds:.1f} s)")
        return 1 if disagreements or failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
