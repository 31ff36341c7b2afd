#!/usr/bin/env bash
# The one entry point. It installs whatever is missing (espeak-ng, ffmpeg,
# the tools the tests call, a virtualenv with the Python packages), then runs:
#   bash run.sh build [PATHS...]   build stories/ (or PATHS) into output/ (PIPER=1: with Piper's voices)
#   bash run.sh test [PYTEST ARGS] the whole test suite: ruff, the pure tests, the audio tests
#   bash run.sh ANY AUDIOBOOK COMMAND
set -euo pipefail
cd "$(dirname "$0")"
command="${1:-build}"
[ $# -gt 0 ] && shift

too_old() {
  python3 -c 'import sys; sys.exit(sys.version_info >= (3, 11))' 2>/dev/null && {
    echo "error: Python 3.11 or newer is needed, this is $(python3 -V 2>&1); install python3.11 or newer (Debian 12 has it) and run again" >&2
    exit 1
  }
  return 0
}
command -v python3 >/dev/null && too_old

# Debian package -> a command it provides (or a Python check for python3-venv).
need=(espeak-ng:espeak-ng ffmpeg:ffmpeg ffmpeg:ffprobe)
if [ "$command" = test ]; then
  # mediainfo reads M4B chapters as a user's tool would; chattr makes a folder
  # immutable (root ignores a 0555 mode); mount/umount give a real full disk.
  # chromium and its driver: the review page is tested in a real browser.
  need+=(mediainfo:mediainfo e2fsprogs:chattr mount:mount chromium:chromium chromium-driver:chromedriver)
fi
missing=()
command -v python3 >/dev/null || missing+=(python3 python3-venv)
for pair in "${need[@]}"; do
  command -v "${pair#*:}" >/dev/null || missing+=("${pair%%:*}")
done
if command -v python3 >/dev/null && ! python3 -c "import ensurepip, venv" 2>/dev/null; then
  missing+=(python3-venv)
fi
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  missing=($(printf '%s\n' "${missing[@]}" | sort -u))
  echo "installing system packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  too_old
fi

if [ "$command" = test ] && ! getent hosts localhost >/dev/null; then
  # A minimal root (debootstrap) has no /etc/hosts: chromedriver and chromium talk over "localhost".
  echo "adding localhost to /etc/hosts (the browser tests need it)" >&2
  printf '127.0.0.1 localhost\n::1 localhost ip6-localhost\n' | $sudo tee -a /etc/hosts >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# The tests need their tools (and Piper, for its bundled voice); a build adds Piper when PIPER=1 asks.
extras="base"
[ "${PIPER:-0}" = 1 ] && extras="piper"
[ "$command" = test ] && extras="test"
if [ ! -f ".venv/.installed-$extras" ] || [ pyproject.toml -nt ".venv/.installed-$extras" ]; then
  spec="."
  [ "$extras" != base ] && spec=".[$extras]"
  .venv/bin/python -m pip install -q --disable-pip-version-check -e "$spec"
  touch ".venv/.installed-$extras"
fi

case "$command" in
  test)
    if [ $# -gt 0 ]; then exec .venv/bin/python -m pytest -q "$@"; fi
    .venv/bin/ruff check src tests bench
    .venv/bin/python -m pytest -q -m "not audio"   # the pure tests, in seconds
    exec .venv/bin/python -m pytest -q -m audio    # the ones that make and measure real sound
    ;;
  *) exec .venv/bin/audiobook "$command" "$@" ;;
esac
