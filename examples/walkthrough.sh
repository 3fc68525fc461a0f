#!/usr/bin/env bash
# The README walkthrough: publish four services -> record their deployment to production ->
# publish a users-service version that drops a field checkout-web reads -> can-i-deploy says no, and why ->
# publish it again with a waiver for that change -> can-i-deploy says yes, naming what was waived.
#
# Uses the registry at $OVERSEER_URL when set; otherwise starts a throwaway one (temporary SQLite
# file, a free port) and stops it at the end. Needs `npm run build` first.
# Exits 0 when every step gave the exit code the walkthrough expects, 3 when one did not, 2 when its registry could not start.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bin="$root/dist/cli/bin.js"
[[ -f "$bin" ]] || { echo "walkthrough: $bin is missing: run npm run build first" >&2; exit 2; }

overseer() {
  echo "\$ overseer $*"
  node "$bin" "$@"
}

# Runs a step and checks its exit code: a walkthrough that passes by accident teaches nothing.
expect_exit() {
  local want="$1"; shift
  local got=0
  overseer "$@" || got=$?
  if [[ "$got" != "$want" ]]; then
    echo "walkthrough: expected exit $want, got $got" >&2
    exit 3
  fi
  echo "(exit $got)"
  echo
}

if [[ -z "${OVERSEER_URL:-}" ]]; then
  workdir="$(mktemp -d)"
  # Made before the registry starts: its shell opens the log only once forked, and a first read of a log not yet there
  # would end the walkthrough (set -e, pipefail) with sed's complaint instead of the registry's words.
  : >"$workdir/serve.log"
  node "$bin" serve --port 0 --db "$workdir/overseer.db" >"$workdir/serve.log" 2>&1 &
  server_pid=$!
  # The registry's own exit status is no step's: under set -e, a wait on one killed before it was listening (143) or a
  # kill of one that had already failed to start (1) would replace the walkthrough's exit code with its own.
  stop_registry() {
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    rm -rf "$workdir"
  }
  trap stop_registry EXIT
  # As long as it takes to start (a loaded machine took 12 to 28 s), while the process lives: 120 s at most.
  for _ in $(seq 1 1200); do
    url="$(sed -n 's/.*overseer registry listening on \(http:[^ "]*\).*/\1/p' "$workdir/serve.log" | head -n 1)"
    [[ -n "$url" ]] && break
    kill -0 "$server_pid" 2>/dev/null || { echo "walkthrough: the registry stopped before it was listening:" >&2; cat "$workdir/serve.log" >&2; exit 2; }
    sleep 0.1
  done
  [[ -n "$url" ]] || { echo "walkthrough: the registry did not start" >&2; exit 2; }
  export OVERSEER_URL="$url"
  echo "# a throwaway registry is running at $OVERSEER_URL"
  echo
fi

echo "# 1. Every service publishes version 1.0.0: its contract and what it uses of the others."
for service in users-service orders-service checkout-web billing-worker; do
  expect_exit 0 publish --manifest "examples/$service/overseer.yaml" --version 1.0.0 --branch main
done

echo "# 2. Production is created once (a misspelled environment is then an error, never a new one),"
echo "#    and version 1.0.0 of each is deployed there."
expect_exit 0 environment create production
for service in users-service orders-service checkout-web billing-worker; do
  expect_exit 0 record-deployment --service "$service" --version 1.0.0 --env production
done

echo "# Who uses users-service in production, and which fields?"
expect_exit 0 consumers --service users-service --env production

echo "# 3. users-service 1.1.0 adds an optional field and an operation: safe."
expect_exit 0 publish --manifest examples/users-service/overseer.yaml --contract examples/users-service/openapi.v1.1.yaml --version 1.1.0 --branch main
expect_exit 0 can-i-deploy --service users-service --version 1.1.0 --env production

echo "# 4. users-service 2.0.0 drops the e-mail address from User, which checkout-web shows on its receipt."
expect_exit 0 publish --manifest examples/users-service/overseer.yaml --contract examples/users-service/openapi.v2.yaml --version 2.0.0 --branch main
echo "# can-i-deploy says no (exit 1), and why:"
expect_exit 1 can-i-deploy --service users-service --version 2.0.0 --env production

echo "# 5. The owners accept the loss for checkout-web: 2.0.1 is published with a waiver naming it and the field."
expect_exit 0 publish --manifest examples/users-service/overseer.yaml --contract examples/users-service/openapi.v2.yaml --version 2.0.1 --branch main --waivers examples/users-service/waivers.yaml
echo "# can-i-deploy says yes (exit 0), and lists the waived change with its reason:"
expect_exit 0 can-i-deploy --service users-service --version 2.0.1 --env production

echo "# A version nobody published: no decision (exit 2), never a yes."
expect_exit 2 can-i-deploy --service users-service --version 9.9.9 --env production

echo "# A misspelled environment: no decision (exit 2), and the deployment is not recorded."
expect_exit 2 can-i-deploy --service users-service --version 1.1.0 --env prodution
expect_exit 2 record-deployment --service users-service --version 1.1.0 --env prodution

echo "walkthrough: every step gave the expected exit code"
