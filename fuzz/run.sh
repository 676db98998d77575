#!/usr/bin/env bash
# Runs each fuzz target for a bounded time (default 60 s each; not in CI).
# cargo-fuzz needs nightly features: RUSTC_BOOTSTRAP lets the machine's
# stable toolchain provide them. A crash is saved under fuzz/artifacts/;
# turn it into a regression test in tests/it/hardening.rs.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
mkdir -p corpus/loader corpus/front_matter
# Seed the loader with the example archive's own shapes.
cp -n ../content/*.txt ../content/*.md corpus/loader/ 2>/dev/null || true
for target in loader front_matter; do
  echo "== fuzzing $target for ${seconds}s"
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "corpus/$target" -- -max_total_time="$seconds" -max_len=65536
done
