#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs jitffi into a scratch prefix, then builds and runs two consumers that know only the
# installed files: a C program using `pkg-config --cflags --libs jitffi` alone, and a CMake
# project using find_package(jitffi).
set -euo pipefail
build_dir=$1
source_dir=$2
work=$(mktemp -d "${build_dir}/install-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
cmake --install "$build_dir" --prefix "$prefix" >/dev/null

# 1. A C program: libffi's API through jitffi, with nothing but `pkg-config jitffi`'s flags.
export PKG_CONFIG_PATH=$(dirname "$(find "$prefix" -name jitffi.pc | head -1)")
cat > "$work/prog.c" <<'C'
#include <ffi.h>
#include <stdio.h>
#include <string.h>
static double hyp(double a, double b) { return a * a + b * b; }
int main(void) {
  ffi_cif cif;
  ffi_type* args[] = {&ffi_type_double, &ffi_type_double};
  if (ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_double, args) != FFI_OK) return 2;
  double a = 3, b = 4, r = 0;
  void* av[] = {&a, &b};
  ffi_call(&cif, FFI_FN(hyp), &r, av);
  char buf[32];
  snprintf(buf, sizeof buf, "%g", r);
  printf("%s\n", buf);
  return strcmp(buf, "25") == 0 ? 0 : 1;
}
C
cc -Wall -Wextra -Werror "$work/prog.c" $(pkg-config --cflags --libs jitffi) -o "$work/prog"
out=$("$work/prog")
[ "$out" = "25" ] || { echo "pkg-config consumer printed '$out'"; exit 1; }
# It must be jitffi's library that answered, not the system libffi.
ldd "$work/prog" | grep "libjitffi.so" >/dev/null || { echo "consumer is not linked to libjitffi"; exit 1; }

# 2. The drop-in as build systems see libffi: `pkg-config libffi` finds jitffi's libffi.so.8.
ls "$(dirname "$PKG_CONFIG_PATH")"/libffi.so.8 >/dev/null
cc -Wall -Wextra -Werror "$work/prog.c" $(pkg-config --cflags --libs libffi) -o "$work/prog_libffi"
out=$("$work/prog_libffi")
[ "$out" = "25" ] || { echo "libffi.pc consumer printed '$out'"; exit 1; }
ldd "$work/prog_libffi" | grep "$prefix.*libffi.so.8" >/dev/null || { echo "libffi.pc consumer does not load the drop-in"; exit 1; }

# 3. A CMake project: find_package(jitffi) → jitffi::jitffi.
cmake -S "$source_dir/tests/install/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/consumer" >/dev/null
"$work/consumer/consumer"
echo "install test passed"
