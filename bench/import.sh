#!/usr/bin/env bash
# Bulk import benchmark (docs/benchmarks.md). One command:
#
#   bench/import.sh            # ROWS=200000 PATIENTS=2000 by default
#
# Builds the release binary, generates a CSV of ROWS visit rows (half AA with SALT and the AA
# items, half AD with all four EASI regions and the AD questionnaires) for PATIENTS existing
# patients, then on PostgreSQL times `registry import visits` of the file into a fresh database
# next to psql `\copy` of the same rows: the visit rows the import stored, copied back into the
# emptied `visits` table (the same rows into the same table, with its keys, indexes and foreign
# keys), and the CSV file into a plain table of text columns; and times the same import on SQLite.
# Prints rows per second and the import/COPY ratios (DESIGN.md's target: at least 50 %). Needs python3, psql, and PostgreSQL at PG_URL (an admin URL; a database
# `registry_bench_import` is created and dropped).
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS="${ROWS:-200000}"
PATIENTS="${PATIENTS:-2000}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/registry-target}"

cargo build --release -p registry-api --quiet
BIN="$CARGO_TARGET_DIR/release/registry"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK" "$ROWS" "$PATIENTS" <<'PY'
import sys, datetime
work, rows, patients = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
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
with open(f"{work}/visits.csv", "w") as f:
    f.write(",".join(header) + "\n")
    for k in range(rows):
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
        f.write(",".join(c) + "\n")
PY
COLUMNS="$(head -1 "$WORK/visits.csv")"
echo "generated $ROWS visit rows for $PATIENTS patients ($(du -h "$WORK/visits.csv" | cut -f1))"

now() { date +%s.%N; }
rate() { python3 -c "print(f'{$1 / ($3 - $2):,.0f}')"; }
secs() { python3 -c "print(f'{$2 - $1:.2f}')"; }

# PostgreSQL: the import through the release binary, then \copy of the same file.
DB_NAME=registry_bench_import
psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" -c "CREATE DATABASE $DB_NAME"
PG_DB="${PG_URL%/*}/$DB_NAME"
export DATABASE_URL="$PG_DB"
"$BIN" center add --code BENCH --name Benchmark >/dev/null
"$BIN" import patients "$WORK/patients.csv" --center BENCH >/dev/null
psql -q "$PG_DB" -c "CHECKPOINT"
t0=$(now); "$BIN" import visits "$WORK/visits.csv" --center BENCH; t1=$(now)
stored=$(psql -tA "$PG_DB" -c "SELECT count(*) FROM visits")
# The same rows into the same table: what the import stored, copied out, the table emptied
# (nothing else refers to the visits yet) and copied back in.
psql -q "$PG_DB" -c "\\copy visits TO '$WORK/visits.rows'"
psql -q "$PG_DB" -c "TRUNCATE visits CASCADE" -c "VACUUM visits" -c "CHECKPOINT"
t6=$(now); psql -q "$PG_DB" -c "\\copy visits FROM '$WORK/visits.rows'"; t7=$(now)
recopied=$(psql -tA "$PG_DB" -c "SELECT count(*) FROM visits")
# The CSV file into a plain table of text columns.
psql -q "$PG_DB" -c "CREATE TABLE copy_bench ($(echo "$COLUMNS" | sed 's/,/ text,/g') text)" -c "CHECKPOINT"
t2=$(now); psql -q "$PG_DB" -c "\\copy copy_bench FROM '$WORK/visits.csv' WITH (FORMAT csv, HEADER true)"; t3=$(now)
copied=$(psql -tA "$PG_DB" -c "SELECT count(*) FROM copy_bench")
psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)"

# SQLite: the same import into a fresh file.
export DATABASE_URL="sqlite://$WORK/bench.db"
"$BIN" center add --code BENCH --name Benchmark >/dev/null
"$BIN" import patients "$WORK/patients.csv" --center BENCH >/dev/null
t4=$(now); "$BIN" import visits "$WORK/visits.csv" --center BENCH; t5=$(now)

echo
echo "| run | rows | seconds | rows/s |"
echo "|---|---|---|---|"
echo "| PostgreSQL: registry import visits ($stored stored) | $ROWS | $(secs "$t0" "$t1") | $(rate "$ROWS" "$t0" "$t1") |"
echo "| PostgreSQL: psql \\copy of the stored rows into visits ($recopied rows) | $ROWS | $(secs "$t6" "$t7") | $(rate "$ROWS" "$t6" "$t7") |"
echo "| PostgreSQL: psql \\copy of the file into a plain table ($copied rows) | $ROWS | $(secs "$t2" "$t3") | $(rate "$ROWS" "$t2" "$t3") |"
echo "| SQLite: registry import visits | $ROWS | $(secs "$t4" "$t5") | $(rate "$ROWS" "$t4" "$t5") |"
python3 -c "print(f'\nimport / COPY into visits on PostgreSQL: {($t7 - $t6) / ($t1 - $t0) * 100:.0f} % (target >= 50 %)')"
python3 -c "print(f'import / COPY into a plain table on PostgreSQL: {($t3 - $t2) / ($t1 - $t0) * 100:.0f} %')"
