#!/usr/bin/env bash
# Builds the bundled sample showcase: website (public + internal) and booklets.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cargo build --release --quiet
./target/release/showcase build --internal "$@"
