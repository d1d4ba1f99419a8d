#!/usr/bin/env bash
# Installs everything paperlab needs to build and test, skipping what is already there at the
# right version (a second run takes seconds). Works on a fresh Debian machine as root, and on
# a developer laptop with rustup, cargo and npm (Chromium: see README).
#   scripts/setup.sh           everything
#   scripts/setup.sh --no-browser   skip Chromium and fonts (enough to build and serve)
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$PAPERLAB_ROOT"

want_browser=1
[ "${1:-}" = "--no-browser" ] && want_browser=0

apt_updated=0
apt_install() {
  command -v apt-get >/dev/null || { echo "apt-get not found: install $* yourself" >&2; return 1; }
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -q >/dev/null; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
}

wasm_target() {
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    echo "wasm32-unknown-unknown already installed"; return 0
  fi
  if [ -f "$PAPERLAB_TOOLCHAIN_ENV" ]; then echo "using the fallback toolchain ($PAPERLAB_TOOLCHAIN_ENV)"; return 0; fi
  if rustup target add wasm32-unknown-unknown; then return 0; fi
  # Fallback (TOOLCHAIN.md): Debian's rustc-web ships std sources, so std is built for wasm32.
  echo "rustup could not add the target; falling back to Debian's rustc-web (first build ~11 min)"
  apt_install rustc-web cargo-web rust-web-src lld-22
  local shim="$PAPERLAB_ROOT/target/web-toolchain/bin"
  mkdir -p "$shim"
  for tool in cargo rustc rustdoc; do ln -sf "/usr/bin/$tool" "$shim/$tool"; done
  cat > "$PAPERLAB_TOOLCHAIN_ENV" <<ENV
export PATH="$shim:\$PATH"
export RUSTC_BOOTSTRAP=1
export PAPERLAB_BUILD_STD=1
ENV
  . "$PAPERLAB_TOOLCHAIN_ENV"
}

cargo_tool() { # cargo_tool BINARY CRATE VERSION [cargo install flags…]
  local bin="$1" crate="$2" version="$3"; shift 3
  if command -v "$bin" >/dev/null && "$bin" --version 2>/dev/null | grep -q " $version\b"; then
    echo "$bin $version already installed"; return 0
  fi
  echo "installing $crate $version (takes minutes the first time)"
  cargo install "$crate" --version "$version" "$@"
}

npm_tools() {
  if [ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/playwright-core ] \
     && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    echo "npm tools already installed: $(wasm-opt --version)"; return 0
  fi
  command -v npm >/dev/null || apt_install nodejs npm
  npm ci --no-audit --no-fund
}

browser() {
  if [ -z "$PAPERLAB_CHROMIUM" ]; then
    apt_install chromium chromium-driver
  else
    echo "browser: $PAPERLAB_CHROMIUM"
  fi
  # Without these, Korean and emoji render as boxes in screenshots.
  if command -v fc-list >/dev/null && fc-list | grep -q "Noto Sans CJK" && fc-list | grep -q "Noto Color Emoji"; then
    echo "Korean and emoji fonts already installed"
  elif command -v apt-get >/dev/null; then
    apt_install fonts-noto-cjk fonts-noto-color-emoji
  else
    echo "note: install a Korean font (Noto Sans CJK) for correct screenshots"
  fi
}

stage "setup: wasm32 target" wasm_target
stage "setup: trunk" cargo_tool trunk trunk "$TRUNK_VERSION" --locked
# No --locked: its lock pins a crate the registry no longer has (TOOLCHAIN.md).
stage "setup: wasm-bindgen-cli" cargo_tool wasm-bindgen wasm-bindgen-cli "$WASM_BINDGEN_VERSION"
stage "setup: npm tools (binaryen, playwright-core)" npm_tools
if [ "$want_browser" = 1 ]; then stage "setup: browser and fonts" browser; fi
stage "setup: cargo fetch" cargo fetch --quiet
