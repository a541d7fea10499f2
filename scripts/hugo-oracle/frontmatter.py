"""Hugo's side of the front matter cases: every fixtures/hugo-frontmatter/*/ site against real Hugo.

Each case folder is a tiny site, built with `effect-layouts/all.html` (copied in), which prints, for every page Hugo renders, a
`<pre class="effect">` block of `key=value` lines (file, kind, path, lang, title, the four dates,
draft, weight, list, categories, params). This script builds a copy of each site with the pinned Hugo
and asserts the case's `expected.json`:

  hugo     "fails" | "ok"   Hugo exits non-zero | zero (fatal-* cases fail, the others build);
  warns    true | false     Hugo logs at least one WARN line;
  error    substring of Hugo's ERROR lines (fatal cases), warning: of its WARN lines;
  hugo_line                 Hugo's message names `<file>:<hugo_line>:`;
  effect   for ok cases, what the page of `effect_file` (default `file`) printed: strings
           compare equal, `draft` is a boolean, `weight` an integer, `categories` a list, and
           `params` a subset of the page's .Params; `rendered: false` says no such page was rendered;
  line, file                where a linter should point (checked to exist, not against Hugo);
  note                      what Hugo does, in one sentence.

Then every date string of fixtures/hugo-dates/dates.tsv is built on its own and must read as
the table says (catlint's date parser is held to the same table by a Rust test).

With `--catlint BIN`, catlint checks each case site too (`check --format json`, no cache) and
must agree with Hugo: a `fatal-` case gets an error on `line` of `file` (the error's own span
or one it points to), a `silent-` case exactly one warning, on `line` of `file`, and no
error; an `accepted-` case nothing at all.

Prints one line per case and `hugo-frontmatter: N cases, M disagreements`; exits 1 on any
disagreement, 2 on a usage error or when the Hugo binary is not the pinned version.
Stdlib only.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CASES = REPO / "fixtures" / "hugo-frontmatter"
DATES = REPO / "fixtures" / "hugo-dates" / "dates.tsv"
LAYOUTS = HERE / "effect-layouts"
NOW = "2026-01-01T00:00:00Z"
PREFIXES = {"fatal-": "fails", "silent-": "ok", "accepted-": "ok"}
# Never `--quiet`: Hugo 0.168 then prints neither its ERROR nor its WARN lines.
FLAGS = ["--logLevel", "warn", "--clock", NOW]
_BLOCK = re.compile(r'<pre class="effect">\n(.*?)</pre>', re.S)


def pinned_version() -> str:
    return (HERE / "HUGO_VERSION").read_text().strip()


def run_hugo(hugo: str, case: Path, scratch: Path) -> tuple[int, str, str]:
    """Builds a copy of `case`; returns (exit code, stdout + stderr, output folder)."""
    site, out = scratch / "site", scratch / "public"
    shutil.copytree(case, site, ignore=shutil.ignore_patterns("public", "resources", ".hugo_build.lock"))
    # The one layout every case is built with: it prints the effect of the page's front matter.
    shutil.copytree(LAYOUTS, site / "layouts", dirs_exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUGO")}  # no HUGO_PARAMS_* etc.
    env["HUGO_CACHEDIR"] = str(scratch / "cache")
    proc = subprocess.run([hugo, "--source", str(site), "--destination", str(out), *FLAGS],
                          capture_output=True, text=True, env=env, cwd=scratch)
    return proc.returncode, proc.stdout + proc.stderr, str(out)


def read_effects(public: Path) -> dict[str, list[dict]]:
    """Every effect block under `public`, by source file (`content/...`)."""
    found: dict[str, list[dict]] = {}
    for page in sorted(public.rglob("*.html")):
        for block in _BLOCK.findall(page.read_text(encoding="utf-8", errors="replace")):
            effect: dict = {}
            for line in block.splitlines():
                key, _, value = line.partition("=")
                effect[key] = html.unescape(value)
            effect["draft"] = effect.get("draft") == "true"
            if effect.get("weight", "").lstrip("-").isdigit():
                effect["weight"] = int(effect["weight"])
            for key in ("params", "categories"):
                effect[key] = json.loads(effect.get(key) or "null")
            effect["output"] = page.relative_to(public).as_posix()
            if effect.get("file"):
                found.setdefault("content/" + effect["file"], []).append(effect)
    return found


def structure_problems(name: str, case: Path, exp: dict) -> list[str]:
    """What is wrong with expected.json itself."""
    problems = []
    for key in ("hugo", "warns", "file", "note"):
        if key not in exp:
            problems.append(f"expected.json has no {key!r}")
    prefix = next((p for p in PREFIXES if name.startswith(p)), None)
    if prefix is None:
        problems.append(f"the name starts with none of {', '.join(PREFIXES)}")
    elif exp.get("hugo") != PREFIXES[prefix]:
        problems.append(f"a {prefix}* case must have hugo = {PREFIXES[prefix]!r}")
    page = case / exp.get("file", "")
    if not page.is_file():
        problems.append(f"file {exp.get('file')!r} is not in the case")
    elif prefix in ("fatal-", "silent-"):
        lines = page.read_text(encoding="utf-8").count("\n")
        if not isinstance(exp.get("line"), int) or not 1 <= exp["line"] <= lines:
            problems.append(f"line {exp.get('line')!r} is not a line of {exp['file']} (1-{lines})")
    if exp.get("hugo") == "ok" and not exp.get("effect"):
        problems.append("an ok case needs an effect")
    return problems


def disagreements(exp: dict, rc: int, output: str, effects: dict[str, list[dict]]) -> list[str]:
    found = []
    errors = [ln for ln in output.splitlines() if ln.startswith("ERROR")]
    warns = [ln for ln in output.splitlines() if ln.startswith("WARN")]
    hugo = "fails" if rc != 0 else "ok"
    if hugo != exp.get("hugo"):
        found.append(f"hugo {hugo} (exit {rc}), expected {exp.get('hugo')}")
    if bool(warns) != exp.get("warns"):
        found.append(f"warns {bool(warns)}, expected {exp.get('warns')}")
    if exp.get("error") and not any(exp["error"] in ln for ln in errors):
        found.append(f"no ERROR line holds {exp['error']!r}")
    if exp.get("warning") and not any(exp["warning"] in ln for ln in warns):
        found.append(f"no WARN line holds {exp['warning']!r}")
    if "hugo_line" in exp and f"{exp.get('file')}:{exp['hugo_line']}:" not in output:
        found.append(f"Hugo's message does not name {exp['file']}:{exp['hugo_line']}:")
    if hugo == "ok" and "effect" in exp:
        file = exp.get("effect_file", exp.get("file"))
        pages = effects.get(file, [])
        want = dict(exp["effect"])
        rendered = want.pop("rendered", True)
        if bool(pages) != rendered:
            found.append(f"{file} rendered {bool(pages)}, expected {rendered}")
        for got in pages:
            for key, value in want.items():
                if key == "params":
                    params = got.get("params") or {}
                    diff = {k: params.get(k, "<absent>") for k, v in value.items() if params.get(k) != v}
                    if diff:
                        found.append(f"{got['output']}: params {diff}, expected {value}")
                elif got.get(key) != value:
                    found.append(f"{got['output']}: {key} {got.get(key)!r}, expected {value!r}")
    if found:
        shown = errors + warns or (output.strip().splitlines()[-5:] if rc else [])
        found += [f"  hugo: {ln[:300]}" for ln in shown]
    return found


def summary(rc: int, output: str, exp: dict, effects: dict[str, list[dict]]) -> str:
    """`exit N`, Hugo's first ERROR or WARN line, and what the page printed for the effect keys."""
    shown = []
    if rc == 0:
        for got in effects.get(exp.get("effect_file", exp.get("file")), [])[:1]:
            for key, value in exp.get("effect", {}).items():
                if key == "params":
                    shown += [f"params.{k}={json.dumps((got.get('params') or {}).get(k))}" for k in value]
                elif key != "rendered":
                    shown.append(f"{key}={json.dumps(got.get(key))}")
    first = next((ln for ln in output.splitlines() if ln.startswith(("ERROR", "WARN"))), "")
    first = re.sub(r'"?/[^"\s]*/site/([^"\s]*)"?', r"\1", first)  # the temporary copy's path
    return f"exit {rc}" + "".join(f"; {x}" for x in [first[:150]] + shown if x)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hugo", default="hugo", help="the Hugo binary (default: hugo on PATH)")
    parser.add_argument("--case", action="append", default=[], help="run only this case (repeatable)")
    parser.add_argument("--catlint", help="also hold this catlint binary to every case")
    args = parser.parse_args()
    if args.catlint and os.sep in args.catlint:
        args.catlint = str(Path(args.catlint).resolve())  # the cases run in their own folders

    pinned = pinned_version()
    try:
        version = subprocess.run([args.hugo, "version"], capture_output=True, text=True).stdout
    except OSError as e:
        print(f"hugo-frontmatter: cannot run {args.hugo}: {e}", file=sys.stderr)
        return 2
    if f"hugo v{pinned}-" not in version:
        print(f"hugo-frontmatter: {args.hugo} is not Hugo {pinned} (scripts/hugo-oracle/HUGO_VERSION): "
              f"{version.strip()}", file=sys.stderr)
        return 2
    cases = sorted(p for p in CASES.iterdir() if (p / "expected.json").is_file())
    if args.case:
        unknown = sorted(set(args.case) - {p.name for p in cases})
        if unknown:
            print(f"hugo-frontmatter: no such case: {', '.join(unknown)}", file=sys.stderr)
            return 2
        cases = [p for p in cases if p.name in args.case]

    total = 0
    with tempfile.TemporaryDirectory(prefix="hugo-frontmatter-") as work:
        for i, case in enumerate(cases):
            exp = json.loads((case / "expected.json").read_text())
            rc, output, public = run_hugo(args.hugo, case, Path(work) / str(i))
            found = structure_problems(case.name, case, exp)
            effects = read_effects(Path(public))
            found += disagreements(exp, rc, output, effects)
            if args.catlint:
                found += catlint_disagreements(args.catlint, case, exp)
            real = [f for f in found if not f.startswith("  ")]
            total += len(real)
            print(f"{'ok  ' if not found else 'FAIL'} {case.name}: {summary(rc, output, exp, effects)}")
            for line in found:
                print(f"     {line}")
    print(f"hugo-frontmatter: {len(cases)} cases, {total} disagreements")
    if not args.case:
        total += check_dates(args.hugo)
    return 1 if total else 0


def catlint_disagreements(catlint: str, case: Path, exp: dict) -> list[str]:
    """Where catlint's findings on the case site do not say what Hugo does."""
    run = subprocess.run([catlint, "check", "--no-cache", "--format", "json", "."], cwd=case,
                         capture_output=True, text=True)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        return [f"catlint printed no JSON (exit {run.returncode}): {run.stderr.strip()[:300]}"]
    found = report.get("diagnostics", [])

    def lines(d: dict) -> set[int]:
        spans = [d.get("span")] + [r.get("span") for r in d.get("related", [])]
        return {s["start"]["line"] for s in spans if s}

    def show(ds: list[dict]) -> str:
        return "; ".join(f"{d['severity']} {d['rule']} {d['path']}:{min(lines(d), default=0)}" for d in ds) or "nothing"

    errors = [d for d in found if d["severity"] == "error"]
    warnings = [d for d in found if d["severity"] == "warning"]
    here = lambda d: d["path"] == exp.get("file") and exp.get("line") in lines(d)  # noqa: E731
    name = case.name
    if name.startswith("fatal-"):
        if not any(here(d) for d in errors):
            return [f"catlint: expected an error on {exp.get('file')}:{exp.get('line')}, got {show(found)}"]
    elif name.startswith("silent-"):
        if errors or len(warnings) != 1 or not here(warnings[0]):
            return [f"catlint: expected one warning on {exp.get('file')}:{exp.get('line')}, got {show(found)}"]
    elif found:
        return [f"catlint: expected nothing, got {show(found)}"]
    return []


def check_dates(hugo: str) -> int:
    """Every row of fixtures/hugo-dates/dates.tsv: Hugo reads the date string as the row says
    (or the build fails). catlint's parser is held to the same table by a Rust test."""
    rows = [line.split("\t") for line in DATES.read_text().splitlines()
            if line and not line.startswith("#")]
    wrong = 0
    with tempfile.TemporaryDirectory(prefix="hugo-dates-") as work:
        for i, (value, reading) in enumerate(rows):
            site = Path(work) / str(i) / "case"
            shutil.copytree(DATES.parent / "site", site)
            page = site / "content" / "posts" / "case.md"
            page.parent.mkdir(parents=True)
            page.write_text(f"---\ntitle: Post\ndate: {json.dumps(value)}\n---\n")
            rc, output, public = run_hugo(hugo, site, Path(work) / str(i) / "run")
            effects = read_effects(Path(public)).get("content/posts/case.md", [])
            got = "fails" if rc != 0 else (effects[0].get("date", "?") if effects else "not rendered")
            if got != reading:
                wrong += 1
                print(f"FAIL date {value!r}: Hugo reads {got}, the table says {reading}")
    print(f"hugo-dates: {len(rows)} date strings, {wrong} disagreements")
    return wrong


if __name__ == "__main__":
    sys.exit(main())
