#!/usr/bin/env bash
# Federated execution on one machine: starts three regions (us-east-1 at home, eu-west-1, ap-northeast-1), each a
# coordinator with one worker on 127.0.0.1, then runs examples/federation/global-analytics.yaml against the home:
# orders are collected at home, each region processes the orders placed near it, the results are merged and stored.
# Prints which region did what, the federation's view of its regions, and the stored rows. Stops everything at the end.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/jdk.sh"
java_home="$(meridian_find_jdk)"
meridian="$root/meridian"
work="${FEDERATION_DIR:-$root/.meridian/federation}"
rm -rf "$work" && mkdir -p "$work"

"$meridian" --version >/dev/null # builds the jar once, before three processes start at the same time
export MERIDIAN_SKIP_BUILD=1

free_port() { # a port nothing listens on
  local p
  while true; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}
ready() { # the coordinator on port $1 answers /health/ready with 200
  (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /health/ready HTTP/1.0\r\n\r\n' >&3 && head -1 <&3 | grep -q ' 200') 2>/dev/null
}
us=$(free_port); eu=$(free_port); ap=$(free_port); data=$(free_port)
admin="example-admin-$RANDOM$RANDOM"
# The key each region accepts from the others (scope: region). The home reads them from the environment or a file.
export EU_KEY="eu-key-$RANDOM$RANDOM"
AP_KEY="ap-key-$RANDOM$RANDOM"
printf '%s\n' "$AP_KEY" > "$work/ap.key"

cat > "$work/us-east-1.yaml" <<YAML
http: {allow: ["127.0.0.1"]}
datasources:
  analytics: {url: "jdbc:sqlite:$work/analytics.db"}
federation:
  default_strategy: nearest
  regions:
    - {name: us-east-1, endpoint: local, latitude: 39.0, longitude: -77.5, priority: 1}
    - {name: eu-west-1, endpoint: "http://127.0.0.1:$eu", api_key: "\${EU_KEY}", latitude: 53.3, longitude: -6.3, priority: 2}
    - {name: ap-northeast-1, endpoint: "http://127.0.0.1:$ap", api_key_file: ap.key, latitude: 35.7, longitude: 139.7, priority: 3}
YAML
: > "$work/empty.yaml"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

start_region() { # name port config region-key
  MERIDIAN_TOKEN_ADMIN="$admin:admin" MERIDIAN_TOKEN_PEER="$4:region" \
    "$meridian" server --bind "127.0.0.1:$2" --node-id "$1" --data-dir "$work/$1" --config "$3" --workers 1 \
    >"$work/$1.log" 2>&1 &
  pids+=($!)
}
start_region us-east-1 "$us" "$work/us-east-1.yaml" "us-key-unused-$RANDOM"
start_region eu-west-1 "$eu" "$work/empty.yaml" "$EU_KEY"
start_region ap-northeast-1 "$ap" "$work/empty.yaml" "$AP_KEY"
"$java_home/bin/jwebserver" -b 127.0.0.1 -p "$data" -d "$root/examples/data" >/dev/null 2>&1 &
pids+=($!)

for port in "$us" "$eu" "$ap"; do
  for _ in $(seq 1 1200); do ready "$port" && break; sleep 0.1; done
  ready "$port" || { echo "a region did not start; see $work/*.log" >&2; exit 1; }
done
until (exec 3<>"/dev/tcp/127.0.0.1/$data") 2>/dev/null; do sleep 0.1; done
echo "Regions up: us-east-1 (home) :$us, eu-west-1 :$eu, ap-northeast-1 :$ap"

home=(--coordinator "http://127.0.0.1:$us" --token "$admin")
"$meridian" submit "$root/examples/federation/global-analytics.yaml" --input "data_url=http://127.0.0.1:$data/global-sales.json" \
  --wait --json "${home[@]}" > "$work/execution.json"

echo
echo "Which region did what (stage 'process'):"
"$java_home/bin/java" "$root/examples/federation/Report.java" "$work/execution.json"
echo
"$meridian" regions "${home[@]}"
echo
echo "Each region's own runs of its part:"
for r in eu-west-1:$eu ap-northeast-1:$ap; do
  "$meridian" executions --coordinator "http://127.0.0.1:${r#*:}" --token "$admin" | sed "s/^/  ${r%%:*}  /" | head -3
done
echo
echo "Stored rows (table region_revenue in $work/analytics.db, written at home by stage 'store'):"
execution="$(sed -n 's/.*"execution_id" *: *"\([^"]*\)".*/\1/p' "$work/execution.json" | head -1)"
"$java_home/bin/java" --enable-native-access=ALL-UNNAMED -cp "$root/meridian-cli/target/meridian.jar" "$root/examples/StoredRows.java" \
  "jdbc:sqlite:$work/analytics.db" "$execution"
