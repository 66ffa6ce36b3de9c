#!/usr/bin/env bash
# Curves on 10^6 synthetic episodes: ours (release build) against lifelines on the same file, in
# one run, so the ratio holds even when the machine's speed drifts (docs/benchmarks.md).
#
#   scripts/bench_curves.sh [EPISODES] [FILE]
#
# PYTHON picks the interpreter that has scripts/requirements.txt installed (default python3).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
episodes=${1:-1000000}
file=${2:-${TMPDIR:-/tmp}/curves-$episodes.csv}

"$python" scripts/lifelines_reference.py bench-data "$file" --n "$episodes"
cargo build -q --release -p registry-core --no-default-features --example bench_curves
ours=$(cargo run -q --release -p registry-core --no-default-features --example bench_curves -- "$file")
"$python" scripts/lifelines_reference.py bench "$file" --ours "$ours"
