#!/usr/bin/env bash
# Site-build benchmark on realistic text (scripts/bench/gen.py: a real vocabulary, ~7.6 KB of
# Chinese Markdown per report, 100 groups with 12 activity records each). For each N it prints
# the corpus's distinct bigrams, wall and CPU seconds, peak memory, pages per second and the
# search index's bytes against the Markdown's, for the public build and for --internal.
# Usage: scripts/bench.sh [N ...]          (default: 1000 10000)
#        BENCH_ACTIVITIES=100000 scripts/bench.sh 10000   (100,000 activity records instead)
# With tests/browser/node_modules installed it also runs the browser search benchmark
# (tests/browser/search.mjs bench: query latency and index bytes loaded) on each public site.
# Set TMPDIR to choose where content and output go (e.g. /dev/shm on a busy disk).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
sizes=("$@"); [[ ${#sizes[@]} -eq 0 ]] && sizes=(1000 10000)
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
extra=(); [[ -n "${BENCH_ACTIVITIES:-}" ]] && extra=(--activities "$BENCH_ACTIVITIES")
for n in "${sizes[@]}"; do
  corpus=$(python3 scripts/bench/gen.py "$n" "$work/content-$n" "${extra[@]}")
  bigrams=$(sed -n 's/.*bigrams_per_report=\([0-9]*\) bigrams_overall=\([0-9]*\).*/\1\/report \2 overall/p' <<<"$corpus")
  acts=$(sed -n 's/.*activities=\([0-9]*\).*/\1/p' <<<"$corpus")
  md=$(sed -n 's/.*markdown_bytes=\([0-9]*\).*/\1/p' <<<"$corpus")
  for mode in public internal; do
    flags=(--no-booklet); [[ $mode == internal ]] && flags+=(--internal)
    # A fresh output folder per run: deleting a previous output first would measure this
    # disk's delete/discard behaviour, not the build. Three runs; the median by wall time is
    # reported (with its CPU time and peak memory).
    : >"$work/times"
    for run in 1 2 3; do
      /usr/bin/time -f '%e %U %S %M' -o "$work/time" ./target/release/showcase build "${flags[@]}" \
        --content "$work/content-$n" --out "$work/out-$n-$mode-$run" >"$work/stdout" 2>/dev/null
      cat "$work/time" >>"$work/times"
      [[ $run -lt 3 ]] && rm -rf "$work/out-$n-$mode-$run"
    done
    read -r secs user sys kib < <(sort -n "$work/times" | sed -n 2p)
    # Pages of every site built (the internal build reports the public site's and its own).
    pages=$(grep -o '[0-9]* 个页面' "$work/stdout" | grep -o '[0-9]*' | paste -sd+ | bc)
    site="$work/out-$n-$mode-3/site"; [[ $mode == internal ]] && site="$work/out-$n-$mode-3/internal"
    index=$(cat "$site"/search/manifest.js "$site"/search/index/*.js | wc -c)
    text=$( (find "$site/search/doc" -name '*.js'; echo "$site/search/text.js") | tr '\n' '\0' | du -cb --files0-from=- | tail -1 | cut -f1)
    awk -v n="$n" -v a="$acts" -v m="$mode" -v p="$pages" -v s="$secs" -v u="$user" -v y="$sys" \
        -v k="$kib" -v b="$bigrams" -v md="$md" -v ix="$index" -v tx="$text" 'BEGIN {
      printf "N=%-6d activities=%-6d %-8s bigrams=%s  pages=%d  wall=%.2fs cpu=%.2fs  %.0f pages/s  peak=%.0f MiB  search files=%.1f MB (%.0f%% of %.1f MB Markdown: postings %.0f%%, stored text %.0f%%)\n",
        n, a, m, b, p, s, u + y, p / s, k / 1024, (ix + tx) / 1e6, 100 * (ix + tx) / md, md / 1e6, 100 * ix / md, 100 * tx / md }'
    if [[ $mode == public && -d tests/browser/node_modules/playwright-core ]]; then
      (cd tests/browser && node search.mjs "$site" bench) || echo "browser search benchmark failed"
    fi
  done
  rm -rf "$work/out-$n-"*
done
