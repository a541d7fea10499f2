"""Compares catlint's cross-file taxonomy findings on one site with what real Hugo built.

The rules compared are ORACLE_RULES; every other rule in catlint's output is ignored. Hugo's
side is the oracle layout's records (hugo_run.py): a "page" record for every page of every
language site, an "attach" record for every term a page is filed under. Files are named
relative to the site folder (`content/posts/a.md`); Hugo's `.File.Path` is relative to the
content folder of the page's language, so a record's file is `<contentDir of its lang>/<path>`.

The equalities asserted (pages list at most one term per taxonomy in their own front matter):

(A) for each page P Hugo built and each taxonomy T that P lists a term under in its own front
    matter (a top-level key matched case-insensitively, or `params.<T>`; a string or a one-item
    list): catlint reports `undefined-term` or `unbuilt-term-page` inside T's block of P's front
    matter <=> Hugo did not attach P to a written page for T (no attach record with a file).
    Pages whose terms come only from `cascade` are not judged, nor taxonomies without any
    term page file (catlint leaves such a taxonomy to Hugo's generated pages by design: on a
    site that writes no tag pages, every tag would be "undefined").
(B) for each file F under `<content>/<T>/` that Hugo built (in a page record or the target of
    an attach record), the taxonomy list page aside: `unused-term` on F <=> no attach record
    targets F. On a file Hugo did not build catlint never reports `unused-term`; and a file
    catlint reports `unbuilt-term-page` on (outside its own term lists) must not be built.
(C) the URLs that two or more page records share, where one of them is a term or taxonomy page
    or a file under a taxonomy folder == the URLs named in backticks in `term-url-collision`
    messages. (Hugo's "Duplicate target paths" warning must say the same: a self-check.)
(D) `not-a-term-page` on F <=> F is under `<content>/<T>/` and Hugo's record for F is of kind
    "page" (judged on files Hugo built).
(E) `undeclared-language` on F <=> F is `_index.<x>.md`/`index.<x>.md` and Hugo's record for F
    has a path ending in `/_index.<x>`/`/index.<x>` (judged on files Hugo built; catlint is
    required to report it on files under a taxonomy folder only).
(F) `unrendered-term-page` on F <=> an attach record targets F and its URL is empty.
A file that (E) says Hugo reads as a page of its own is judged by (E) alone, not by (B), (D).
Plus, when the site has `expected.json` (a list of {"rule","file","line"}), catlint's
ORACLE_RULES findings equal it as a multiset.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

try:
    import yaml
except ImportError:  # the venv made by scripts/test-hugo-oracle.sh has PyYAML
    yaml = None

ORACLE_RULES = frozenset({
    "undefined-term", "unbuilt-term-page", "term-url-collision", "unused-term",
    "unrendered-term-page", "not-a-term-page", "undeclared-language",
})
ITEM_RULES = ("undefined-term", "unbuilt-term-page")
DEFAULT_TAXONOMIES = ("categories", "tags")
CONTENT_SUFFIXES = (".md", ".markdown", ".html", ".htm")
CONFIG_EXTS = ("toml", "yaml", "yml", "json")


# ---------------------------------------------------------------------------------------------
# YAML with YAML 1.2 booleans (Hugo reads `yes`/`no`/`on`/`off` as text)

if yaml is not None:
    class _Loader(yaml.SafeLoader):
        pass

    _Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def load_yaml(text: str):
    if yaml is None:
        raise RuntimeError("PyYAML is needed (run through scripts/test-hugo-oracle.sh)")
    return yaml.load(text, Loader=_Loader)


def _lower_keys(value):
    if isinstance(value, dict):
        return {str(k).lower(): _lower_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lower_keys(v) for v in value]
    return value


def _load_config_file(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        data = tomllib.loads(text)
    elif path.suffix == ".json":
        data = json.loads(text)
    else:
        data = load_yaml(text) or {}
    return _lower_keys(data) if isinstance(data, dict) else {}


# ---------------------------------------------------------------------------------------------
# The site configuration: taxonomies and content folders

@dataclass
class SiteConfig:
    taxonomies: list[str]  # plurals, lower-case
    content_dir: str  # site-relative, posix
    language_dirs: dict[str, str]  # language -> its content folder
    default_language: str

    def dir_of(self, lang: str) -> str:
        return self.language_dirs.get(lang, self.content_dir)

    @property
    def content_dirs(self) -> list[str]:
        return sorted({self.content_dir, *self.language_dirs.values()}, key=len, reverse=True)


def config_files(site: Path) -> list[Path]:
    """The configuration files Hugo reads, root file first (hugo.* before config.*)."""
    for stem in ("hugo", "config"):
        for ext in CONFIG_EXTS:
            if (site / f"{stem}.{ext}").is_file():
                root = [site / f"{stem}.{ext}"]
                break
        else:
            continue
        break
    else:
        root = []
    default = site / "config" / "_default"
    rest = sorted(p for p in default.glob("*") if p.suffix.lstrip(".") in CONFIG_EXTS) if default.is_dir() else []
    return root + rest


def is_site(path: Path) -> bool:
    return bool(config_files(path)) or (path / "config").is_dir()


def _merge(into: dict, more: dict) -> None:
    for key, value in more.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into.setdefault(key, value)


def _site_relative(site: Path, folder: str) -> str:
    path = Path(folder)
    if path.is_absolute():
        try:
            path = path.relative_to(site)
        except ValueError:
            pass
    return PurePosixPath(os.path.normpath(path.as_posix())).as_posix()


def read_site_config(site: Path) -> SiteConfig:
    merged: dict = {}
    default = site / "config" / "_default"
    for path in config_files(site):
        data = _load_config_file(path)
        stem = path.stem.lower()
        if path.parent == default and stem not in ("hugo", "config"):
            # `params.toml` is the `params` key; `params.fr.toml` is `languages.fr.params`, and
            # `languages.fr.toml` is `languages.fr`.
            key, _, lang = stem.partition(".")
            if not lang:
                data = {key: data}
            elif key == "languages":
                data = {"languages": {lang: data}}
            else:
                data = {"languages": {lang: {key: data}}}
        _merge(merged, data)
    taxonomies = merged.get("taxonomies")
    if isinstance(taxonomies, dict):
        plurals = [str(v).lower() for v in taxonomies.values() if v]
    else:
        plurals = list(DEFAULT_TAXONOMIES)
    content_dir = _site_relative(site, str(merged.get("contentdir") or "content"))
    language_dirs = {}
    languages = merged.get("languages")
    if isinstance(languages, dict):
        for lang, settings in languages.items():
            if isinstance(settings, dict) and settings.get("contentdir"):
                language_dirs[lang] = _site_relative(site, str(settings["contentdir"]))
    default_language = str(merged.get("defaultcontentlanguage") or "en").lower()
    return SiteConfig(plurals, content_dir, language_dirs, default_language)


# ---------------------------------------------------------------------------------------------
# Front matter: its value and the lines of each key's block

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class FrontMatter:
    fmt: str  # "yaml" | "toml" | "json"
    lines: list[str]  # every line of the file; lines[0] is line 1
    first: int  # line number of the first line inside the front matter
    last: int  # line number of the last line inside the front matter (JSON: of its `}`)
    data: dict | None  # None when the front matter does not parse

    def line(self, number: int) -> str:
        return self.lines[number - 1]


def read_front_matter(path: Path) -> FrontMatter | None:
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    text = text.removeprefix("\ufeff")
    lines = _LINE_BREAK.split(text)
    if not lines:
        return None
    opener = lines[0].rstrip()
    if opener in ("---", "+++"):
        close = next((i for i in range(1, len(lines)) if lines[i].rstrip() == opener), None)
        if close is None:
            return None
        body = "\n".join(lines[1:close])
        fmt = "yaml" if opener == "---" else "toml"
        try:
            data = load_yaml(body) if fmt == "yaml" else tomllib.loads(body)
        except Exception:  # noqa: BLE001 - an unreadable front matter is simply not judged
            data = None
        return FrontMatter(fmt, lines, 2, close, data if isinstance(data, dict) else None)
    if text.lstrip().startswith("{"):
        start = len(text) - len(text.lstrip())
        try:
            data, end = json.JSONDecoder().raw_decode(text, start)
        except json.JSONDecodeError:
            return None
        last = len(_LINE_BREAK.split(text[:end]))
        return FrontMatter("json", lines, 1, last, data if isinstance(data, dict) else None)
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


_YAML_KEY = re.compile(r"""^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"\-{\[?][^#]*?|-[^\s#][^#]*?))\s*:(?:\s|$)""")
_JSON_KEY = re.compile(r'^"((?:[^"\\]|\\.)*)"\s*:')


def _indented_key(line: str, fmt: str) -> str | None:
    """The key a YAML or JSON line starts, lower-cased, or None (not a key line)."""
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None
    if fmt == "json":
        m = _JSON_KEY.match(stripped)
        if not m:
            return None
        try:
            return json.loads(f'"{m.group(1)}"').lower()
        except json.JSONDecodeError:
            return m.group(1).lower()
    if stripped.startswith("- ") or stripped == "-":
        return None
    m = _YAML_KEY.match(stripped)
    if not m:
        return None
    if m.group(1) is not None:
        try:
            return json.loads(f'"{m.group(1)}"').lower()
        except json.JSONDecodeError:
            return m.group(1).lower()
    if m.group(2) is not None:
        return m.group(2).replace("''", "'").lower()
    return m.group(3).strip().lower()


def _indented_block_end(fm: FrontMatter, start: int, hi: int, indent: int) -> int:
    """The last line of the block of the key on line `start`, within lines up to `hi`."""
    end = start
    for n in range(start + 1, hi + 1):
        line = fm.line(n)
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if fm.fmt == "json" and _indent(line) <= indent and stripped[0] in "}]":
            if _indent(line) < indent:
                break
        elif _indent(line) < indent or (_indent(line) == indent and _indented_key(line, fm.fmt)):
            break
        end = n
    return end


def _indented_blocks(fm: FrontMatter, lo: int, hi: int) -> dict[str, list[tuple[int, int]]]:
    """The blocks of the keys at the outermost indentation of lines lo..hi, by key."""
    keys: list[tuple[int, str]] = []
    indent = None
    for n in range(lo, hi + 1):
        key = _indented_key(fm.line(n), fm.fmt)
        if key is None:
            continue
        if indent is None:
            indent = _indent(fm.line(n))
        if _indent(fm.line(n)) == indent:
            keys.append((n, key))
    blocks: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for n, key in keys:
        blocks[key].append((n, _indented_block_end(fm, n, hi, indent)))
    return blocks


_TOML_PART = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_TOML_KEY = re.compile(rf"^\s*({_TOML_PART}(?:\s*\.\s*{_TOML_PART})*)\s*=")
_TOML_HEADER = re.compile(rf"^\s*\[\[?\s*({_TOML_PART}(?:\s*\.\s*{_TOML_PART})*)\s*\]\]?\s*(?:#.*)?$")


def _toml_parts(dotted: str) -> tuple[str, ...]:
    parts = re.findall(_TOML_PART, dotted)
    out = []
    for part in parts:
        if part.startswith('"'):
            try:
                part = json.loads(part)
            except json.JSONDecodeError:
                part = part[1:-1]
        elif part.startswith("'"):
            part = part[1:-1]
        out.append(part.lower())
    return tuple(out)


def _toml_blocks(fm: FrontMatter) -> dict[tuple[str, ...], list[tuple[int, int]]]:
    """Every key and table header of a TOML front matter, by full (lower-case) path."""
    starts: list[tuple[int, tuple[str, ...], bool]] = []  # line, path, is a header
    table: tuple[str, ...] = ()
    for n in range(fm.first, fm.last + 1):
        line = fm.line(n)
        header = _TOML_HEADER.match(line)
        if header:
            table = _toml_parts(header.group(1))
            starts.append((n, table, True))
            continue
        key = _TOML_KEY.match(line)
        if key:
            starts.append((n, table + _toml_parts(key.group(1)), False))
    blocks: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
    for i, (n, path, is_header) in enumerate(starts):
        if is_header:
            following = [m for m, _, h in starts[i + 1:] if h]
        else:
            following = [m for m, _, _ in starts[i + 1:]]
        end = (following[0] - 1) if following else fm.last
        blocks[path].append((n, end))
    return blocks


def key_block(fm: FrontMatter, path: tuple[str, ...]) -> tuple[int, int]:
    """Lines (first, last) of the block of `path` (lower-case keys), or a coarser block holding
    it (its parent's, or the whole front matter) when it is not on a line of its own."""
    whole = (fm.first, fm.last)
    if fm.fmt == "toml":
        blocks = _toml_blocks(fm)
        for depth in range(len(path), 0, -1):
            if blocks.get(path[:depth]):
                return blocks[path[:depth]][0]
        return whole
    lo, hi = (fm.first, fm.last) if fm.fmt == "yaml" else (fm.first + 1, fm.last - 1)
    if fm.fmt == "json" and fm.first == fm.last:
        return whole
    found = None
    for key in path:
        blocks = _indented_blocks(fm, lo, hi)
        if not blocks.get(key):
            break
        found = blocks[key][0]
        lo, hi = found[0] + 1, found[1]
    return found or whole


def _ci_items(mapping: dict, key: str) -> list:
    return [v for k, v in mapping.items() if str(k).lower() == key]


@dataclass
class TermList:
    taxonomy: str
    path: tuple[str, ...]  # ("categories",) or ("params", "categories")
    items: list  # the terms listed
    block: tuple[int, int]


def own_term_lists(fm: FrontMatter, taxonomies: list[str]) -> dict[str, list[TermList]]:
    """For each taxonomy, the places the page's own front matter lists terms under it."""
    found: dict[str, list[TermList]] = {}
    if fm.data is None:
        return found
    params = [p for p in _ci_items(fm.data, "params") if isinstance(p, dict)]
    for tax in taxonomies:
        lists = []
        for path, values in (((tax,), _ci_items(fm.data, tax)),
                             (("params", tax), [v for p in params for v in _ci_items(p, tax)])):
            for value in values:
                if value is None or value == "" or value == []:
                    continue
                items = value if isinstance(value, list) else [value]
                lists.append(TermList(tax, path, items, key_block(fm, path)))
        if lists:
            found[tax] = lists
    return found


def item_blocks(fm: FrontMatter, taxonomies: list[str]) -> list[tuple[int, int]]:
    """The blocks of every term list of the page and of its `cascade`."""
    blocks = [tl.block for lists in own_term_lists(fm, taxonomies).values() for tl in lists]
    if fm.data is not None and _ci_items(fm.data, "cascade"):
        blocks.append(key_block(fm, ("cascade",)))
    return blocks


# ---------------------------------------------------------------------------------------------
# catlint's findings

@dataclass(frozen=True)
class Finding:
    rule: str
    file: str  # site-relative
    line: int
    message: str

    def where(self) -> str:
        return f"{self.file}:{self.line}"


def catlint_findings(report: dict, cwd: Path, site: Path) -> list[Finding]:
    """catlint's ORACLE_RULES findings on files of `site` (paths made site-relative)."""
    out = []
    site_abs = os.path.normpath(os.path.abspath(site))
    for d in report.get("diagnostics", []):
        if d.get("rule") not in ORACLE_RULES:
            continue
        path = os.path.normpath(os.path.join(cwd, d["path"]))
        rel = os.path.relpath(path, site_abs)
        if rel.startswith(".."):
            continue
        line = (d.get("span") or {}).get("start", {}).get("line", 0)
        out.append(Finding(d["rule"], PurePosixPath(Path(rel).as_posix()).as_posix(), line, d.get("message", "")))
    return out


_BACKTICKED = re.compile(r"`([^`]*)`")


def urls_named(message: str) -> set[str]:
    return {unquote(t) for t in _BACKTICKED.findall(message) if t.startswith("/")}


# ---------------------------------------------------------------------------------------------
# The comparison

@dataclass
class Disagreement:
    check: str  # A..F, expected, hugo, catlint
    rule: str
    file: str
    line: int | None
    catlint: str
    hugo: str

    def format(self, site: str) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{site}: ({self.check}) {self.rule} {where}\n    catlint: {self.catlint}\n    Hugo:    {self.hugo}"


@dataclass
class Stats:
    attached: int = 0
    not_attached: int = 0
    judged_term_files: int = 0
    shared_urls: int = 0
    not_judged: Counter = field(default_factory=Counter)

    def add(self, other: Stats) -> None:
        self.shared_urls += other.shared_urls
        self.attached += other.attached
        self.not_attached += other.not_attached
        self.judged_term_files += other.judged_term_files
        self.not_judged.update(other.not_judged)


def _url(url: str) -> str:
    return url or '""'


def _describe_attach(a: dict) -> str:
    target = a["tfile"] or "a page Hugo generates"
    return f"{a['tk']} {target} (path {a['tpath']}, url {_url(a['url'])})"


def _describe_records(records: list[dict]) -> str:
    return "; ".join(f"kind {r['pk']}, path {r['path']}, url {_url(r['url'])}, lang {r['lang']}"
                     for r in records)


class HugoView:
    """Hugo's records indexed by site-relative file."""

    def __init__(self, cfg: SiteConfig, pages: list[dict], attaches: list[dict]):
        self.cfg = cfg
        self.pages = pages
        self.page_records: dict[str, list[dict]] = defaultdict(list)
        self.attaches_of: dict[str, list[dict]] = defaultdict(list)  # by the page's file
        self.attaches_to: dict[str, list[dict]] = defaultdict(list)  # by the term page's file
        for r in pages:
            if r["file"]:
                self.page_records[r.get("sfile") or self.site_file(r["lang"], r["file"])].append(r)
        for a in attaches:
            if a["page"]:
                self.attaches_of[a.get("psfile") or self.site_file(a["lang"], a["page"])].append(a)
            if a["tfile"]:
                self.attaches_to[a.get("tsfile") or self.site_file(a["lang"], a["tfile"])].append(a)

    def site_file(self, lang: str, content_path: str) -> str:
        """A content path as a site-relative file, where Hugo gave no `.File.Filename`."""
        return f"{self.cfg.dir_of(lang)}/{content_path}"

    def built(self, f: str) -> bool:
        return f in self.page_records or f in self.attaches_to

    def kinds(self, f: str) -> set[str]:
        return {r["pk"] for r in self.page_records.get(f, [])} | {a["tk"] for a in self.attaches_to.get(f, [])}

    def paths(self, f: str) -> set[str]:
        return {r["path"] for r in self.page_records.get(f, [])} | {a["tpath"] for a in self.attaches_to.get(f, [])}

    def what(self, f: str) -> str:
        if f in self.page_records:
            return _describe_records(self.page_records[f])
        if f in self.attaches_to:
            return "not in .Pages; pages are filed under it as " + "; ".join(
                sorted({_describe_attach(a) for a in self.attaches_to[f]}))
        return "not built (no page record, no page filed under it)"


def content_relative(cfg: SiteConfig, f: str) -> str | None:
    """`f` relative to the longest content folder holding it, or None."""
    for d in cfg.content_dirs:
        if d == ".":
            return f
        if f.startswith(d + "/"):
            return f[len(d) + 1:]
    return None


def taxonomy_of(cfg: SiteConfig, f: str) -> str | None:
    """The taxonomy whose folder holds `f` (`<content>/<T>/…`), or None."""
    rel = content_relative(cfg, f)
    if rel is None or "/" not in rel:
        return None
    first = rel.split("/", 1)[0].lower()
    return first if first in cfg.taxonomies else None


def taxonomy_files(site: Path, cfg: SiteConfig) -> list[str]:
    """Every content file under a taxonomy folder of any content folder, site-relative."""
    out = set()
    for d in cfg.content_dirs:
        root = site / d
        if not root.is_dir():
            continue
        for entry in root.iterdir():
            if entry.is_dir() and entry.name.lower() in cfg.taxonomies:
                for dirpath, _, names in os.walk(entry):
                    for name in names:
                        if name.endswith(CONTENT_SUFFIXES):
                            full = Path(dirpath) / name
                            out.add(full.relative_to(site).as_posix())
    return sorted(f for f in out if taxonomy_of(cfg, f))


_LANG_NAMED = re.compile(r"^(_index|index)\.([^./]+)\.md$")


def compare_site(site: Path, cfg: SiteConfig, pages: list[dict], attaches: list[dict],
                 duplicate_targets: dict[str, int], findings: list[Finding],
                 expected: list[dict] | None) -> tuple[list[Disagreement], Stats]:
    hugo = HugoView(cfg, pages, attaches)
    out: list[Disagreement] = []
    stats = Stats()
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_file[f.file].append(f)

    def on(file: str, rule: str) -> list[Finding]:
        return [f for f in by_file.get(file, []) if f.rule == rule]

    fm_cache: dict[str, FrontMatter | None] = {}

    def front(file: str) -> FrontMatter | None:
        if file not in fm_cache:
            fm_cache[file] = read_front_matter(site / file)
        return fm_cache[file]

    # The taxonomies with term page files (a file under `<T>/` other than its list page and
    # other than a file Hugo reads as a page of its own for an undeclared language suffix).
    with_term_pages = set()
    for file in taxonomy_files(site, cfg):
        rel = content_relative(cfg, file) or ""
        parts = rel.split("/")
        if len(parts) == 2 and parts[1].startswith("_index."):
            continue
        m = _LANG_NAMED.match(parts[-1])
        if m and hugo.built(file) and any(
                p.lower().endswith(f"/{m.group(1)}.{m.group(2).lower()}") for p in hugo.paths(file)):
            continue
        with_term_pages.add(taxonomy_of(cfg, file))

    # (A) the term lists of every page Hugo built
    for file in sorted(hugo.page_records):
        fm = front(file)
        if fm is None or fm.data is None:
            stats.not_judged["page whose front matter the harness cannot read"] += 1
            continue
        for tax, lists in own_term_lists(fm, cfg.taxonomies).items():
            if tax not in with_term_pages:
                stats.not_judged["item of a taxonomy without term pages"] += 1
                continue
            if len(lists) != 1:
                stats.not_judged["taxonomy listed in two places of one page"] += 1
                continue
            tl = lists[0]
            if len(tl.items) != 1:
                stats.not_judged["term list of several items"] += 1
                continue
            if not isinstance(tl.items[0], (str, int, float)):
                stats.not_judged["term that is not text or a number"] += 1
                continue
            mine = [a for a in hugo.attaches_of.get(file, []) if a["tax"] == tax]
            attached = any(a["tfile"] for a in mine)
            if attached:
                stats.attached += 1
            else:
                stats.not_attached += 1
            lo, hi = tl.block
            flagged = [f for rule in ITEM_RULES for f in on(file, rule) if lo <= f.line <= hi]
            key = ".".join(tl.path)
            hugo_says = ("filed under " + "; ".join(_describe_attach(a) for a in mine)) if mine \
                else "filed under no term at all"
            if attached and flagged:
                for f in flagged:
                    out.append(Disagreement("A", f.rule, file, f.line,
                                            f"{f.rule} on the `{key}` item {tl.items[0]!r}: {f.message}",
                                            hugo_says))
            elif not attached and not flagged:
                out.append(Disagreement("A", "undefined-term|unbuilt-term-page", file, lo,
                                        f"nothing on the `{key}` item {tl.items[0]!r} (lines {lo}-{hi})",
                                        hugo_says))

    # (B), (D), (E), (F) on the files under taxonomy folders, and catlint's claims on any file
    term_files = taxonomy_files(site, cfg)
    claimed = {f.file for f in findings}
    for file in sorted(set(term_files) | claimed):
        in_taxonomy = taxonomy_of(cfg, file) is not None
        built = hugo.built(file)
        kinds = hugo.kinds(file)
        what = hugo.what(file)
        m = _LANG_NAMED.match(PurePosixPath(file).name)
        # A file Hugo reads as a page of its own for its undeclared language suffix is judged by
        # (E) alone: catlint owes it `undeclared-language`, not `not-a-term-page`/`unused-term`.
        hugo_lang = built and bool(m) and any(
            p.lower().endswith(f"/{m.group(1)}.{m.group(2).lower()}") for p in hugo.paths(file))
        if in_taxonomy and built:
            stats.judged_term_files += 1
        # (B) unused-term
        unused = on(file, "unused-term")
        if hugo_lang:
            if unused:
                stats.not_judged["unused-term on a file with an undeclared language suffix"] += 1
        elif built and "taxonomy" not in kinds and in_taxonomy:
            linked = bool(hugo.attaches_to.get(file))
            if linked and unused:
                n = len(hugo.attaches_to[file])
                out.append(Disagreement("B", "unused-term", file, unused[0].line, unused[0].message,
                                        f"{n} page(s) are filed under it ({what})"))
            elif not linked and not unused:
                out.append(Disagreement("B", "unused-term", file, None, "nothing",
                                        f"built and no page is filed under it ({what})"))
        elif unused:
            out.append(Disagreement("B", "unused-term", file, unused[0].line, unused[0].message,
                                    what if not built else f"not a term file of a taxonomy folder ({what})"))
        # (B) unbuilt-term-page on the file itself (not on one of its term lists)
        unbuilt = on(file, "unbuilt-term-page")
        if unbuilt and built:
            fm = front(file)
            blocks = item_blocks(fm, cfg.taxonomies) if fm is not None else []
            for f in unbuilt:
                if not any(lo <= f.line <= hi for lo, hi in blocks):
                    out.append(Disagreement("B", "unbuilt-term-page", file, f.line, f.message,
                                            f"built: {what}"))
        # (D) not-a-term-page
        nat = on(file, "not-a-term-page")
        if hugo_lang:
            if nat:
                stats.not_judged["not-a-term-page on a file with an undeclared language suffix"] += 1
        elif built:
            hugo_page = in_taxonomy and "page" in kinds
            if hugo_page and not nat:
                out.append(Disagreement("D", "not-a-term-page", file, None, "nothing",
                                        f"a regular page: {what}"))
            elif nat and not hugo_page:
                out.append(Disagreement("D", "not-a-term-page", file, nat[0].line, nat[0].message, what))
        elif nat:
            stats.not_judged["not-a-term-page on a file Hugo does not build"] += 1
        # (E) undeclared-language
        ul = on(file, "undeclared-language")
        if built:
            if hugo_lang and not ul and in_taxonomy:
                out.append(Disagreement("E", "undeclared-language", file, None, "nothing",
                                        f"read as a page of its own: {what}"))
            elif ul and not hugo_lang:
                out.append(Disagreement("E", "undeclared-language", file, ul[0].line, ul[0].message, what))
        elif ul:
            stats.not_judged["undeclared-language on a file Hugo does not build"] += 1
        # (F) unrendered-term-page
        ur = on(file, "unrendered-term-page")
        unrendered = any(a["url"] == "" for a in hugo.attaches_to.get(file, []))
        if unrendered and not ur:
            out.append(Disagreement("F", "unrendered-term-page", file, None, "nothing",
                                    f"it has no URL, and pages are filed under it: {what}"))
        elif ur and not unrendered:
            out.append(Disagreement("F", "unrendered-term-page", file, ur[0].line, ur[0].message, what))

    # (C) term URL collisions
    by_url: dict[str, list[dict]] = defaultdict(list)
    for r in pages:
        if r["url"]:
            by_url[unquote(r["url"])].append(r)

    def termish(r: dict) -> bool:
        return r["pk"] in ("term", "taxonomy") or (
            bool(r["file"]) and taxonomy_of(cfg, r.get("sfile") or hugo.site_file(r["lang"], r["file"])) is not None)

    hugo_urls = {u for u, rs in by_url.items() if len(rs) >= 2 and any(termish(r) for r in rs)}
    stats.shared_urls += len(hugo_urls)
    collisions = [f for f in findings if f.rule == "term-url-collision"]
    catlint_urls: dict[str, list[Finding]] = defaultdict(list)
    for f in collisions:
        for u in urls_named(f.message):
            catlint_urls[u].append(f)
    for u in sorted(hugo_urls - set(catlint_urls)):
        rs = by_url[u]
        files = [(r.get("sfile") or hugo.site_file(r["lang"], r["file"])) if r["file"] else f"(generated {r['path']})"
                 for r in rs]
        out.append(Disagreement("C", "term-url-collision", ", ".join(files), None, "names no such URL",
                                f"{len(rs)} pages share {u}: {_describe_records(rs)}"))
    for u in sorted(set(catlint_urls) - hugo_urls):
        f = catlint_urls[u][0]
        hugo_says = f"only one page has {u}: {_describe_records(by_url[u])}" if by_url.get(u) else f"no page has {u}"
        out.append(Disagreement("C", "term-url-collision", f.file, f.line, f.message, hugo_says))
    termish_urls = {unquote(r["url"]) for r in pages if r["url"] and termish(r)}
    warned = {p[: -len("index.html")] for p in duplicate_targets if p.endswith("/index.html")}
    warned &= termish_urls
    if warned != hugo_urls:
        out.append(Disagreement("hugo", "(self-check)", "-", None, "-",
                                f"Duplicate target paths warning names {sorted(warned)}, "
                                f"the records share {sorted(hugo_urls)}"))

    # expected.json
    if expected is not None:
        want = Counter((e["rule"], e["file"], int(e["line"])) for e in expected)
        got = Counter((f.rule, f.file, f.line) for f in findings)
        for (rule, file, line), n in sorted((want - got).items()):
            out.append(Disagreement("expected", rule, file, line, "not reported" + (f" ({n} missing)" if n > 1 else ""),
                                    f"expected.json lists it; Hugo: {hugo.what(file)}"))
        for (rule, file, line), n in sorted((got - want).items()):
            msg = next(f.message for f in findings if (f.rule, f.file, f.line) == (rule, file, line))
            out.append(Disagreement("expected", rule, file, line, msg + (f" ({n} times)" if n > 1 else ""),
                                    f"not in expected.json; Hugo: {hugo.what(file)}"))
    return out, stats
