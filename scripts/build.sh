#!/usr/bin/env bash
# Release build of the site. Pass a public URL for a sub-path (GitHub Pages), and optionally
# an output folder (default dist/):
#   scripts/build.sh /paperlab/
# PAPERLAB_CONTENT=DIR builds from another content folder (the end-to-end fixture site).
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$PAPERLAB_ROOT"
public_url="${1:-/}"
dist="${2:-dist}"

# --offline: never let trunk download a tool (it would fail here); cargo fetch ran in setup.
with_wasm_env trunk build --release --offline --public-url "$public_url" --dist "$dist"
