# Shared by install.sh and uninstall.sh (sourced; expects name, root, app, etc, data, unit, pidfile, package).

# A command that changes the system: run it, or under --root print it only.
system() {
  if [ -n "$root" ]; then
    echo "+ $* (--root: не выполняется / not run)"
  else
    echo "+ $*"
    "$@"
  fi
}

copy_program() {
  mkdir -p "$app"
  cp -a "$package/app/." "$app/"
  cp "$package/VERSION" "$app/VERSION" 2>/dev/null || true
  cp "$package/uninstall.sh" "$package/service-common.sh" "$app/"
}

write_env() {
  cat > "$etc/gateway.env" <<ENV
# LocalPayGateway: where it listens, and other Gateway:* settings as environment variables (see README).
# Kept by upgrades. A LAN listener for the customer display: Gateway__DisplayUrls=http://0.0.0.0:5081
Urls=$1
ENV
}

write_unit() {
  mkdir -p "$(dirname "$unit")"
  cat > "$unit" <<UNIT
[Unit]
Description=LocalPayGateway (WebMoney QR payments for Кассир)
After=network-online.target
Wants=network-online.target

[Service]
Type=notify
User=$name
Group=$name
EnvironmentFile=-/etc/$name/gateway.env
ExecStart=/opt/$name/Gateway --Gateway:SettingsDirectory=/etc/$name --Gateway:DataDirectory=/var/lib/$name
WorkingDirectory=/opt/$name
StateDirectory=$name
Restart=on-failure
RestartSec=5
NoNewPrivileges=true

[Install]
WantedBy=multi-user.target
UNIT
}

copy_module_files() {
  local from="$1" pos
  for f in WebMoneySettings.txt WebMoneyPaymentTypes.txt; do
    [ -f "$from/$f" ] || { echo "Нет файла / missing: $from/$f" >&2; exit 1; }
  done
  pos="$(sed -n 's/^\xEF\xBB\xBF//; s/\r$//; s/^[[:space:]]*[Pp][Oo][Ss][Nn][Uu][Mm][Bb][Ee][Rr][[:space:]]*=[[:space:]]*//p' "$from/WebMoneySettings.txt" | head -n 1)"
  [ -n "$pos" ] || { echo "В WebMoneySettings.txt нет PosNumber / no PosNumber in WebMoneySettings.txt" >&2; exit 1; }
  [ -f "$from/$pos.pfx" ] || { echo "Нет файла / missing: $from/$pos.pfx" >&2; exit 1; }
  for f in WebMoneySettings.txt WebMoneyPaymentTypes.txt "$pos.pfx"; do
    if [ -e "$etc/$f" ]; then
      echo "Оставлен имеющийся / kept the existing $etc/$f"
    else
      cp "$from/$f" "$etc/$f"
      chmod 640 "$etc/$f"
    fi
  done
}

# The first listener from gateway.env, as a loopback address to probe.
probe_url() {
  local u
  u="$(sed -n 's/^Urls=//p' "$etc/gateway.env" 2>/dev/null | head -n 1 | cut -d';' -f1)"
  u="${u:-http://127.0.0.1:5080}"
  echo "$u" | sed -E 's#//(0\.0\.0\.0|\*|\+|\[::\])#//127.0.0.1#'
}

http_ok() { curl -fsS -o /dev/null --max-time 5 "$1" 2>/dev/null; }

running() {
  if [ -n "$root" ]; then
    [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
  else
    systemctl is-active --quiet "$name"
  fi
}

# Polls until the URL answers 200; gives up early when the program has exited (under --root).
wait_until() {
  local url="$1" seconds="$2" i=0
  while [ "$i" -lt $((seconds * 5)) ]; do
    http_ok "$url" && return 0
    if [ -n "$root" ] && ! running; then return 1; fi
    sleep 0.2
    i=$((i + 1))
  done
  return 1
}

start_service() {
  if [ -z "$root" ]; then
    system systemctl start "$name"
    return
  fi
  echo "+ systemctl start $name (--root: программа запущена напрямую / the program is started directly)"
  mkdir -p "$(dirname "$pidfile")"
  (
    set -a
    [ -f "$etc/gateway.env" ] && . "$etc/gateway.env"
    set +a
    cd "$app"
    exec setsid "$app/Gateway" --Gateway:SettingsDirectory="$etc" --Gateway:DataDirectory="$data" >>"$data/console.log" 2>&1 </dev/null
  ) &
  echo $! > "$pidfile"
}

stop_service() {
  if [ -z "$root" ]; then
    system systemctl stop "$name"
    return
  fi
  echo "+ systemctl stop $name (--root: остановлен процесс / the process is stopped)"
  if running; then
    local pid i=0
    pid="$(cat "$pidfile")"
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 150 ]; do sleep 0.2; i=$((i + 1)); done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

print_address() {
  echo "Консоль администратора / admin console: $1/admin   (данные / data: /var/lib/$name, настройки / settings: /etc/$name)"
}
