#!/usr/bin/env bash
# Runs the GitHub Action's shell steps (scripts/action-run.sh) locally against the fixtures,
# with the runner's files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) simulated, and checks the
# annotations, the outputs, the SARIF file and `changed-only` on a scratch pull request.
# Ends with "action: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
cargo build --quiet --locked -p catlint || exit 1
export CATLINT="$repo/target/debug/catlint"
export CATLINT_NOW=2026-01-01T00:00:00Z NO_COLOR=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); echo "PASS: $1"; else failed=$((failed + 1)); echo "FAIL: $1"; fi; }

# 1. The example site: annotations, outputs, SARIF, step summary, exit code.
export GITHUB_OUTPUT="$work/output" GITHUB_STEP_SUMMARY="$work/summary"
: > "$GITHUB_OUTPUT"; : > "$GITHUB_STEP_SUMMARY"
INPUT_PATHS=fixtures/sites/example INPUT_FORMAT=github INPUT_SARIF_FILE="$work/catlint.sarif" \
  bash scripts/action-run.sh > "$work/log" 2>&1
code=$?
check "fails the step on errors" '[[ $code -eq 1 ]]'
check "outputs errors=6" 'grep -qx "errors=6" "$GITHUB_OUTPUT"'
check "outputs warnings=3" 'grep -qx "warnings=3" "$GITHUB_OUTPUT"'
check "annotates the invalid date on its line" 'grep -q "^::error file=fixtures/sites/example/content/categories/kanban/_index.md,line=3," "$work/log"'
check "annotates the unknown field" 'grep -q "title=catlint (unknown-field)::" "$work/log"'
check "writes SARIF" 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"version\"]==\"2.1.0\"" "$work/catlint.sarif"'
check "writes the step summary" 'grep -q "catlint" "$GITHUB_STEP_SUMMARY"'

# 2. A clean page: exit 0, errors=0.
: > "$GITHUB_OUTPUT"
INPUT_PATHS=fixtures/sites/example/content/categories/lean/_index.md bash scripts/action-run.sh > "$work/log2" 2>&1
code=$?
check "a clean page passes" '[[ $code -eq 0 ]] && grep -qx "errors=0" "$GITHUB_OUTPUT"'

# 3. changed-only on a scratch pull request: only the changed page is reported, against the
#    whole site's index.
git init --quiet --bare "$work/origin.git"
git clone --quiet "$work/origin.git" "$work/clone" 2>/dev/null
cp -r fixtures/sites/example/. "$work/clone/"
(
  cd "$work/clone" || exit 1
  git -c user.email=ci@example.org -c user.name=ci add -A
  git -c user.email=ci@example.org -c user.name=ci commit --quiet -m base
  git branch -M main && git push --quiet origin main
  git checkout --quiet -b change
  sed -i 's/^title: Lean$/title: Lean Thinking/' content/categories/lean/_index.md
  git -c user.email=ci@example.org -c user.name=ci commit --quiet -am "rename"
  : > "$GITHUB_OUTPUT"
  INPUT_CHANGED_ONLY=true BASE_REF=main INPUT_PATHS=. bash "$repo/scripts/action-run.sh" > "$work/log3" 2>&1
  echo $? > "$work/code3"
)
code=$(cat "$work/code3")
check "changed-only reports the renamed page" 'grep -q "file=content/categories/lean/_index.md" "$work/log3"'
check "changed-only leaves unchanged broken pages alone" '! grep -q "kanban" "$work/log3"'
check "changed-only fails on the stale Instructions" '[[ $code -eq 1 ]] && grep -q "instructions-opening" "$work/log3"'

echo "action: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
