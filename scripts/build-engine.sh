#!/usr/bin/env bash
# Trunk pre_build hook: builds the simulator engine (crates/engine-web) as its own wasm module
# into $TRUNK_STAGING_DIR/engine-<hash>/, so the app's first download stays small and a new
# deploy never mixes an old cached engine with a new app. The app learns the folder name from
# target/engine-web/dir.txt (read by build.rs).
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$PAPERLAB_ROOT"
profile_flag="--release"; profile_dir="release"
[ "${TRUNK_PROFILE:-release}" = "debug" ] && { profile_flag=""; profile_dir="debug"; }
with_wasm_env cargo build $profile_flag --offline --target wasm32-unknown-unknown -p paperlab-engine-web --quiet
out="target/engine-web/out"
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name paperlab_engine \
  "target/wasm32-unknown-unknown/$profile_dir/paperlab_engine_web.wasm"
if [ "$profile_dir" = release ]; then
  wasm-opt -Oz "$out/paperlab_engine_bg.wasm" -o "$out/paperlab_engine_bg.wasm"
fi
hash=$(cat "$out"/* | { sha256sum 2>/dev/null || shasum -a 256; } | cut -c1-16)
dir="engine-$hash"
echo "$dir" > target/engine-web/dir.txt.new
# Only touch dir.txt when it changes, so cargo does not rebuild the app for nothing.
if ! cmp -s target/engine-web/dir.txt.new target/engine-web/dir.txt 2>/dev/null; then
  mv target/engine-web/dir.txt.new target/engine-web/dir.txt
else
  rm target/engine-web/dir.txt.new
fi
if [ -n "${TRUNK_STAGING_DIR:-}" ]; then
  mkdir -p "$TRUNK_STAGING_DIR/$dir"
  cp "$out"/paperlab_engine.js "$out"/paperlab_engine_bg.wasm "$TRUNK_STAGING_DIR/$dir/"
fi
