#!/usr/bin/env bash
# Site-build benchmark: generates synthetic content with N reports (~7 KB of Chinese
# Markdown each) and reports pages per second and peak memory of `showcase build`.
# Usage: scripts/bench.sh [N ...]   (default: 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
sizes=("$@"); [[ ${#sizes[@]} -eq 0 ]] && sizes=(1000 10000)
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
for n in "${sizes[@]}"; do
  python3 scripts/bench/gen.py "$n" "$work/content-$n" >/dev/null
  # A fresh output folder per run: deleting a previous output first would measure this
  # disk's delete/discard behaviour, not the build. The second run is the one reported.
  for run in 1 2; do
    /usr/bin/time -f '%e %M' -o "$work/time" ./target/release/showcase build --no-booklet \
      --content "$work/content-$n" --out "$work/out-$n-$run" >"$work/stdout" 2>/dev/null
  done
  read -r secs kib <"$work/time"
  pages=$(grep -o '[0-9]* 个页面' "$work/stdout" | head -1 | grep -o '[0-9]*')
  awk -v n="$n" -v p="$pages" -v s="$secs" -v k="$kib" 'BEGIN {
    printf "N=%-6d pages=%-6d time=%.2fs  %.0f pages/s  peak=%.0f MiB\n", n, p, s, p / s, k / 1024 }'
done
