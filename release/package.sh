#!/usr/bin/env bash
# The release package (docs/going-live.md): one folder per runtime, archived as
#   artifacts/release/LocalPayGateway-<version>-win-x64.zip and LocalPayGateway-<version>-linux-x64.tar.gz
# Each holds app/ (the self-contained, composite ReadyToRun gateway — start-up, docs/benchmarks.md B5 — with wwwroot/ and appsettings), the install and uninstall
# scripts, kassir/ (KassirClient.dll for «Кассир», net462, with a Russian readme) and going-live.md.
# The version is <Version> in Directory.Build.props (its one place).
#
#   release/package.sh [--rid win-x64|linux-x64]... [--out DIR] [--keep-folder]
# Without --rid both runtimes are packaged.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="$repo/artifacts/release"
rids=()
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rid) rids+=("$2"); shift 2 ;;
    --out) out="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    --keep-folder) keep=1; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ ${#rids[@]} -gt 0 ] || rids=(win-x64 linux-x64)

version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/Directory.Build.props" | head -n 1)"
[ -n "$version" ] || { echo "no <Version> in Directory.Build.props" >&2; exit 1; }
mkdir -p "$out"

echo "LocalPayGateway $version → $out"
dotnet build "$repo/KassirClient/KassirClient.csproj" -c Release -f net462 -v q -nologo
kassir="$repo/KassirClient/bin/Release/net462"

for rid in "${rids[@]}"; do
  name="LocalPayGateway-$version-$rid"
  stage="$out/$name"
  rm -rf "$stage" "$out/$name.zip" "$out/$name.tar.gz"
  mkdir -p "$stage/kassir"
  dotnet publish "$repo/Gateway/Gateway.csproj" -c Release -r "$rid" --self-contained \
    -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -p:DebugType=none -v q -nologo -o "$stage/app"
  cp "$kassir/KassirClient.dll" "$kassir/KassirClient.xml" "$stage/kassir/"
  cp "$repo/release/kassir-readme.txt" "$stage/kassir/README.txt"
  cp "$repo/docs/going-live.md" "$stage/going-live.md"
  printf '%s\n' "$version" > "$stage/VERSION"
  case "$rid" in
    win-*)
      cp "$repo/release/install.ps1" "$repo/release/uninstall.ps1" "$repo/release/service-common.ps1" "$stage/"
      (cd "$out" && zip -qr "$name.zip" "$name")
      echo "  $out/$name.zip" ;;
    *)
      cp "$repo/release/install.sh" "$repo/release/uninstall.sh" "$repo/release/service-common.sh" "$stage/"
      chmod +x "$stage/install.sh" "$stage/uninstall.sh" "$stage/app/Gateway"
      tar -C "$out" -czf "$out/$name.tar.gz" "$name"
      echo "  $out/$name.tar.gz" ;;
  esac
  [ "$keep" -eq 1 ] || rm -rf "$stage"
done
