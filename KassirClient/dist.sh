#!/usr/bin/env bash
# What a POS vendor gets (SPEC §7): artifacts/kassir-client/ with KassirClient.dll (the net462 build, which
# references only .NET Framework 4.6.2's own assemblies), its XML docs and the one-page README.
# Copy KassirClient.dll beside the POS program; nothing else is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/kassir-client
rm -rf "$out"
mkdir -p "$out"
dotnet build KassirClient/KassirClient.csproj -c Release -f net462 -v q -nologo
cp KassirClient/bin/Release/net462/KassirClient.dll KassirClient/bin/Release/net462/KassirClient.xml "$out/"
cp KassirClient/README.md "$out/README.md"
ls -l "$out"
