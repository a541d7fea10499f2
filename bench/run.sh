#!/usr/bin/env bash
# Side-by-side benchmark of catlint against floors (rg, cat) and peer validators
# (lintel, check-jsonschema, remark-lint-frontmatter-schema). Run `bench/run.sh --help`.
set -euo pipefail

LINTEL_VERSION=0.0.19
CJS_VERSION=0.39.0
REMARK_PACKAGES=(
  remark-cli@12.0.1
  remark-frontmatter@5.0.0
  remark-lint-frontmatter-schema@3.15.4
  vfile-reporter-json@4.0.0
)
ALL_TOOLS=catlint,rg,cat,lintel,check-jsonschema,remark

usage() {
  cat <<'EOF'
Usage: bench/run.sh [OPTIONS]

Benchmarks `catlint check` side by side with two floors and three peer validators on
synthetic Hugo category corpora, checks that every tool flagged the same files as the
generator's ground truth, and prints Markdown tables (also written to
target/bench/results.md, raw numbers to target/bench/results.json).

Tools (names for --only):
  catlint           catlint check content/categories --format json --quiet --color never
                    (target/release/catlint, built with `cargo build --release -p catlint`)
  rg                floor: rg -c '^---$' content           (ripgrep; reads every file once)
  cat               floor: find content -name '*.md' -print0 | xargs -0 cat > /dev/null
  lintel            lintel 0.0.19: lintel ci --no-catalog --force content/categories, with a
                    lintel.toml mapping the pages to catlint's schema (lintel reads the YAML
                    front matter of .md files itself); a fresh XDG_CACHE_HOME for every run
  check-jsonschema  check-jsonschema --schemafile SCHEMA -o json on the front matter
                    extracted to .yaml files (gen_corpus.py --also-yaml), fed by xargs
  remark            remark-cli + remark-frontmatter + remark-lint-frontmatter-schema on the
                    pages (1,000 and 10,000 pages only; far too slow for 100,000)
Every peer validates against catlint's own schema (`catlint schema`, draft-07).

Corpora (made once, reused while their parameters and generator are unchanged):
  c<N>   N category pages, invalid rate 0.1, seed 1 (../shared/bench/gen_corpus.py)
  site   2,000 term pages + 50,000 posts (bench/gen_site.py); only catlint and the floors
         run there, because the peers have no cross-file rules
  site10k  2,000 term pages + 8,000 posts: catlint checks ONE term page (the pre-commit
         case; the whole site is still indexed for the cross-file rules), once with
         --no-cache and once with a warm index cache, beside rg over all the pages

Options:
  --sizes LIST      corpus sizes, comma-separated          [default: 1000,10000,100000]
  --runs N          measured runs per tool (median wall time and max peak RSS reported),
                    after one unmeasured warm-up run       [default: 5]
  --only LIST       run (and install) only these tools, e.g. --only catlint,rg,lintel
  --no-site         skip the 2,000-term / 50,000-post site
  --site-terms N    term pages of the site                 [default: 2000]
  --site-posts N    posts of the site                      [default: 50000]
  --no-latency      skip the one-page-of-a-10,000-page-site case
  --slow-after S    a tool whose warm-up takes longer than S seconds is measured once
                                                           [default: 30]
  --skip-install    do not install peers; use what is already in the tools dir / PATH
  --skip-build      do not run `cargo build --release -p catlint`; use the existing binary
  --baseline BIN    also measure another catlint binary (e.g. the previous main's) as
                    catlint-baseline: same arguments on every corpus catlint runs on, in the
                    same interleaved rounds (one-page case: its own warm cache dir); tables
                    show its time ÷ catlint's, plus a line per corpus with catlint's time ÷
                    the baseline's. Not in the accuracy tables (flagged files are compared
                    with catlint's instead). Needs catlint in --only; overrides
                    $CATLINT_BASELINE; a relative path is relative to the repository root
  -h, --help        this help

Environment:
  BENCH_TOOLS   where peers are installed             [default: target/bench/tools]
  BENCH_WORK    where corpora and tool outputs go     [default: target/bench/work]
  BENCH_OUT     where results.md / results.json go    [default: target/bench]
  GEN_CORPUS    the corpus generator                  [default: ../shared/bench/gen_corpus.py]
  CATLINT_BIN   the catlint binary                    [default: target/release/catlint]
  CATLINT_BASELINE  a baseline catlint binary to measure beside it (as --baseline)
                                                      [default: none]
(relative paths are relative to the repository root)

Installation (idempotent; whatever is already there is kept):
  rg                apt-get install -y ripgrep when rg is not on PATH (as root), else
                    cargo install ripgrep --locked --root $BENCH_TOOLS
  lintel            cargo install lintel --version 0.0.19 --locked --root $BENCH_TOOLS
                    (~10 minutes; waits for a `cargo install lintel` that is already running)
  check-jsonschema  python3 -m venv $BENCH_TOOLS/venv && pip install check-jsonschema==0.39.0
  remark            npm install --prefix $BENCH_TOOLS/node remark-cli@12.0.1
                    remark-frontmatter@5.0.0 remark-lint-frontmatter-schema@3.15.4
                    vfile-reporter-json@4.0.0 (run with node)

Prerequisites: bash, python3 (3.9+, standard library only), cargo (Rust stable), and for
the peers pip/venv, node and npm. Needs about 2 GB of disk for all three sizes.

Examples:
  bench/run.sh                                   everything (takes about an hour on 2 cores)
  bench/run.sh --sizes 1000 --runs 1 --no-site   a quick smoke test
  bench/run.sh --sizes 10000 --runs 3 --only catlint,rg,lintel
  CATLINT_BASELINE=/tmp/prev/target/release/catlint bench/run.sh --only catlint,rg --sizes 10000
                                                 this build against the previous main's
EOF
}

die() {
  echo "bench/run.sh: error: $*" >&2
  exit 2
}
say() { echo "==> $*" >&2; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
abspath() { case $1 in /*) echo "$1" ;; *) echo "$ROOT/$1" ;; esac; }

sizes=1000,10000,100000
runs=5
only=$ALL_TOOLS
site=1
site_terms=2000
site_posts=50000
install=1
build=1
latency=1
slow_after=30
baseline=${CATLINT_BASELINE:-}
while (($# > 0)); do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --sizes) sizes=${2:?--sizes needs a value}; shift ;;
    --sizes=*) sizes=${1#*=} ;;
    --runs) runs=${2:?--runs needs a value}; shift ;;
    --runs=*) runs=${1#*=} ;;
    --only) only=${2:?--only needs a value}; shift ;;
    --only=*) only=${1#*=} ;;
    --no-site) site=0 ;;
    --no-latency) latency=0 ;;
    --slow-after) slow_after=${2:?--slow-after needs a value}; shift ;;
    --site-terms) site_terms=${2:?--site-terms needs a value}; shift ;;
    --site-posts) site_posts=${2:?--site-posts needs a value}; shift ;;
    --skip-install) install=0 ;;
    --skip-build) build=0 ;;
    --baseline) baseline=${2:?--baseline needs a value}; shift ;;
    --baseline=*) baseline=${1#*=} ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
  shift
done

[[ $sizes =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--sizes wants numbers separated by commas, got '$sizes'"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs wants a positive number, got '$runs'"
[[ $site_terms =~ ^[1-9][0-9]*$ && $site_posts =~ ^[0-9]+$ ]] || die "--site-terms/--site-posts want numbers"
IFS=, read -r -a selected <<<"$only"
for t in "${selected[@]}"; do
  [[ ",$ALL_TOOLS," == *",$t,"* ]] || die "unknown tool '$t' in --only (known: $ALL_TOOLS)"
done
wants() { [[ ",$only," == *",$1,"* ]]; }

TOOLS=$(abspath "${BENCH_TOOLS:-target/bench/tools}")
WORK=$(abspath "${BENCH_WORK:-target/bench/work}")
OUT=$(abspath "${BENCH_OUT:-target/bench}")
GEN_CORPUS=$(abspath "${GEN_CORPUS:-../shared/bench/gen_corpus.py}")
CATLINT_BIN=$(abspath "${CATLINT_BIN:-target/release/catlint}")
if [[ -n $baseline ]]; then
  baseline=$(abspath "$baseline")
  [[ -x $baseline && ! -d $baseline ]] || die "baseline catlint binary not found or not executable: $baseline"
  wants catlint || die "--baseline/CATLINT_BASELINE needs catlint in --only (it runs beside catlint)"
fi

command -v python3 >/dev/null || die "python3 is required"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 9))' || die "python3 3.9 or newer is required"
[[ -f $GEN_CORPUS ]] || die "corpus generator not found: $GEN_CORPUS (set GEN_CORPUS)"
mkdir -p "$TOOLS" "$WORK" "$OUT"

# ------------------------------------------------------------------------------ installs

RG=""
install_rg() {
  if command -v rg >/dev/null; then RG=$(command -v rg); return; fi
  if [[ -x $TOOLS/bin/rg ]]; then RG=$TOOLS/bin/rg; return; fi
  ((install)) || die "rg (ripgrep) is not installed (drop --skip-install to install it)"
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    say "installing ripgrep with apt-get"
    if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep >/dev/null ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep >/dev/null; }; then
      RG=$(command -v rg)
      return
    fi
    say "apt-get failed; falling back to cargo install ripgrep"
  fi
  command -v cargo >/dev/null || die "neither apt-get (as root) nor cargo is available to install ripgrep"
  cargo install ripgrep --locked --root "$TOOLS"
  RG=$TOOLS/bin/rg
}

# (no `| grep -q`: with pipefail, the writer's SIGPIPE would fail the test)
lintel_ok() { [[ -x $TOOLS/bin/lintel && $("$TOOLS/bin/lintel" --version 2>/dev/null) == *"$LINTEL_VERSION"* ]]; }
install_lintel() {
  lintel_ok && return
  ((install)) || die "lintel $LINTEL_VERSION is not installed in $TOOLS/bin (drop --skip-install)"
  local pids
  # Another `cargo install lintel` (e.g. started by hand) would race with ours: wait for it.
  while command -v pgrep >/dev/null && pids=$(pgrep -f -- 'cargo install lintel' | tr '\n' ' ') &&
    [[ -n $pids ]]; do
    say "waiting for a running 'cargo install lintel' (pid $pids) to finish"
    sleep 20
  done
  lintel_ok && return
  command -v cargo >/dev/null || die "cargo is required to install lintel"
  say "installing lintel $LINTEL_VERSION (cargo install, takes about 10 minutes on 2 cores)"
  cargo install lintel --version "$LINTEL_VERSION" --locked --root "$TOOLS"
  lintel_ok || die "lintel $LINTEL_VERSION did not install into $TOOLS/bin"
}

cjs_ok() { [[ -x $TOOLS/venv/bin/check-jsonschema && $("$TOOLS/venv/bin/check-jsonschema" --version 2>/dev/null) == *"$CJS_VERSION"* ]]; }
install_cjs() {
  cjs_ok && return
  ((install)) || die "check-jsonschema is not installed in $TOOLS/venv (drop --skip-install)"
  say "installing check-jsonschema $CJS_VERSION into $TOOLS/venv"
  [[ -x $TOOLS/venv/bin/pip ]] || python3 -m venv "$TOOLS/venv" ||
    die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
  "$TOOLS/venv/bin/pip" install --quiet --disable-pip-version-check "check-jsonschema==$CJS_VERSION"
  cjs_ok || die "check-jsonschema $CJS_VERSION did not install into $TOOLS/venv"
}

remark_ok() {
  local spec name version
  for spec in "${REMARK_PACKAGES[@]}"; do
    name=${spec%@*} version=${spec##*@}
    [[ -f $TOOLS/node/node_modules/$name/package.json ]] || return 1
    grep -qF "\"version\": \"$version\"" "$TOOLS/node/node_modules/$name/package.json" || return 1
  done
}
install_remark() {
  command -v node >/dev/null || die "node is required for remark (or leave it out with --only)"
  remark_ok && return
  ((install)) || die "remark packages are not installed in $TOOLS/node (drop --skip-install)"
  command -v npm >/dev/null || die "npm is required to install remark"
  say "installing ${REMARK_PACKAGES[*]} into $TOOLS/node"
  mkdir -p "$TOOLS/node"
  npm install --prefix "$TOOLS/node" --save-exact --no-audit --no-fund --loglevel=error "${REMARK_PACKAGES[@]}" >&2
  remark_ok || die "remark packages did not install into $TOOLS/node"
}

wants rg && install_rg
wants lintel && install_lintel
wants check-jsonschema && install_cjs
wants remark && install_remark
# catlint is always built/needed: its schema is what every peer validates against.
if ((build)); then
  command -v cargo >/dev/null || die "cargo is required to build catlint (or pass --skip-build)"
  say "cargo build --release -p catlint"
  (cd "$ROOT" && cargo build --release --quiet -p catlint)
fi
[[ -x $CATLINT_BIN ]] || die "catlint binary not found: $CATLINT_BIN (drop --skip-build or set CATLINT_BIN)"

# ------------------------------------------------------------------------------ benchmark

args=(
  --root "$ROOT" --work "$WORK" --out "$OUT" --gen-corpus "$GEN_CORPUS"
  --sizes "$sizes" --runs "$runs" --only "$only"
  --site-terms "$site_terms" --site-posts "$site_posts"
  --catlint "$CATLINT_BIN"
  --rg "${RG:-rg}" --lintel "$TOOLS/bin/lintel"
  --check-jsonschema "$TOOLS/venv/bin/check-jsonschema" --node-dir "$TOOLS/node"
)
((site)) || args+=(--no-site)
((latency)) || args+=(--no-latency)
[[ -z $baseline ]] || args+=(--baseline "$baseline")
args+=(--slow-after "$slow_after")
exec python3 "$ROOT/bench/bench.py" "${args[@]}"
