#!/usr/bin/env bash
# Runs the global-analytics example offline: serves examples/data on 127.0.0.1 with the JDK's own
# web server, runs the pipeline against it, then prints what landed in the database table.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source "$root/scripts/jdk.sh"
java_home="$(meridian_find_jdk)"
port="${PORT:-8765}"
"$java_home/bin/jwebserver" -b 127.0.0.1 -p "$port" -d "$root/examples/data" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
"$root/meridian" run "$root/examples/global-analytics.yaml" \
  --config "$root/examples/global-analytics.meridian.yaml" \
  --input "data_url=http://127.0.0.1:$port/sales.json" "$@"

# The newest execution is the one that just ran (the store is the embedded one under .meridian, as for run).
execution="$("$root/meridian" executions --pipeline global-analytics --limit 1 --json \
  | sed -n 's/.*"execution_id" *: *"\([^"]*\)".*/\1/p' | head -1)"
echo
echo "Stored rows (table region_revenue in .meridian/stage-data/analytics.db):"
"$java_home/bin/java" --enable-native-access=ALL-UNNAMED -cp "$root/meridian-cli/target/meridian.jar" "$root/examples/StoredRows.java" \
  "jdbc:sqlite:$root/.meridian/stage-data/analytics.db" "$execution"
