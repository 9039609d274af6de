#!/usr/bin/env bash
# Installs or upgrades LocalPayGateway as a systemd service (docs/going-live.md). Run as root from the unpacked package:
#   sudo ./install.sh [--module-folder DIR] [--urls URL] [--ready-timeout SEC] [--root DIR]
# Fresh install: system user localpaygateway, program /opt/localpaygateway, settings /etc/localpaygateway,
# data /var/lib/localpaygateway, unit /etc/systemd/system/localpaygateway.service (Restart=on-failure), started.
# Upgrade (the program folder exists): stop, keep the previous program in /opt/localpaygateway.previous, replace,
# start, wait for /health/ready (for /health/live when it was not ready before either), and roll back to the
# previous program when that does not come within --ready-timeout (60 s). Settings and data are never touched.
# --root DIR installs for real under DIR (tests): system commands (useradd, chown, systemctl) are printed, not run,
# and the service is the program started in the background (pid in DIR/run/localpaygateway.pid).
set -euo pipefail

package="$(cd "$(dirname "$0")" && pwd)"
root=""
module=""
urls=""
timeout=60
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    --module-folder) module="$2"; shift 2 ;;
    --urls) urls="$2"; shift 2 ;;
    --ready-timeout) timeout="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "Неизвестный параметр / unknown argument: $1" >&2; exit 2 ;;
  esac
done

name=localpaygateway
app="$root/opt/$name"
previous="$root/opt/$name.previous"
etc="$root/etc/$name"
data="$root/var/lib/$name"
unit="$root/etc/systemd/system/$name.service"
pidfile="$root/run/$name.pid"
version="$(cat "$package/VERSION" 2>/dev/null || echo "?")"

. "$package/service-common.sh"

[ -x "$package/app/Gateway" ] || { echo "No app/Gateway beside install.sh: run it from the unpacked package." >&2; exit 1; }
if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then
  echo "Запустите от root (sudo) / run as root." >&2; exit 1
fi

if [ -x "$app/Gateway" ]; then
  echo "LocalPayGateway $version: обновление / upgrade ($(cat "$app/VERSION" 2>/dev/null || echo "?") → $version)"
  [ -z "$module" ] || echo "--module-folder: при обновлении настройки не меняются / ignored on an upgrade: settings are kept."
  url="$(probe_url)"
  wait_for="/health/ready"
  http_ok "$url/health/ready" || wait_for="/health/live"   # it was not ready before the upgrade either
  stop_service
  rm -rf "$previous"
  mv "$app" "$previous"
  copy_program
  write_unit
  start_service
  if wait_until "$url$wait_for" "$timeout"; then
    echo "Готово / done: $wait_for отвечает 200. Прежняя версия сохранена в / previous kept in $previous"
    print_address "$url"
    exit 0
  fi
  echo "Новая версия не ответила 200 на $wait_for за $timeout с: возврат к прежней / not ready within $timeout s: rolling back." >&2
  stop_service
  rm -rf "$app"
  mv "$previous" "$app"
  start_service
  wait_until "$url$wait_for" "$timeout" && echo "Прежняя версия работает / the previous version runs again." >&2
  exit 1
fi

echo "LocalPayGateway $version: установка / fresh install"
if ! id -u "$name" >/dev/null 2>&1 || [ -n "$root" ]; then
  system useradd --system --user-group --no-create-home --home-dir "/var/lib/$name" --shell /usr/sbin/nologin "$name"
fi
mkdir -p "$etc" "$data"
copy_program
[ -z "$module" ] || copy_module_files "$module"
if [ ! -f "$etc/gateway.env" ]; then
  write_env "${urls:-http://127.0.0.1:5080}"
fi
system chown -R "$name:$name" "/etc/$name" "/var/lib/$name"
system chmod 750 "/etc/$name" "/var/lib/$name"
write_unit
system systemctl daemon-reload
system systemctl enable "$name"
start_service
url="$(probe_url)"
if wait_until "$url/health/live" "$timeout"; then
  http_ok "$url/health/ready" && echo "Шлюз готов принимать платежи / ready." \
    || echo "Шлюз работает, но не готов: положите три файла в / not ready yet: put the three files into /etc/$name (see going-live.md)."
  print_address "$url"
else
  echo "Служба не ответила / the service did not answer: journalctl -u $name" >&2
  exit 1
fi
