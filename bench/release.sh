#!/usr/bin/env bash
# The read side on the 10,000-patient demo cohort (docs/benchmarks.md). One command:
#
#   bench/release.sh                 # BACKENDS="sqlite postgres" RUNS=3
#
# Builds the release binary and the report example, generates the demo cohort once per backend
# (`registry demo --patients 10000 --centers 30 --seed 1`; kept in $WORK between runs, and in the
# PostgreSQL database bench10k), then per backend and run: a full research release of `{}`
# (k = 5), `registry analyse` of the same cohort, and every coordinator report. Each command's
# wall time and peak resident set come from `/usr/bin/time`; the release and analyse commands
# print the time of each stage. Runs alternate between the backends, so both see the same drift
# of the machine's speed.
set -euo pipefail
cd "$(dirname "$0")/.."

BACKENDS="${BACKENDS:-sqlite postgres}"
RUNS="${RUNS:-3}"
PG_SERVER="${PG_SERVER:-postgres://postgres@127.0.0.1:5432}"
CUT="${CUT:-2026-06-30}"
WORK="${WORK:-$HOME/.cache/registry-bench}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/registry-target}"
mkdir -p "$WORK"

cargo build --release --locked -p registry-api --bin registry --quiet
cargo build --release --locked -p registry-tests --example bench_reports --quiet
BIN="$CARGO_TARGET_DIR/release/registry"
REPORTS="$CARGO_TARGET_DIR/release/examples/bench_reports"

url_of() {
  case "$1" in
    sqlite) echo "sqlite://$WORK/bench10k.db" ;;
    postgres) echo "$PG_SERVER/bench10k" ;;
  esac
}

for backend in $BACKENDS; do
  url=$(url_of "$backend")
  if [ "$backend" = postgres ]; then
    if ! psql "$PG_SERVER/postgres" -tAc "select 1 from pg_database where datname='bench10k'" | grep -q 1; then
      psql "$PG_SERVER/postgres" -qc 'create database bench10k'
      rm -f "$WORK/postgres.generated"
    fi
  elif [ ! -f "$WORK/bench10k.db" ]; then
    rm -f "$WORK/sqlite.generated"
  fi
  if [ ! -f "$WORK/$backend.generated" ]; then
    echo "== generating the demo cohort on $backend"
    DATABASE_URL="$url" "$BIN" migrate
    DATABASE_URL="$url" "$BIN" demo --patients 10000 --centers 30 --seed 1 --until "$CUT"
    touch "$WORK/$backend.generated"
  fi
done

echo '{}' > "$WORK/all.json"
for run in $(seq 1 "$RUNS"); do
  for backend in $BACKENDS; do
    url=$(url_of "$backend")
    echo "== run $run, $backend, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    rm -f "$WORK/release.zip"; rm -rf "$WORK/analyses"
    DATABASE_URL="$url" /usr/bin/time -f "release: %e s wall, %U s user, peak %M KiB" \
      "$BIN" export --cohort "$WORK/all.json" --out "$WORK/release.zip" --k 5 --data-cut "$CUT" \
      | grep -E '^(time|patients):'
    DATABASE_URL="$url" /usr/bin/time -f "analyse: %e s wall, %U s user, peak %M KiB" \
      "$BIN" analyse --cohort "$WORK/all.json" --out "$WORK/analyses" --k 5 --data-cut "$CUT" \
      | grep -E '^time:'
    DATABASE_URL="$url" /usr/bin/time -f "reports: %e s wall, peak %M KiB" "$REPORTS" --as-of "$CUT"
  done
done
