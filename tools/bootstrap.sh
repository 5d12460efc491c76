#!/usr/bin/env bash
# Sets up everything mindful-tui needs on Debian/Ubuntu: the system packages the sound
# stack builds against (ALSA headers for simpleaudio, espeak-ng and its voices for every
# language, espeak-ng-data, for pyttsx3, tmux for the real-terminal tests), then a local
# virtualenv in .venv with the project and its tools.
# Idempotent: it installs only what is missing. Usage: tools/bootstrap.sh [python]
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${1:-}
if [ -z "$PY" ]; then
  for c in python3.11 python3.12 python3.13 python3; do
    if command -v "$c" >/dev/null 2>&1; then PY=$c; break; fi
  done
fi
[ -n "$PY" ] || { echo "mindful-tui needs Python 3.11 or newer: apt-get install python3 python3-venv" >&2; exit 1; }

need=()
if command -v dpkg >/dev/null 2>&1; then
  for p in gcc make libasound2-dev espeak-ng espeak-ng-data tmux; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1 || need+=("python3-venv")
  inc=$("$PY" -c 'import sysconfig; print(sysconfig.get_path("include"))')
  [ -f "$inc/Python.h" ] || need+=("python3-dev")
fi

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO="none"; fi
  if [ "$SUDO" = none ]; then
    echo "mindful-tui needs these system packages first: sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
  echo "Installing system packages: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[dev]'
touch .venv/.installed
