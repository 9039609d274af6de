#!/usr/bin/env bash
# Re-vendors the SignalR browser client from npm (no CDN: the display works without internet).
# Usage: wwwroot/vendor/update-signalr.sh [version]   (default: the pinned version below)
set -euo pipefail
version="${1:-10.0.11}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "@microsoft/signalr@${version}" --silent >/dev/null)
tar -xzf "$work"/microsoft-signalr-"${version}".tgz -C "$work"
cp "$work/package/dist/browser/signalr.min.js" "$here/signalr.min.js"
cp "$work/package/LICENSE" "$here/signalr.LICENSE.txt" 2>/dev/null || true
echo "@microsoft/signalr ${version}" > "$here/signalr.version"
sha256sum "$here/signalr.min.js"
