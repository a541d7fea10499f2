"""Generates small Hugo sites that stress how a term name becomes a term page, a path and a URL.

Each site has the taxonomies `categories` and `tags`, 3-8 term pages (mostly
`<plural>/<folder>/_index.md`, some legacy `<plural>/<name>.md`) and 4-12 posts that each list
at most one term per taxonomy. Term names come from alphabet classes (ALPHABET_CLASSES):
spaces (double, leading, trailing, tab), punctuation (`'&#./+_-?:!,;`), accents (composed and
decomposed), CJK, and case variants. A term page's folder is derived from a name by one of:
Hugo's key (lower-case, ASCII space -> `-`), the name as written, a urlize-like variant
(punctuation dropped) or an accent-stripped variant; a `/` makes nested folders. Posts name a
term with a page, a case variant of one, or a name with no page, under `categories`,
`Categories` or `params.categories`, as a string or a one-item list. Front matter is YAML,
TOML or JSON; the configuration is `hugo.toml`, `hugo.yaml` or `config/_default/hugo.toml`,
with or without `removePathAccents`. Everything follows from the seed: site i of seed S is
the same whatever the number of sites.

Run alone: python3 generate.py [--seed S] [--count N] --out DIR
"""

from __future__ import annotations

import argparse
import json
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SEED = 20260101
DEFAULT_COUNT = 200
ALPHABET_CLASSES = ("spaces", "punct", "accents", "cjk", "case")
TAXONOMIES = ("categories", "tags")

WORDS = ["Lean", "Kanban", "Flow", "Scrum", "Design", "Ops", "Data", "Cloud", "Music", "Travel",
         "Food", "Garden", "Chess", "Poetry", "Rust", "Books", "Film", "Maps"]
ACCENTED = ["Café", "Crème Brûlée", "Niño", "Über", "Zürich", "Ångström", "Señor", "Façade",
            "Mañana", "Élan", "Déjà Vu", "Smörgåsbord", "Pâté", "Naïve"]
CJK = ["日本語", "한국어", "中文", "東京 タワー", "서울", "Go 言語", "漢字", "ひらがな", "카테고리", "音楽"]
PUNCTUATION = "'&#./+_-?:!,;"
# Dropped by the urlize-like folder variant (Hugo's URLs drop them too).
DROPPED = "'&#.+?:!,;"


@dataclass
class Site:
    name: str
    seed: str
    files: dict[str, str] = field(default_factory=dict)  # site-relative path -> text
    classes: set[str] = field(default_factory=set)  # the alphabet classes its files use

    def write(self, root: Path) -> Path:
        base = root / self.name
        for rel, text in self.files.items():
            path = base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return base


# ---------------------------------------------------------------------------------------------
# Term names and folders

def name_of_class(cls: str, rng: random.Random) -> str:
    a, b = rng.sample(WORDS, 2)
    if cls == "spaces":
        return rng.choice([f"{a} {b}", f"{a}  {b}", f" {a}", f"{a} ", f"{a}\t{b}", f" {a}  {b} "])
    if cls == "punct":
        p = rng.choice(PUNCTUATION)
        return rng.choice([f"{a}{p}{b}", f"{a} {p} {b}", f"{a}{p}", f"{a}{p}{p}", "R&D", "C#", "C++",
                           "Node.js", "Rock'n'Roll", "Q&A", "What?", "Note: Ops", f"{a}/{b}"])
    if cls == "accents":
        word = rng.choice(ACCENTED)
        return unicodedata.normalize(rng.choice(["NFC", "NFD"]), word)
    if cls == "cjk":
        return rng.choice(CJK)
    if cls == "case":
        base = f"{a} {b}"
        return rng.choice([base, base.lower(), base.upper().replace(" ", "-"), f"{a}-{b}", base.swapcase()])
    raise ValueError(cls)


def case_variant(name: str, rng: random.Random) -> str:
    options = [v for v in (name.lower(), name.upper(), name.title(), name.swapcase()) if v != name]
    return rng.choice(options) if options else name


def hugo_key(name: str) -> str:
    return name.lower().replace(" ", "-")


def urlized(name: str) -> str:
    return "".join(c for c in name if c not in DROPPED).replace(" ", "-").lower()


def accent_stripped(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", name) if unicodedata.category(c) != "Mn")


FOLDER_WAYS = (("hugo key", hugo_key, 35), ("as written", lambda n: n, 30),
               ("urlized", urlized, 20), ("accent-stripped", accent_stripped, 15))


def folder_ok(folder: str) -> bool:
    segments = folder.split("/")
    return all(s and s.strip() and s not in (".", "..") and s[0] not in "._#~" and "\0" not in s
               and not s.endswith("~") for s in segments)


# ---------------------------------------------------------------------------------------------
# Front matter writers

def _plain_ok(value: str) -> bool:
    return value.replace(" ", "").isalnum() and value.isascii() and value == value.strip() \
        and value[0].isalpha() and "  " not in value and value.lower() not in ("true", "false", "null")


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def yaml_value(items: list[str], form: str, indent: str, rng: random.Random) -> str:
    """`form` is scalar, flow or block; returns the text after `key:`."""
    def one(v: str) -> str:
        return v if _plain_ok(v) and rng.random() < 0.5 else _q(v)
    if form == "scalar":
        return " " + one(items[0]) + "\n"
    if form == "flow":
        return " [" + ", ".join(one(v) for v in items) + "]\n"
    return "\n" + "".join(f"{indent}- {one(v)}\n" for v in items)


def front_matter(fmt: str, fields: dict, terms: dict, rng: random.Random) -> str:
    """fields: plain values; terms: key path (tuple) -> (items, form)."""
    top = {k: v for k, v in terms.items() if len(k) == 1}
    params = {k[1]: v for k, v in terms.items() if len(k) == 2}
    if fmt == "json":
        data = dict(fields)
        for (key,), (items, form) in top.items():
            data[key] = items[0] if form == "scalar" else items
        if params:
            data["params"] = {k: (v[0] if f == "scalar" else v) for k, (v, f) in params.items()}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        out = ["---\n"]
        out += [f"{k}: {v if k == 'date' else _q(v)}\n" for k, v in fields.items()]
        for (key,), (items, form) in top.items():
            out.append(f"{key}:" + yaml_value(items, form, rng.choice(["", "  "]), rng))
        if params:
            out.append("params:\n")
            for key, (items, form) in params.items():
                out.append(f"  {key}:" + yaml_value(items, form, "    ", rng))
        out.append("---\n")
        return "".join(out)
    # TOML
    def toml_value(items, form):
        return _q(items[0]) if form == "scalar" else "[" + ", ".join(_q(v) for v in items) + "]"
    out = ["+++\n"]
    out += [f"{k} = {v if k == 'date' else _q(v)}\n" for k, v in fields.items()]
    for (key,), (items, form) in top.items():
        out.append(f"{key} = {toml_value(items, form)}\n")
    if params and rng.random() < 0.5:
        out += [f"params.{k} = {toml_value(v, f)}\n" for k, (v, f) in params.items()]
    elif params:
        out.append("[params]\n")
        out += [f"{k} = {toml_value(v, f)}\n" for k, (v, f) in params.items()]
    out.append("+++\n")
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# A site

def generate_site(seed: int, index: int) -> Site:
    site_seed = f"{seed}-{index}"
    rng = random.Random(site_seed)
    site = Site(name=f"g{index:03d}", seed=site_seed)
    classes = rng.sample(ALPHABET_CLASSES, rng.choice([1, 2, 2, 3]))
    pool: dict[str, str] = {}  # name -> class
    for cls in classes:
        for _ in range(rng.randint(2, 4)):
            pool.setdefault(name_of_class(cls, rng), cls)
    names = list(pool)

    def fresh() -> str:
        cls = rng.choice(classes)
        name = name_of_class(cls, rng)
        pool.setdefault(name, cls)
        return name

    # configuration
    remove_accents = rng.random() < 0.5
    declare = rng.random() < 0.5
    where = rng.choices(["hugo.toml", "hugo.yaml", "config/_default/hugo.toml"], [50, 35, 15])[0]
    if where.endswith(".toml"):
        config = 'baseURL = "https://example.org/"\ntitle = "generated"\n'
        config += "removePathAccents = true\n" if remove_accents else ""
        config += '[taxonomies]\ncategory = "categories"\ntag = "tags"\n' if declare else ""
    else:
        config = 'baseURL: "https://example.org/"\ntitle: generated\n'
        config += "removePathAccents: true\n" if remove_accents else ""
        config += "taxonomies:\n  category: categories\n  tag: tags\n" if declare else ""
    site.files[where] = config
    used: set[str] = set()

    # term pages
    with_page: dict[str, list[str]] = {t: [] for t in TAXONOMIES}
    taken: set[str] = set()
    for _ in range(rng.randint(3, 8)):
        tax = rng.choices(TAXONOMIES, [60, 40])[0]
        name = rng.choice(names)
        way = rng.choices(FOLDER_WAYS, [w for _, _, w in FOLDER_WAYS])[0]
        folder = way[1](name)
        if not folder_ok(folder):
            folder = hugo_key(name)
            if not folder_ok(folder):
                continue
        if "." not in folder and "/" not in folder and rng.random() < 0.2:
            rel = f"content/{tax}/{folder}.md"
        else:
            rel = f"content/{tax}/{folder}/_index.md"
        # Two term pages on one Hugo content path (Hugo lower-cases it and turns spaces into `-`):
        # Hugo keeps one of them at random, build after build. Never generated.
        content_path = hugo_key(f"{tax}/{folder}")
        if content_path in taken:
            continue
        taken.add(content_path)
        fmt = rng.choices(["yaml", "toml"], [60, 40])[0]
        site.files[rel] = front_matter(fmt, {"title": name.strip() or "untitled", "date": "2025-01-15T10:00:00Z"},
                                       {}, rng)
        with_page[tax].append(name)
        used.add(name)
    if rng.random() < 0.3:
        site.files["content/categories/_index.md"] = "---\ntitle: Categories\n---\n"

    # posts
    for n in range(1, rng.randint(4, 12) + 1):
        terms = {}
        for tax in TAXONOMIES:
            if rng.random() < 0.1:
                continue
            other = with_page[TAXONOMIES[1 - TAXONOMIES.index(tax)]]
            roll = rng.random()
            if with_page[tax] and roll < 0.5:
                name = rng.choice(with_page[tax])
            elif with_page[tax] and roll < 0.65:
                name = case_variant(rng.choice(with_page[tax]), rng)
            elif other and roll < 0.75:
                name = rng.choice(other)
            elif rng.random() < 0.5:
                name = rng.choice(names)
            else:
                name = fresh()
            used.add(name)
            place = rng.choices(["lower", "capital", "params"], [70, 10, 20])[0]
            key = (tax,) if place == "lower" else (tax.capitalize(),) if place == "capital" else ("params", tax)
            form = rng.choices(["scalar", "flow", "block"], [20, 40, 40])[0]
            terms[key] = ([name], form)
        fmt = rng.choices(["yaml", "toml", "json"], [50, 40, 10])[0]
        if fmt == "json":
            terms = {k: (v, "flow" if f == "block" else f) for k, (v, f) in terms.items()}
        text = front_matter(fmt, {"title": f"Post {n}", "date": "2025-06-01T00:00:00Z"}, terms, rng)
        site.files[f"content/posts/p{n:02d}.md"] = text + "\nBody.\n"

    for name in used:
        cls = pool.get(name) or next((c for n, c in pool.items() if n.lower() == name.lower()), None)
        if cls:
            site.classes.add(cls)
        if any(c.isupper() for c in name) and any(n != name and n.lower() == name.lower() for n in used):
            site.classes.add("case")
    return site


def generate(seed: int, count: int) -> list[Site]:
    return [generate_site(seed, i) for i in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(f"generate: seed {args.seed}, {args.count} sites in {args.out}")
    for site in generate(args.seed, args.count):
        site.write(args.out)


if __name__ == "__main__":
    main()
