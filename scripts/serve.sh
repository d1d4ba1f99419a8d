#!/usr/bin/env bash
# Sets up what is missing, builds the app and serves it on http://127.0.0.1:8414/ ,
# rebuilding when a file changes. Ctrl-C stops it.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$PAPERLAB_ROOT"
scripts/setup.sh --no-browser
echo
echo "paperlab: http://127.0.0.1:8414/   (first build takes about a minute)"
echo
with_wasm_env trunk serve --release --offline
