#!/usr/bin/env bash
# Screenshots of the web pages as the browser tests check them: runs tests/tests/web_pages.rs
# (headless Chromium; Debian's chromium and chromium-driver) with REGISTRY_WEB_SCREENSHOTS set,
# then lists the PNG files saved — a center user's visit form and record (English and Dutch), a
# lab result with its flag and the record's adverse event and vaccination (Dutch), the
# coordinator's reports and data queries, a researcher's release and curve, the admin's users.
#
#   scripts/screenshots.sh [DIR]      (default: docs/screenshots, shown in the README)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/registry-target}"
dir="${1:-docs/screenshots}"
mkdir -p "$dir"
# The tests run in tests/: the directory is passed as an absolute path.
dir="$(cd "$dir" && pwd)"
REGISTRY_WEB_SCREENSHOTS="$dir" cargo test -q --locked -p registry-tests --test web_pages
ls -1 "$dir"/*.png
