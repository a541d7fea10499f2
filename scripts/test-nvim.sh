#!/usr/bin/env bash
# The language server through a real client: Neovim headless (Debian's 0.7: the
# start_client/buf_attach_client API) opens a broken page of a scratch copy of the example
# site, prints the diagnostics it received, checks `unknown-field` at its line and
# character, applies the quick fix and checks the buffer (scripts/nvim-lsp-test.lua).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

if ! command -v nvim >/dev/null 2>&1; then
  echo "installing neovim (apt)"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo=sudo; fi
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq neovim >/dev/null
fi
nvim --version | head -n 1

cargo build --quiet --locked -p catlint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r fixtures/sites/example "$work/site"

export CATLINT="$repo/target/debug/catlint" SITE="$work/site"
export PAGE="$work/site/content/categories/kanban/_index.md"
export CATLINT_NOW=2026-01-01T00:00:00Z
# --clean: no user configuration or plugins; the Lua script quits with 1 on any failure.
timeout 180 nvim --headless --clean -c "luafile $repo/scripts/nvim-lsp-test.lua"
