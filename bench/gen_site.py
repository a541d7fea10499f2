#!/usr/bin/env python3
"""A Hugo site for benchmarking catlint's cross-file rules: N category term pages (made by
../shared/bench/gen_corpus.py, or the copy given with --gen) plus M posts that file
themselves under 1-4 of those terms — by title or by key — with a share of references to
terms that do not exist (undefined-term).

    python3 bench/gen_site.py OUT --terms 2000 --posts 50000 [--seed S] [--undefined-rate R]

Writes OUT/hugo.yaml (taxonomies: categories, tags), OUT/content/categories/<term>/_index.md
(from gen_corpus), OUT/content/posts/<year>/<slug>/index.md, and OUT/posts-manifest.tsv
(post path, undefined references). Deterministic for the same arguments.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--terms", type=int, default=2000)
    ap.add_argument("--posts", type=int, default=50000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--undefined-rate", type=float, default=0.02)
    here = Path(__file__).resolve().parent
    ap.add_argument("--gen", default=str(here.parent.parent / "shared/bench/gen_corpus.py"))
    args = ap.parse_args()
    out = Path(args.out)
    subprocess.run([sys.executable, args.gen, str(out), str(args.terms), "--invalid-rate", "0", "--force"],
                   check=True, stdout=subprocess.DEVNULL)
    (out / "hugo.yaml").write_text("title: bench\ntaxonomies:\n  category: categories\n  tag: tags\n")
    terms = []
    for d in sorted((out / "content/categories").iterdir()):
        page = d / "_index.md"
        if page.is_file():
            title = next((l[7:].strip().strip("'\"") for l in page.read_text().splitlines() if l.startswith("title: ")), d.name)
            terms.append((d.name, title))
    rng = random.Random(args.seed)
    manifest = ["path\tundefined"]
    for i in range(args.posts):
        year = 2010 + i % 15
        slug = f"post-{i:06d}"
        refs, undefined = [], 0
        for key, title in rng.sample(terms, k=min(len(terms), rng.randint(1, 4))):
            refs.append(title if rng.random() < 0.5 else key)
        if rng.random() < args.undefined_rate:
            refs.append(f"Retired Topic {i}")
            undefined += 1
        path = out / "content/posts" / str(year) / slug / "index.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = ["---", f"title: Post {i}", f"date: {year}-01-{1 + i % 28:02d}T09:00:00Z", "categories:"]
        lines += [f"  - {r}" for r in refs]
        lines += ["tags:", "  - agile", "---", "", f"Body of post {i}.", ""]
        path.write_text("\n".join(lines))
        manifest.append(f"{path.relative_to(out)}\t{undefined}")
    (out / "posts-manifest.tsv").write_text("\n".join(manifest) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
