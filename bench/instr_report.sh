#!/bin/sh
# Instructions per call under callgrind, as markdown (see instr_count.cpp; it re-runs itself
# under valgrind and reads the dumps). Builds nothing.
#   bench/instr_report.sh BUILD_DIR [--n1 N] [--n2 N] [--keep] [--valgrind PATH]
set -eu
if [ $# -lt 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 BUILD_DIR [instr_count options...]" >&2
  exit 2
fi
build=$1
shift
exec "$build/bench/instr_count" "$@"
