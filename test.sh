#!/usr/bin/env bash
# Runs every check CI runs: the build, the nanoFramework API gate, the device build (every device assembly
# converted by nanoFramework's MetadataProcessor) and the device tests on the nanoCLR interpreter, then the
# device tests on MSTest and the host tests (twin against mosquitto, sweeps, end to end). Ends with
# "N passed, N failed, N skipped".
#   ./test.sh          the CI tier
#   ./test.sh --long   the long tier: more seeds and longer simulated days (not run in CI)
# The device stage needs the nanoFramework toolchain in NANOCLR_HOME (tools/nanoclr/build.sh builds it); without
# it the stage is skipped and says so.
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

toolchain=0
if [ -n "${NANOCLR_HOME:-}" ] && [ -x "$NANOCLR_HOME/run-tests" ] && [ -d "$NANOCLR_HOME/ref" ]; then
  toolchain=1
fi

section "nanoFramework API gate"
t=$(date +%s)
gate_failed=0
gate_args=(.)
if [ "$toolchain" = 1 ]; then
  # With the toolchain's reference assemblies the ESP32 projects are compiled and checked too.
  gate_args+=(--references "$NANOCLR_HOME/ref")
fi
dotnet tools/NanoGate/bin/NanoGate/Release/net10.0/nanogate.dll "${gate_args[@]}" || gate_failed=1
echo "gate: $(elapsed "$t")"

section "device build and device tests on nanoCLR"
t=$(date +%s)
device_passed=0
device_failed=0
device_skipped=0
device_log=$(mktemp)
dotnet tools/DeviceBuild/bin/DeviceBuild/Release/net10.0/devicebuild.dll . 2>&1 | tee "$device_log"
device_exit=${PIPESTATUS[0]}
if [ "$device_exit" = "3" ]; then
  echo "device stage SKIPPED: no nanoFramework toolchain (set NANOCLR_HOME; tools/nanoclr/build.sh builds one)"
else
  line=$(grep -E '^device tests on nanoCLR: ' "$device_log" | tail -1)
  device_passed=$(echo "$line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)
  device_failed=$(echo "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || echo 0)
  device_skipped=$(echo "$line" | grep -oE '[0-9]+ skipped' | grep -oE '[0-9]+' || echo 0)
  : "${device_passed:=0}" "${device_failed:=0}" "${device_skipped:=0}"
  if [ "$device_exit" != "0" ] && [ "$device_failed" = "0" ]; then
    echo "the device stage failed (exit $device_exit) before any device test reported a failure"
    device_failed=1
  fi
fi
rm -f "$device_log"
echo "device: $(elapsed "$t")"

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
passed=$((passed + device_passed))
failed=$((failed + device_failed))
skipped=$((skipped + device_skipped))
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
