#!/usr/bin/env bash
# The one entry point. It installs whatever is missing (espeak-ng, ffmpeg,
# a virtualenv with the Python packages), then runs:
#   bash run.sh build [PATHS...]   build stories/ (or PATHS) into output/
#   bash run.sh test [PYTEST ARGS] the whole test suite
#   bash run.sh ANY AUDIOBOOK COMMAND
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || missing+=(ffmpeg)
command -v mediainfo >/dev/null || missing+=(mediainfo)
python3 -c "import ensurepip, venv" 2>/dev/null || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "installing system packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
  touch .venv/.installed
fi

command="${1:-build}"
[ $# -gt 0 ] && shift
case "$command" in
  test) exec .venv/bin/python -m pytest -q "$@" ;;
  *) exec .venv/bin/audiobook "$command" "$@" ;;
esac
