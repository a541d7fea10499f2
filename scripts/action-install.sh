#!/usr/bin/env bash
# Installs catlint for the GitHub Action into ~/.catlint/bin (cached by the action):
# the release binary of CATLINT_VERSION when one is given, else a build of the action's own
# source (CATLINT_SOURCE). Adds the folder to GITHUB_PATH.
set -euo pipefail
bin_dir="$HOME/.catlint/bin"
mkdir -p "$bin_dir"
if [[ -n "${GITHUB_PATH:-}" ]]; then echo "$bin_dir" >> "$GITHUB_PATH"; fi
if [[ -x "$bin_dir/catlint" ]]; then
  echo "catlint from the cache: $("$bin_dir/catlint" --version)"
  exit 0
fi
if [[ -n "${CATLINT_VERSION:-}" ]]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) target=x86_64-unknown-linux-musl ;;
    Darwin-arm64) target=aarch64-apple-darwin ;;
    Darwin-x86_64) target=x86_64-apple-darwin ;;
    *) target="" ;;
  esac
  url="https://github.com/catlint/catlint/releases/download/v${CATLINT_VERSION}/catlint-${target}.tar.gz"
  if [[ -n "$target" ]] && curl -fsSL "$url" | tar -xz -C "$bin_dir"; then
    echo "catlint ${CATLINT_VERSION} (release binary ${target})"
    exit 0
  fi
  echo "no release binary for ${CATLINT_VERSION} on this runner; building from crates.io"
  cargo install --locked --root "$HOME/.catlint" catlint --version "$CATLINT_VERSION"
  exit 0
fi
cargo install --locked --root "$HOME/.catlint" --path "${CATLINT_SOURCE:?}/crates/catlint"
