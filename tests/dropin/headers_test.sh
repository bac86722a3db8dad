#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# libffi's headers as jitffi ships them compile without a single warning in C and in C++, also
# with -Wpedantic from C11 on (ffi_closure's anonymous union, as in libffi, is C11).
set -euo pipefail
# headers_test.sh CC CXX INCLUDE_DIR... (the source include directory and the generated one)
cc=$1 cxx=$2
shift 2
includes=()
for d in "$@"; do includes+=("-I$d"); done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '#include <ffi.h>\nint main(void) { ffi_cif c; (void)c; return FFI_OK; }\n' > "$work/t.c"
cp "$work/t.c" "$work/t.cpp"
for std in c99 c11 gnu17; do
  "$cc" -std=$std -W -Wall -Wextra -Werror "${includes[@]}" -c "$work/t.c" -o "$work/t.o"
done
for std in c11 c17; do
  "$cc" -std=$std -Wpedantic -Wall -Wextra -Werror "${includes[@]}" -c "$work/t.c" -o "$work/t.o"
done
for std in c++11 c++17 c++20; do
  "$cxx" -std=$std -Wpedantic -W -Wall -Wextra -Werror "${includes[@]}" -c "$work/t.cpp" -o "$work/t.o"
done
echo "headers clean"
