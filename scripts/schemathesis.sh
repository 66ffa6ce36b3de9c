#!/usr/bin/env bash
# Schemathesis against the real server: a SQLite registry with demo data (two centers and a
# login per role), the OpenAPI document the server publishes, a bounded number of examples per
# operation, once with the token of each role (center user, coordinator, researcher, admin). Checks: no server error,
# every status code and content type answered is in the document, and every answer fits the
# schema documented for its status (formats included). Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/registry-target}"
examples="${SCHEMATHESIS_EXAMPLES:-25}"
port="${SCHEMATHESIS_PORT:-18181}"
base="http://127.0.0.1:$port"

venv="${SCHEMATHESIS_VENV:-$HOME/.cache/registry-schemathesis}"
version="4.32.5"
if [ "$("$venv/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $version" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==$version"
fi

cargo build --quiet --locked -p registry-api --bin registry
registry="$CARGO_TARGET_DIR/debug/registry"

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

export DATABASE_URL="sqlite://$work/registry.db"
"$registry" demo --patients 40 --centers 2 > "$work/demo.log"
RUST_LOG=warn "$registry" serve --demo --bind "127.0.0.1:$port" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
  curl -fsS "$base/readyz" > /dev/null 2>&1 && break
  sleep 1
done
curl -fsS "$base/readyz" > /dev/null

token() {
  curl -fsS -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\": \"$1\", \"password\": \"$2\"}" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}
center=$(token umcu@demo.registry demo-center-password)
coordinator=$(token coordinator@demo.registry demo-coordinator-password)
researcher=$(token researcher@demo.registry demo-researcher-password)
admin=$(token admin@demo.registry demo-admin-password)

run() {
  "$venv/bin/schemathesis" run "$base/openapi.json" --url "$base" \
    --header "Authorization: Bearer $1" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$examples" --phases examples,coverage,fuzzing \
    --exclude-path /api/v1/auth/logout \
    --generation-database none --seed 20261203 --no-color \
    --report junit --report-dir "$work/report" --workers 2
}
status=0
echo "-- as a center user"; run "$center" || status=1
echo "-- as a coordinator"; run "$coordinator" || status=1
echo "-- as a researcher"; run "$researcher" || status=1
echo "-- as an admin"; run "$admin" || status=1
if [ "$status" -ne 0 ]; then
  echo "server log (last lines):"; tail -50 "$work/server.log"
fi
exit "$status"
