#!/usr/bin/env bash
# Every check, cheapest first, each stage timed: set-up, formatting, clippy (native and wasm32,
# warnings are errors), native tests, the release build, its size budget, and the browser
# end-to-end tests against the built site served under a sub-path like GitHub Pages.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$PAPERLAB_ROOT"
started=$SECONDS

stage "setup" scripts/setup.sh
# Again: set-up may have just installed the browser or a fallback toolchain.
. scripts/env.sh
stage "rustfmt" cargo fmt --all --check
stage "clippy (native)" cargo clippy --workspace --all-targets --locked -- -D warnings
stage "clippy (wasm32)" with_wasm_env cargo clippy --workspace --target wasm32-unknown-unknown --locked -- -D warnings
stage "native tests" cargo test --workspace --locked
stage "content check (papers and quizzes)" cargo run --quiet --locked -p paperlab-cli -- check content
stage "release build (wasm, under /paperlab/)" scripts/build.sh /paperlab/
stage "size budget" scripts/size.sh
stage "fixture site build (a paper that attacks the page)" \
  env PAPERLAB_CONTENT=tests/e2e/fixture-content scripts/build.sh /paperlab/ target/e2e-fixture-dist
stage "browser end-to-end tests" node --test --test-concurrency=1 tests/e2e/
echo "all checks passed in $((SECONDS - started)) s"
