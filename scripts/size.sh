#!/usr/bin/env bash
# Prints what a first visit downloads (wasm, JS, CSS, HTML), raw and gzipped, and checks the
# budget: aim 200 KB gzipped, never above 350 KB.
set -euo pipefail
. "$(dirname "$0")/env.sh"
dist="${1:-$PAPERLAB_ROOT/dist}"
total_raw=0; total_gz=0
printf '%-40s %10s %10s\n' file raw gzip
for f in "$dist"/index.html "$dist"/*.wasm "$dist"/*.js "$dist"/*.css; do
  [ -f "$f" ] || continue
  raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-40s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-40s %10d %10d\n' "first load total" "$total_raw" "$total_gz"
awk -v b="$total_gz" 'BEGIN { printf "first load: %.1f KB gzipped (aim 200 KB, limit 350 KB)\n", b / 1024 }'
for f in "$dist"/engine-*/*.wasm "$dist"/engine-*/*.js; do
  [ -f "$f" ] || continue
  printf '%-40s %10d %10d   (fetched when a simulator first appears)\n' "engine/$(basename "$f")" "$(wc -c < "$f")" "$(gzip -9 -c "$f" | wc -c)"
done
for f in "$dist"/content/*.bin; do
  [ -f "$f" ] || continue
  printf '%-40s %10d %10d   (a lesson text, fetched when that lesson is opened)\n' "content/$(basename "$f")" "$(wc -c < "$f")" "$(gzip -9 -c "$f" | wc -c)"
done
if [ "$total_gz" -gt $((350 * 1024)) ]; then
  echo "over the 350 KB budget" >&2; exit 1
fi
