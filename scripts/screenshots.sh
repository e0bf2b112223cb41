#!/usr/bin/env bash
# screenshots.sh renders each screen of the demo to screenshots/<screen>.png, with
# screenshots/<screen>.txt (the screen as plain text) and .ans (with its colours).
#
# It drives the real binary (`prefect-tui demo`) in a private tmux server at a fixed
# size, captures each screen with its colours (`tmux capture-pane -e -p`), turns the
# capture into HTML with aha and photographs that with headless Chromium.
#
# Why not charmbracelet/freeze (the issue's first choice): the Go module proxy refuses
# it ("403: this module version is not available"), so it cannot be pinned as a Go
# tool. tmux, aha, chromium and fonts-dejavu-core are Debian packages and work
# offline. The script says which are missing and how to get them; it installs them
# itself only in CI (CI=true, as root, with apt-get), never on someone's machine.
#
# Usage: scripts/screenshots.sh        (make screenshots builds first)
# Env:   BIN (default bin/prefect-tui), COLS x ROWS (default 120x40), OUT (screenshots)
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-bin/prefect-tui}
COLS=${COLS:-120}
ROWS=${ROWS:-40}
OUT=${OUT:-screenshots}
SOCK="prefect-tui-shots-$$"
S=shots # the tmux session the helpers below drive

die() { echo "screenshots: $*" >&2; exit 1; }

[ -x "$BIN" ] || die "$BIN not built (run make build)"
CHROME=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
missing=()
command -v tmux >/dev/null || missing+=(tmux)
command -v aha >/dev/null || missing+=(aha)
[ -n "$CHROME" ] || missing+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
	if [ "${CI:-}" = true ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "CI: installing ${missing[*]}…" >&2
		apt-get update -qq >/dev/null
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
		CHROME=$(command -v chromium)
	else
		{
			echo "screenshots: missing ${missing[*]}."
			echo "On Debian or Ubuntu, install them with:"
			echo "  sudo apt-get install --no-install-recommends ${missing[*]}"
			echo "then run make screenshots again (nothing was installed or changed)."
		} >&2
		exit 1
	fi
fi

WORK=$(mktemp -d)
t() { tmux -L "$SOCK" "$@"; }
cleanup() {
	t kill-server 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

# plain prints the screen as text.
plain() { t capture-pane -p -t "$S"; }

# wait_for TEXT [SECONDS]: wait until TEXT is on the screen.
wait_for() {
	local text=$1 secs=${2:-20} i
	for ((i = 0; i < secs * 10; i++)); do
		if plain | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.1
	done
	plain >&2
	die "timed out waiting for \"$text\""
}

# keys K...: type keys, one at a time (so ESC is never read as alt+key).
keys() {
	local k
	for k in "$@"; do
		t send-keys -t "$S" -- "$k"
		sleep 0.25
	done
}

# typed TEXT: type literal text.
typed() { t send-keys -t "$S" -l -- "$1"; sleep 0.3; }

# shot NAME: capture the screen once it has settled.
shot() {
	sleep 0.8
	t capture-pane -e -p -t "$S" >"$WORK/$1.ans"
	plain >"$WORK/$1.txt"
	echo "captured $1" >&2
}

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd) # absolute: Chromium writes where --screenshot says
rm -f "$OUT"/*.png "$OUT"/*.txt "$OUT"/*.ans

t -f /dev/null new-session -d -s shots -x "$COLS" -y "$ROWS" \
	"env -u NO_COLOR TERM=xterm-256color COLORTERM=truecolor $BIN demo"
t set-option -g escape-time 0 >/dev/null
t resize-window -t "$S" -x "$COLS" -y "$ROWS" >/dev/null 2>&1 || true

# The demo seeds thousands of runs first. The explorer opens on the overview.
wait_for "connected" 120
wait_for "Late runs" 30
wait_for "succeeded" 30
shot overview

# A failing flow's last failure is one enter away.
keys 2
sleep 0.5
shot overview-failing

keys : ; typed "flows"; keys Enter
wait_for "LAST 10" 30
shot flows

# The flow page of etl-orders, then all its details.
keys / ; typed "etl-orders"; keys Enter
sleep 1
keys Enter
wait_for "schedule"
wait_for "scheduled"
shot flow
keys d
wait_for "flow id"
shot flow-details
keys d Escape
sleep 0.5
keys BSpace
wait_for "14 of 14"

keys / ; typed "s3-ingest"; keys Enter
sleep 1
keys l
wait_for "runs" ; wait_for "took"
shot runs

# The flow's failed runs (a flow with mapped tasks, for the timeline and schematic).
keys / ; typed "state:Failed"; keys Enter
wait_for "Failed"
sleep 1
shot runs-failed

keys Enter
wait_for "Timeline"
shot run-timeline

keys 2
sleep 1
shot run-taskruns

keys 3
wait_for "level:"
shot run-logs

keys / ; typed "Task"; keys Enter
sleep 0.5
shot run-logs-search

keys 4
wait_for "layer 1"
keys f
shot run-schematic

keys 5
sleep 1
shot run-details

keys R
wait_for "Restart flow run"
shot action-restart
keys n
sleep 0.5

keys M
wait_for "Mark flow run"
shot action-markas
keys Escape
sleep 0.5

# The failed task run's own page.
keys 2
sleep 0.5
keys f o
sleep 1.5
shot taskrun
keys Escape
sleep 0.5

# Bulk cancel from the runs list: mark two running runs.
keys : ; typed "runs Running"; keys Enter
wait_for "Running"
sleep 1
keys space j space C
wait_for "touches"
shot action-cancel
keys n
sleep 0.5

keys : ; typed "flows"; keys Enter
wait_for "LAST 10"
keys N
wait_for "pre-filled"
shot action-runnow
keys Escape
sleep 0.5

# The agents, with the Kubernetes agent's runs.
keys : ; typed "agents"; keys Enter
wait_for "Could pick up now"
keys j
sleep 0.5
shot agents

# A late run no agent can take, and a run whose pod never started.
keys : ; typed "runs"; keys Enter
wait_for "took"
keys / ; typed "label:a100 state:Late"; keys Enter
wait_for "missing label"
keys Enter
wait_for "Why isn't it running?"
shot run-why-labels
keys Escape
sleep 0.5
keys BSpace
sleep 0.5
keys / ; typed "flow:etl-customers state:Submitted"; keys Enter
wait_for "Submitted"
sleep 1
keys Enter
wait_for "never started"
shot run-why-never-started
keys Escape
sleep 0.5

keys : ; typed "query"; keys Enter
sleep 1.5
shot query
keys Escape
sleep 0.5

keys "?"
sleep 0.5
shot help

# The Cloud demo (three tenants, the demo user admin, member and read-only in them): the
# fleet shows every tenant at once.
t new-session -d -s cloud -x "$COLS" -y "$ROWS" \
	"env -u NO_COLOR TERM=xterm-256color COLORTERM=truecolor $BIN demo --cloud"
t kill-session -t shots
S=cloud
t resize-window -t "$S" -x "$COLS" -y "$ROWS" >/dev/null 2>&1 || true
wait_for "Choose a tenant" 180
keys Enter
wait_for "Late runs" 30
keys : ; typed "fleet"; keys Enter
wait_for "All tenants" 30
wait_for "updated" 30
shot fleet

t kill-server 2>/dev/null || true

# Render: aha turns each capture into HTML, Chromium photographs it at the size of the
# terminal (DejaVu Sans Mono 14px: 8.43 px a column, 17 px a row).
width=$((COLS * 843 / 100 + 24))
height=$((ROWS * 17 + 20))
for ans in "$WORK"/*.ans; do
	name=$(basename "$ans" .ans)
	{
		printf '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
		printf 'html,body{margin:0;background:#1c1c1c}'
		printf 'pre{margin:0;padding:10px 12px;font-family:"DejaVu Sans Mono",monospace;'
		printf 'font-size:14px;line-height:17px;color:#d0d0d0;white-space:pre}'
		printf '</style></head><body><pre>'
		aha --black --no-header <"$ans"
		printf '</pre></body></html>'
	} >"$WORK/$name.html"
	timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--no-first-run --force-device-scale-factor=1 --window-size="$width,$height" \
		--screenshot="$OUT/$name.png" "file://$WORK/$name.html" >/dev/null 2>&1 ||
		die "chromium failed on $name"
	cp "$ans" "$OUT/$name.ans"
	cp "$WORK/$name.txt" "$OUT/$name.txt"
	echo "wrote $OUT/$name.png" >&2
done
