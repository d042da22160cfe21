#!/usr/bin/env bash
# The README's test command: build the solution in Release and run every test project.
# Prints one closing line "N passed, N failed, N skipped" (skipped tests say why in the log above it).
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
dotnet build SkPlugins.sln -c Release -nologo -v:minimal || { echo "0 passed, 1 failed (build)"; exit 1; }
dotnet test SkPlugins.sln -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# dotnet test prints, per test project: "Total tests: N", then "Passed: N", "Failed: N", "Skipped: N" on lines of their own.
sum() { grep -E "^ +$1: +[0-9]+ *$" "$log" | sed -E "s/[^0-9]//g" | paste -sd+ | bc; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
echo
echo "Skipped tests and their reasons:"
grep -E "\[SKIP\]" -A1 "$log" | grep -v -- "^--$" | sed -E 's/^\[xUnit.net [0-9:.]+\] +/  /' || true
echo
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
rm -f "$log"
[ "$status" -eq 0 ] && [ "${failed:-0}" -eq 0 ]
