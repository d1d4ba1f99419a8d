# Shared by the scripts: paths, pinned versions, and a timed `stage` helper. Source it.
# shellcheck shell=bash

PAPERLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PAPERLAB_ROOT
export PATH="$PAPERLAB_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# Pinned tools (see ../shared/TOOLCHAIN.md): trunk 0.22 needs a newer rustc than we have.
TRUNK_VERSION="0.21.14"
# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock, exactly.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' "$PAPERLAB_ROOT/Cargo.lock")"
# The browser the end-to-end tests drive; override on a laptop (e.g. a Chrome path).
PAPERLAB_CHROMIUM="${PAPERLAB_CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
export PAPERLAB_CHROMIUM

# Where a fallback toolchain (TOOLCHAIN.md's Debian recipe) leaves its settings, if one was needed.
PAPERLAB_TOOLCHAIN_ENV="$PAPERLAB_ROOT/target/toolchain.env"
# shellcheck disable=SC1090
[ -f "$PAPERLAB_TOOLCHAIN_ENV" ] && . "$PAPERLAB_TOOLCHAIN_ENV"

# with_wasm_env COMMAND...: runs a wasm32 build command; with the fallback toolchain, std is
# built from source for wasm32 (TOOLCHAIN.md), which only works for commands given --target.
with_wasm_env() {
  if [ "${PAPERLAB_BUILD_STD:-}" = 1 ]; then
    CARGO_UNSTABLE_BUILD_STD="std,panic_abort" "$@"
  else
    "$@"
  fi
}

# stage NAME COMMAND...: runs a step and prints one line with its outcome and duration.
stage() {
  local name="$1"; shift
  local start=$SECONDS
  echo "==> $name"
  if "$@"; then
    echo "==> $name: ok ($((SECONDS - start)) s)"
  else
    local status=$?
    echo "==> $name: FAILED with status $status ($((SECONDS - start)) s)" >&2
    return "$status"
  fi
}

# as_root COMMAND...: runs a command as root (directly, or with sudo on a laptop).
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}
