#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so
# go-keyring talks to a real Secret Service (org.freedesktop.secrets). Without
# dbus-run-session or gnome-keyring it runs the command as it is (the keyring test then
# skips itself and says why).
set -euo pipefail
if [ -z "${PREFECT_TUI_IN_KEYRING:-}" ] && command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  export PREFECT_TUI_IN_KEYRING=1
  exec dbus-run-session -- "$0" "$@"
fi
if [ -n "${PREFECT_TUI_IN_KEYRING:-}" ]; then
  # A throwaway keyring directory, so the login collection is created fresh and unlocked
  # with a throwaway password (an empty one leaves it locked).
  export XDG_DATA_HOME
  XDG_DATA_HOME=$(mktemp -d)
  eval "$(printf 'prefect-tui-ci\n' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
  eval "$(printf 'prefect-tui-ci\n' | gnome-keyring-daemon --start --components=secrets 2>/dev/null)" || true
  # Wait until org.freedesktop.secrets is owned on this bus before anything uses it.
  for _ in $(seq 1 50); do
    if dbus-send --session --dest=org.freedesktop.DBus --type=method_call --print-reply \
        /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true; then
      export PREFECT_TUI_KEYRING_READY=1
      break
    fi
    sleep 0.1
  done
  [ -n "${PREFECT_TUI_KEYRING_READY:-}" ] || echo "with-keyring: org.freedesktop.secrets did not appear; the real-keyring test will skip" >&2
fi
exec "$@"
