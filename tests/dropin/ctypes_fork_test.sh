#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ctypes_fork_test.py on the system libffi and on the drop-in: both runs must succeed and print
# the same results.
set -euo pipefail
python=$1 script=$2 dropin_dir=$3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$python" "$script" system > "$out/system.txt"
status=0
LD_LIBRARY_PATH="$dropin_dir" "$python" "$script" dropin "$dropin_dir" > "$out/dropin.txt" || status=$?
[ "$status" = 77 ] && { cat "$out/dropin.txt"; exit 77; }
[ "$status" = 0 ] || { echo "the drop-in run failed (status $status)"; cat "$out/dropin.txt"; exit 1; }
diff -u "$out/system.txt" "$out/dropin.txt" || { echo "the drop-in's results differ from the system libffi's"; exit 1; }
echo "ctypes fork test passed ($(wc -l < "$out/system.txt") lines identical)"
