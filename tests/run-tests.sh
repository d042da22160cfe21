#!/usr/bin/env bash
# The README's test command: build the solution and run every test project.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build SkPlugins.sln -c Release
dotnet test SkPlugins.sln -c Release --no-build --logger "console;verbosity=normal" 2>&1 | tee /tmp/skplugins-test.log
