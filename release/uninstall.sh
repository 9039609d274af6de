#!/usr/bin/env bash
# Removes the LocalPayGateway service and program. Settings (/etc/localpaygateway) and data (/var/lib/localpaygateway:
# the payment journal, history, logs) are kept unless --remove-data.
#   sudo ./uninstall.sh [--remove-data] [--root DIR]
set -euo pipefail
package="$(cd "$(dirname "$0")" && pwd)"
root=""
remove_data=0
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="$(cd "$2" && pwd)"; shift 2 ;;
    --remove-data) remove_data=1; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
name=localpaygateway
app="$root/opt/$name"
etc="$root/etc/$name"
data="$root/var/lib/$name"
unit="$root/etc/systemd/system/$name.service"
pidfile="$root/run/$name.pid"
. "$package/service-common.sh"
if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then
  echo "Запустите от root (sudo) / run as root." >&2; exit 1
fi

stop_service
system systemctl disable "$name"
rm -f "$unit"
system systemctl daemon-reload
rm -rf "$app" "$app.previous"
if [ "$remove_data" -eq 1 ]; then
  rm -rf "$etc" "$data"
  system userdel "$name"
  echo "Удалено вместе с данными и настройками / removed with data and settings."
else
  echo "Данные и настройки сохранены / data and settings kept: /var/lib/$name, /etc/$name"
fi
