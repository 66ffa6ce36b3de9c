#!/usr/bin/env bash
# Peak memory of one large import (docs/benchmarks.md). One command:
#
#   bench/import_memory.sh          # SIZE_MB=1024 PATIENTS=100000 BACKEND=sqlite
#
# Builds the release binary, generates a visits file of about SIZE_MB MiB (AA and AD visits as in
# bench/import.sh, every 14 days from 2015 for PATIENTS patients) and a patients file, imports
# both with `registry import` into a fresh database (BACKEND=sqlite, or postgres at PG_URL) and
# prints each import's peak resident set (`/usr/bin/time -f %M`) and its time.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MB="${SIZE_MB:-1024}"
PATIENTS="${PATIENTS:-100000}"
BACKEND="${BACKEND:-sqlite}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/registry-target}"

cargo build --release --locked -p registry-api --bin registry --quiet
BIN="$CARGO_TARGET_DIR/release/registry"
WORK="${WORK:-$(mktemp -d)}"
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK" "$SIZE_MB" "$PATIENTS" <<'PY'
import sys, datetime
work, size_mb, patients = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(f"{work}/patients.csv", "w") as f:
    f.write("center,patient,sex,birth_month,diagnosis,aa_subtype,episode_start,consent_research,consent_date\n")
    for i in range(patients):
        aa = i % 2 == 0
        f.write(f"BENCH,P{i:06},{'female' if i % 3 else 'male'},{1960 + i % 45}-{1 + i % 12:02},"
                f"{'AA' if aa else 'AD'},{'patchy' if aa else ''},{'2012-05-01' if aa else ''},yes,2014-06-01\n")
regions = ["head_neck", "upper_limbs", "trunk", "lower_limbs"]
signs = ["erythema", "induration", "excoriation", "lichenification", "area_pct"]
header = ["center", "patient", "visit_date", "weight_kg", "salt_top", "salt_back", "salt_right",
          "salt_left", "salt_total", "easi_total"] + [f"easi_{r}_{s}" for r in regions for s in signs] + \
         ["pp_nrs", "viga", "poem", "dlqi", "cdlqi", "eyebrows", "eyelashes", "vellus_hair", "wig"]
start = datetime.date(2015, 1, 1)
half = ["0", "1", "1.5", "2", "2.5", "3"]
limit = size_mb << 20
written, k = 0, 0
with open(f"{work}/visits.csv", "w") as f:
    line = ",".join(header) + "\n"
    f.write(line)
    written += len(line)
    while written < limit:
        visit, i = divmod(k, patients)
        c = [""] * 39
        c[0], c[1], c[2] = "BENCH", f"P{i:06}", str(start + datetime.timedelta(days=14 * visit))
        if i % 2 == 0:
            c[3] = f"{55 + i % 40}.5"
            c[4], c[5], c[6], c[7] = str((i + visit) % 101), str(visit * 7 % 101), "10", "20.5"
            c[35], c[36], c[37], c[38] = str(visit % 4), str((visit + 1) % 4), "no", "yes"
        else:
            c[3] = str(50 + i % 50)
            for r in range(4):
                at = 10 + 5 * r
                c[at:at + 5] = [half[(i + visit + r) % 6], "1", "2", half[visit % 6], str((visit * 3 + r) % 101)]
            c[30], c[31], c[32], c[33] = str(visit % 11), str(visit % 5), str(visit % 29), str(visit % 31)
        line = ",".join(c) + "\n"
        f.write(line)
        written += len(line)
        k += 1
print(f"generated {k} visit rows ({written / 2**20:.0f} MiB) for {patients} patients")
PY

if [ "$BACKEND" = postgres ]; then
  DB_NAME=registry_bench_memory
  psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" -c "CREATE DATABASE $DB_NAME"
  export DATABASE_URL="${PG_URL%/*}/$DB_NAME"
else
  export DATABASE_URL="sqlite://$WORK/registry.db"
fi
"$BIN" center add --code BENCH --name Benchmark >/dev/null
for kind in patients visits; do
  size=$(du -m "$WORK/$kind.csv" | cut -f1)
  /usr/bin/time -f "$kind: ${size} MiB file, peak resident %M KiB, %e s" \
    "$BIN" import "$kind" "$WORK/$kind.csv" --center BENCH --json > "$WORK/$kind.report" 2> "$WORK/$kind.time" \
    || { cat "$WORK/$kind.time"; head -c 2000 "$WORK/$kind.report"; exit 1; }
  tail -1 "$WORK/$kind.time"
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print('  rows', r.get('rows_total'), 'created', r.get('rows_created'), 'failed', r.get('rows_failed'))" "$WORK/$kind.report" || true
done
