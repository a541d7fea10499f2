"""Runs real Hugo on a copy of a site and reads back what Hugo made of it.

The copy gets the oracle layout (`layouts/home.html` beside this file, which prints one JSON
record a line for every page of every language site and for every term each page is filed
under) and trivial `single/list/taxonomy/term` templates; whatever layouts the site had are
left out of the copy. Hugo is run with a fixed clock, and the records are read from the home
page of each language (`public/index.html`, `public/<lang>/index.html`), deduplicated. The
`Duplicate target paths` warning is parsed too.

Nothing here judges catlint: see compare.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

HERE = Path(__file__).resolve().parent
LAYOUT = HERE / "layouts" / "home.html"
TRIVIAL_TEMPLATES = ("single", "list", "taxonomy", "term")
DISABLED_KINDS = "rss,sitemap,robotsTXT,404"
# Left out of the copy, at the top of the site only.
NOT_COPIED = {"public", "resources", "layouts", ".catlint_cache", ".hugo_build.lock"}


def pinned_version() -> str:
    """The Hugo version the harness pins (scripts/hugo-oracle/HUGO_VERSION)."""
    return (HERE / "HUGO_VERSION").read_text().strip()


@dataclass
class HugoResult:
    """What one Hugo build said about a site."""

    command: list[str]
    returncode: int
    output: str  # stdout + stderr
    pages: list[dict] = field(default_factory=list)  # {"k":"page", pk, file, path, url, lang}
    attaches: list[dict] = field(default_factory=list)  # {"k":"attach", page, lang, tax, tk, tfile, tpath, url}
    duplicate_targets: dict[str, int] = field(default_factory=dict)  # decoded target path -> count

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.output.splitlines() if "WARN" in line or "ERROR" in line]


def hugo_command(hugo: str, source: Path, destination: Path, now: str, extra: list[str]) -> list[str]:
    return [hugo, "--source", str(source), "--destination", str(destination), "--printPathWarnings",
            "--clock", now, "--disableKinds", DISABLED_KINDS, *extra]


def prepare_copy(site: Path, copy: Path) -> None:
    """Copies the site to `copy` and puts the oracle layout in it."""

    def ignore(directory: str, names: list[str]) -> set[str]:
        return NOT_COPIED & set(names) if Path(directory) == site else set()

    shutil.copytree(site, copy, ignore=ignore, symlinks=True)
    layouts = copy / "layouts"
    layouts.mkdir()
    shutil.copyfile(LAYOUT, layouts / "home.html")
    for name in TRIVIAL_TEMPLATES:
        (layouts / f"{name}.html").write_text("{{ .Title }}")


_DUPLICATES = re.compile(r"Duplicate target paths:\s*(.*)$")
_DUPLICATE_ENTRY = re.compile(r"(\S+) \((\d+)\)")


def parse_duplicate_targets(output: str) -> dict[str, int]:
    """`WARN  Duplicate target paths: /categories/rd/index.html (2), /x/index.html (3)`."""
    found: dict[str, int] = {}
    for line in output.splitlines():
        m = _DUPLICATES.search(line)
        if m:
            for path, count in _DUPLICATE_ENTRY.findall(m.group(1)):
                found[unquote(path)] = int(count)
    return found


def read_records(public: Path) -> list[dict]:
    """The oracle records of every home page under `public`, deduplicated, in first-seen order."""
    homes = [public / "index.html"] + sorted(public.glob("*/index.html"))
    seen: set[str] = set()
    records: list[dict] = []
    for home in homes:
        if not home.is_file():
            continue
        for line in home.read_text(encoding="utf-8", errors="replace").splitlines():
            line = line.strip()
            if not line.startswith("{") or line in seen:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict) and record.get("k") in ("page", "attach"):
                seen.add(line)
                records.append(record)
    return records


def run_hugo(hugo: str, site: Path, scratch: Path, now: str, extra: list[str]) -> HugoResult:
    """Builds a copy of `site` in `scratch` (which must not exist yet) and reads the records."""
    scratch.mkdir(parents=True)
    copy, public = scratch / "site", scratch / "public"
    prepare_copy(site, copy)
    command = hugo_command(hugo, copy, public, now, extra)
    env = dict(os.environ, HUGO_ENVIRONMENT="production", HUGO_CACHEDIR=str(scratch / "cache"))
    proc = subprocess.run(command, capture_output=True, text=True, env=env, cwd=scratch)
    result = HugoResult(command=command, returncode=proc.returncode, output=proc.stdout + proc.stderr)
    if proc.returncode == 0:
        records = read_records(public)
        # Where each file is in the site (`.File.Filename`, in the copy): mounts put files
        # anywhere in the content tree.
        for r in records:
            for absolute, relative in (("ffile", "sfile"), ("pfile", "psfile"), ("tffile", "tsfile")):
                if r.get(absolute):
                    r[relative] = Path(os.path.relpath(r[absolute], copy)).as_posix()
        result.pages = [r for r in records if r["k"] == "page"]
        result.attaches = [r for r in records if r["k"] == "attach"]
        result.duplicate_targets = parse_duplicate_targets(result.output)
    return result
