#!/usr/bin/env bash
# Proves the pre-commit hooks of .pre-commit-hooks.yaml with the real `pre-commit` client.
#
# In a temporary folder: a venv with pre-commit from PyPI, and a scratch git repository
# holding a minimal Hugo site. `pre-commit try-repo <this repository> HOOK --files PAGE`
# then installs the hook the way a user's pre-commit does (pip install of this repository:
# pyproject.toml, maturin, a release build of catlint) and runs it:
#   1. catlint     on a good category page      -> passes
#   2. catlint     on a broken page (`descripton`) -> fails, naming unknown-field and missing-field
#   3. catlint-fix on a page with `instructions:`  -> rewrites the key to `Instructions:` (key-case),
#                                                    and pre-commit fails with "files were modified"
# Each case prints PASS or FAIL; the last line is `pre-commit: N passed, N failed`.
#
# Needs: python3 (3.9+) with venv, git, a Rust toolchain (the hook compiles catlint),
# and PyPI (pre-commit, maturin). Run from anywhere: bash scripts/test-pre-commit.sh
#
# What is installed: the working tree of this repository. When it has files git does not
# track yet (and does not ignore), `try-repo` would leave them out, so a snapshot of the
# working tree (tracked and untracked, minus ignored files) is committed to a temporary
# repository and that is tried instead.
#
# Environment:
#   PYTHON                         interpreter for the venv (default: python3)
#   PRE_COMMIT_SPEC                pip requirement for pre-commit (default below)
#   CATLINT_PRE_COMMIT_TARGET_DIR  cargo target folder for the hook's builds, kept between
#                                  runs so later builds only recompile catlint's own crates
#                                  (default: target/pre-commit in this repository)
#   KEEP_TMP=1                     keep the temporary folder for inspection
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"

# Running from inside a git hook would point every git command at the wrong repository.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES \
  GIT_PREFIX GIT_COMMON_DIR 2>/dev/null || true

python="${PYTHON:-python3}"
pre_commit_spec="${PRE_COMMIT_SPEC:-pre-commit>=4,<5}"

passed=0
failed=0
summary_printed=0
started=$SECONDS

work="$(mktemp -d "${TMPDIR:-/tmp}/catlint-pre-commit.XXXXXX")"

summary() {
  summary_printed=1
  echo "pre-commit hooks: $((SECONDS - started)) s"
  echo "pre-commit: $passed passed, $failed failed"
}

on_exit() {
  local code=$?
  if [[ $summary_printed -eq 0 ]]; then
    echo "FAIL: the test stopped early (exit code $code); see the output above"
    failed=$((failed + 1))
    summary
    code=1
  fi
  if [[ "${KEEP_TMP:-}" == 1 ]]; then
    echo "kept $work"
  else
    rm -rf "$work"
  fi
  exit "$code"
}
trap on_exit EXIT

pass() {
  echo "PASS: $1"
  passed=$((passed + 1))
}

fail() {
  echo "FAIL: $1"
  failed=$((failed + 1))
}

# Prints a command's output indented, so it stands apart from PASS/FAIL lines.
show() {
  sed 's/^/    | /' "$1"
}

# A clean pre-commit: its store (and its error log) in the temporary folder; no colours,
# no prompts, no pip self-check, whatever the caller's terminal and settings.
export PRE_COMMIT_HOME="$work/pre-commit-home"
export PRE_COMMIT_COLOR=never
export NO_COLOR=1
export CARGO_TERM_COLOR=never
export PIP_NO_INPUT=1
export PIP_DISABLE_PIP_VERSION_CHECK=1
export CARGO_TARGET_DIR="${CATLINT_PRE_COMMIT_TARGET_DIR:-$root/target/pre-commit}"
exec </dev/null

git_scratch() {
  git -c user.name="catlint test" -c user.email="catlint-test@example.invalid" \
    -c commit.gpgsign=false -c init.defaultBranch=main -c core.autocrlf=false "$@"
}

echo "== pre-commit hooks: installing $pre_commit_spec into a venv"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$pre_commit_spec"
pre_commit="$work/venv/bin/pre-commit"
echo "$("$pre_commit" --version), $(git --version), cargo target folder $CARGO_TARGET_DIR"

"$pre_commit" validate-manifest .pre-commit-hooks.yaml

# The repository to try: this one, or a committed snapshot of its working tree.
hook_repo="$root"
if [[ -n "$(git ls-files --others --exclude-standard)" ]]; then
  echo "== untracked files in the working tree: trying a committed snapshot of it"
  hook_repo="$work/catlint-snapshot"
  mkdir "$hook_repo"
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do
      if [[ -e "$f" || -L "$f" ]]; then printf '%s\0' "$f"; fi
    done |
    tar --null --files-from=- -cf - | tar -xf - -C "$hook_repo"
  git_scratch -C "$hook_repo" init -q
  git_scratch -C "$hook_repo" add -A
  git_scratch -C "$hook_repo" commit -q --no-verify -m "snapshot of the working tree"
fi

# The scratch content repository: a minimal Hugo site with three category pages.
site="$work/site"
seed="$root/fixtures/sites/unused-term/content/categories/lean/_index.md"
mkdir -p "$site/content/categories/lean" "$site/content/categories/kanban" \
  "$site/content/categories/scrum" "$site/content/posts"
cat >"$site/hugo.yaml" <<'EOF'
title: pre-commit test site
taxonomies:
  category: categories
EOF
cat >"$site/content/posts/hello.md" <<'EOF'
---
title: Hello
categories: [Lean, Kanban, Scrum]
---
A post that lists every term, so that no term is unused.
EOF
good="content/categories/lean/_index.md"
broken="content/categories/kanban/_index.md"
fixable="content/categories/scrum/_index.md"
cp "$seed" "$site/$good"
# broken: the `description` key misspelled (unknown-field, and missing-field for description)
sed -e 's/Lean/Kanban/g' -e 's/^description:/descripton:/' "$seed" >"$site/$broken"
# fixable: `instructions` in lower case (key-case, a safe fix); expected: the key as `Instructions`
sed -e 's/Lean/Scrum/g' -e 's/^Instructions:/instructions:/' "$seed" >"$site/$fixable"
sed -e 's/Lean/Scrum/g' "$seed" >"$work/expected-fixed.md"
if cmp -s "$site/$fixable" "$work/expected-fixed.md"; then
  echo "the fixable page does not differ from the expected result: is the seed page as assumed?" >&2
  exit 1
fi
git_scratch -C "$site" init -q
git_scratch -C "$site" add -A
git_scratch -C "$site" commit -q --no-verify -m "scratch site"

# try_repo NAME HOOK FILE: runs the hook from the repository on FILE in the scratch site;
# sets $out (the output file) and $code (pre-commit's exit code).
try_repo() {
  local name="$1" hook="$2" file="$3" t0=$SECONDS
  out="$work/$name.out"
  echo "== $name: pre-commit try-repo <catlint> $hook --files $file"
  set +e
  (cd "$site" && "$pre_commit" try-repo "$hook_repo" "$hook" --color never --files "$file") >"$out" 2>&1
  code=$?
  set -e
  show "$out"
  echo "   (exit code $code, $((SECONDS - t0)) s)"
  if grep -q "An unexpected error has occurred" "$out" && [[ -f "$PRE_COMMIT_HOME/pre-commit.log" ]]; then
    echo "   pre-commit's log:"
    tail -n 60 "$PRE_COMMIT_HOME/pre-commit.log" | sed 's/^/    | /'
  fi
}

# 1. a good page passes
try_repo good-page catlint "$good"
if [[ $code -eq 0 ]] && grep -Eq '^catlint\.+Passed' "$out"; then
  pass "catlint passes a good category page"
else
  fail "catlint on a good category page: expected Passed and exit code 0, got exit code $code"
fi

# 2. a broken page fails and names the rules
try_repo broken-page catlint "$broken"
if [[ $code -ne 0 ]] && grep -Eq '^catlint\.+Failed' "$out" &&
  grep -q 'unknown-field' "$out" && grep -q 'missing-field' "$out" &&
  grep -q "$broken" "$out"; then
  pass "catlint fails a broken page and names unknown-field and missing-field"
else
  fail "catlint on a broken page: expected Failed, exit code 1, unknown-field and missing-field, got exit code $code"
fi

# 3. catlint-fix rewrites the page, and pre-commit fails because the hook modified it
try_repo fix catlint-fix "$fixable"
if [[ $code -ne 0 ]] && grep -Eq '^catlint \(fix\)\.+Failed' "$out" &&
  grep -q 'files were modified by this hook' "$out" &&
  cmp -s "$site/$fixable" "$work/expected-fixed.md"; then
  pass "catlint-fix fixes key-case and pre-commit reports the modified file"
else
  fail "catlint-fix: expected Failed with 'files were modified by this hook' and \`Instructions:\` in the page, got exit code $code"
  diff -u "$work/expected-fixed.md" "$site/$fixable" | sed 's/^/    | /' || true
fi

summary
if [[ $failed -ne 0 ]]; then
  exit 1
fi
