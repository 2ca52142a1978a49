#!/usr/bin/env bash
# Runs every test: unit, whole-program, booklet (typst + poppler) and browser (Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"
cargo test --workspace --quiet "$@"
