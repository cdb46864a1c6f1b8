#!/usr/bin/env bash
# Runs the benchmarks by hand: installs typst-cli 0.15.1 (for the comparison
# with the Typst engine itself) and poppler-utils if missing, then `cargo bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! typst --version 2>/dev/null | grep -q "0.15.1"; then
  cargo install typst-cli --version 0.15.1 --locked
fi
command -v pdfinfo >/dev/null || { apt-get update -qq && apt-get install -y -qq poppler-utils; }
cargo bench --bench pipeline
