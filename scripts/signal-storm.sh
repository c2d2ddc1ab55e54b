#!/usr/bin/env bash
# Signal storms (docs/reliability.md, "A signal does not lose your edits"):
# litrev (release build) runs in a tmux pane with a study's form open and an
# unsaved title typed; then either 2 or 3 signals are sent to it 0, 10 or
# 100 ms apart (SIGTERM, SIGHUP, SIGINT in turn), or the pane of an
# interactive bash running it (directly, or under an `sh -c` wrapper) is
# closed. Each round counts as kept when litrev ended and the recovery file
# holds the typed title. Prints one line per pattern; exits non-zero if any
# round lost the form.
# Usage: scripts/signal-storm.sh [ROUNDS]   (default 20 per pattern). Needs tmux.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-20}
cargo build --release --quiet --bin litrev
bin=$PWD/target/release/litrev
work=$(mktemp -d -p "${TMPDIR:-/tmp}")
sock="litrev-storm-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
lost=0

wait_for() { # wait_for TEXT: until the pane shows TEXT (at most 60 s)
  for _ in $(seq 1 1200); do
    tmux -L "$sock" capture-pane -pt t 2>/dev/null | grep -qF "$1" && return 0
    sleep 0.05
  done
  return 1
}

# fresh: a new copy of the example review in $work/r, an empty config.
fresh() {
  rm -rf "$work/r" "$work/c"
  cp -r data/example "$work/r"
  mkdir -p "$work/c"
}

# open_form COMMAND: starts COMMAND in a new tmux pane and types a title
# into the first study's form.
open_form() {
  tmux -L "$sock" -f /dev/null new-session -d -s t -x 120 -y 35 "$1"
  wait_for "75 studies" || return 1
  tmux -L "$sock" send-keys -t t e
  wait_for "Edit " || return 1
  tmux -L "$sock" send-keys -t t C-u "Kept through the storm"
  wait_for "Kept through the storm"
}

kept() { # kept PID: waits for PID to end, then checks the recovery file
  for _ in $(seq 1 1200); do
    [ -e "/proc/$1" ] && ! grep -q '^[^ ]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null || break
    sleep 0.05
  done
  grep -q "Kept through the storm" "$work/r/.litrev-recovery.toml" 2>/dev/null
}

storm() { # storm N GAP_MS: N signals GAP_MS apart
  local n=$1 gap=$2 ok=0 sigs=(TERM HUP INT)
  for _ in $(seq 1 "$rounds"); do
    fresh
    open_form "echo \$\$ > '$work/pid'; LITREV_CONFIG_DIR='$work/c' exec '$bin' '$work/r'" || continue
    local pid; pid=$(cat "$work/pid")
    for i in $(seq 0 $((n - 1))); do
      [ "$i" -gt 0 ] && [ "$gap" -gt 0 ] && sleep "0.$(printf '%03d' "$gap")"
      kill "-${sigs[$((i % 3))]}" "$pid" 2>/dev/null || true
    done
    kept "$pid" && ok=$((ok + 1))
    tmux -L "$sock" kill-server 2>/dev/null || true
  done
  echo "$n signals $gap ms apart: form kept in $ok of $rounds"
  lost=$((lost + rounds - ok))
}

close_pane() { # close_pane NAME COMMAND: bash -i runs COMMAND; the pane closes
  local name=$1 ok=0
  for _ in $(seq 1 "$rounds"); do
    fresh
    local run="${2//BIN/\'$bin\'}"
    run="${run//REVIEW/\'$work/r\'}"
    tmux -L "$sock" -f /dev/null new-session -d -s t -x 120 -y 35 \
      "env -i PATH=/usr/bin:/bin TERM=xterm-256color HOME=/nonexistent bash --norc --noprofile -i"
    tmux -L "$sock" send-keys -t t -l "export LITREV_CONFIG_DIR='$work/c'; $run"
    tmux -L "$sock" send-keys -t t Enter
    if wait_for "75 studies"; then
      tmux -L "$sock" send-keys -t t e
      wait_for "Edit " && tmux -L "$sock" send-keys -t t C-u "Kept through the storm"
      wait_for "Kept through the storm"
      local pid; pid=$(pgrep -f "^$bin $work/r\$" | head -1 || true)
      tmux -L "$sock" kill-server 2>/dev/null || true
      [ -n "$pid" ] && kept "$pid" && ok=$((ok + 1))
    fi
    tmux -L "$sock" kill-server 2>/dev/null || true
  done
  echo "pane of an interactive bash closed ($name): form kept in $ok of $rounds"
  lost=$((lost + rounds - ok))
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in 2 3; do
  for gap in 0 10 100; do
    storm "$n" "$gap"
  done
done
close_pane "litrev run directly" "BIN REVIEW"
close_pane "under an sh -c wrapper" "sh -c '\"\$0\" \"\$1\"; echo ended' BIN REVIEW"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$lost" -eq 0 ]
