#!/usr/bin/env bash
# The GitHub Action's check step: runs catlint once (annotations in the log, a SARIF file
# if asked, a JSON report for the outputs), writes `errors` and `warnings` to GITHUB_OUTPUT
# and fails on errors. Inputs come as INPUT_* variables (see action.yml).
set -uo pipefail
catlint=${CATLINT:-catlint}
args=(check --format "${INPUT_FORMAT:-github}")
[[ -n "${INPUT_CONFIG:-}" ]] && args+=(--config "$INPUT_CONFIG")
[[ -n "${INPUT_SARIF_FILE:-}" ]] && args+=(--report "sarif=${INPUT_SARIF_FILE}")
json=$(mktemp)
trap 'rm -f "$json"' EXIT
args+=(--report "json=${json}")

read -r -a paths <<< "${INPUT_PATHS:-.}"
if [[ "${INPUT_CHANGED_ONLY:-false}" == "true" ]]; then
  if [[ -z "${BASE_REF:-}" ]]; then
    echo "changed-only: not a pull request; checking ${paths[*]}"
  else
    git fetch --quiet --depth=1 origin "$BASE_REF" || true
    mapfile -t changed < <(git diff --name-only --diff-filter=ACMR "origin/${BASE_REF}...HEAD" -- "${paths[@]}" | grep -E '\.(md|markdown)$' || true)
    if [[ ${#changed[@]} -eq 0 ]]; then
      echo "changed-only: no Markdown file changed"
      { echo "errors=0"; echo "warnings=0"; } >> "${GITHUB_OUTPUT:-/dev/null}"
      exit 0
    fi
    paths=("${changed[@]}")
  fi
fi

"$catlint" "${args[@]}" "${paths[@]}"
code=$?
counts=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(s["errors"], s["warnings"])' "$json" 2>/dev/null || echo "0 0")
read -r errors warnings <<< "$counts"
{ echo "errors=${errors}"; echo "warnings=${warnings}"; } >> "${GITHUB_OUTPUT:-/dev/null}"
echo "catlint: ${errors} errors, ${warnings} warnings (exit ${code})"
exit "$code"
