#!/usr/bin/env bash
# Runs every check CI runs: the build, the nanoFramework API gate, the device tests (Firmware.Tests on
# MSTest) and the host tests (twin against mosquitto, sweeps, end to end). Ends with "N passed, N failed".
#   ./test.sh          the CI tier
#   ./test.sh --long   the long tier: more seeds and longer simulated days (not run in CI)
set -uo pipefail
cd "$(dirname "$0")"

export FIRMWARE_TEST_TIER=ci
if [ "${1:-}" = "--long" ]; then
  export FIRMWARE_TEST_TIER=long
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
started=$(date +%s)
section() { printf '\n== %s\n' "$1"; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

section "build (Firmware.Host.slnf)"
t=$(date +%s)
if ! dotnet build Firmware.Host.slnf -c Release --nologo -v q -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "build: $(elapsed "$t")"

section "nanoFramework API gate"
t=$(date +%s)
gate_failed=0
dotnet tools/NanoGate/bin/NanoGate/Release/net10.0/nanogate.dll . || gate_failed=1
echo "gate: $(elapsed "$t")"

section "tests ($FIRMWARE_TEST_TIER tier)"
t=$(date +%s)
dotnet test --solution Firmware.Host.slnf -c Release --no-build 2>&1 | tee "$log"
test_exit=${PIPESTATUS[0]}
echo "tests: $(elapsed "$t")"

total=$(grep -E '^\s+total: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
failed=$(grep -E '^\s+failed: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
passed=$(grep -E '^\s+succeeded: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
skipped=$(grep -E '^\s+skipped: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
if [ "$total" = "0" ]; then
  echo "no test ran"
  failed=$((failed + 1))
fi
if [ "$test_exit" != "0" ] && [ "$failed" = "0" ]; then
  # A test host that crashed reports no failure for the tests it never ran: count the run as failed.
  echo "the test run exited with code $test_exit without reporting a failed test (a crashed test host?)"
  failed=$((failed + 1))
fi
if [ "$gate_failed" = "1" ]; then
  failed=$((failed + 1))
  passed=$((passed + 0))
  echo "the nanoFramework API gate failed (counted as one failure)"
else
  passed=$((passed + 1))
fi

echo
echo "total time: $(elapsed "$started")"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = "0" ]
