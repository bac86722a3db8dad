#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs jitffi into a scratch prefix, then builds and runs consumers that know only the
# installed files, as the README tells a stranger to:
#  1. what a plain `cmake --install` puts there: the license, the man page, no libffi files
#     (unless configured with JITFFI_INSTALL_LIBFFI=ON), a libjitffi.so exporting no unique
#     symbols (nor does the drop-in, in 3);
#  2. a C program using `pkg-config --cflags --libs jitffi` alone (no rpath: LD_LIBRARY_PATH);
#  3. the drop-in, installed on request (--component libffi), as build systems see libffi:
#     `pkg-config libffi` finds jitffi's libffi.so.8, whose version is libffi.pc's;
#  4. a CMake project with a plain find_package(jitffi REQUIRED) and no C++ standard of its own;
#  5. the package's metadata: the version policy request by request, the license;
#  6. static linking (when the build made the static libraries): C programs linked with -static
#     through `pkg-config --static` (libffi and jitffi), and the CMake project through
#     jitffi::jitffi_static, also beside the program's own asmjit and libstdc++ inline statics.
# usage: install_test.sh BUILD_DIR SOURCE_DIR STATIC(0|1) TOOL(0|1) INSTALL_LIBFFI(0|1)
# The environment says how to build and run for the build's architecture (tests/CMakeLists.txt):
# JITFFI_CC the C compiler, JITFFI_CMAKE_ARGS the consumers' cross toolchain (empty natively),
# JITFFI_RUN how to run a program (its environment first: env natively, the emulator otherwise).
set -euo pipefail
build_dir=$1 source_dir=$2 static=$3 tool=$4 install_libffi=$5
cc=${JITFFI_CC:-cc} run=${JITFFI_RUN:-env}
read -r -a cmake_args <<<"${JITFFI_CMAKE_ARGS:-}"
work=$(mktemp -d "${build_dir}/install-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
fail() { echo "install test: $*"; exit 1; }
cmake --install "$build_dir" --prefix "$prefix" >/dev/null

# 1. A plain install.
pcdir=$(dirname "$(find "$prefix" -name jitffi.pc | head -1)")
libdir=$(dirname "$pcdir")
export PKG_CONFIG_PATH=$pcdir
cmp -s "$source_dir/LICENSE" "$prefix/share/doc/jitffi/LICENSE" || fail "LICENSE is not in share/doc/jitffi"
if [ "$tool" = 1 ]; then
  [ -x "$prefix/bin/jitffi" ] || fail "the jitffi tool is not installed"
  [ -s "$prefix/share/man/man1/jitffi.1" ] || fail "the man page is not installed"
fi
libffi_files=$(find "$prefix" -name 'libffi*' -o -name 'ffi.h' ! -path '*/jitffi/compat/*')
if [ "$install_libffi" = 1 ]; then  # configured with JITFFI_INSTALL_LIBFFI=ON: asked for
  [ -e "$libdir/libffi.so.8" ] || fail "JITFFI_INSTALL_LIBFFI=ON, but a plain install has no libffi.so.8"
else
  [ -z "$libffi_files" ] || fail "a plain install put the drop-in in place: $libffi_files"
fi
grep -qx 'License: MIT' "$pcdir/jitffi.pc" || fail "jitffi.pc has no License: MIT"
# No STB_GNU_UNIQUE symbols exported: they bind across libraries and forbid unloading.
no_unique() {
  local unique
  unique=$(nm -D --defined-only "$1" | awk '$2 == "u" { print $3 }')
  [ -z "$unique" ] || fail "$1 exports unique symbols: $unique"
}
no_unique "$libdir/libjitffi.so"
pkg-config --validate jitffi || fail "jitffi.pc does not validate"
case "$(pkg-config --libs --static jitffi)" in
  *rpath*) fail "jitffi.pc sets an rpath: $(pkg-config --libs jitffi)" ;;
esac

# 2. A C program: libffi's API through jitffi, with nothing but `pkg-config jitffi`'s flags.
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
"$cc" -Wall -Wextra -Werror "$work/prog.c" $(pkg-config --cflags --libs jitffi) -o "$work/prog"
if readelf -d "$work/prog" | grep -E 'RPATH|RUNPATH'; then fail "the pkg-config consumer has an rpath"; fi
out=$($run LD_LIBRARY_PATH="$libdir" "$work/prog")
[ "$out" = "25" ] || fail "pkg-config consumer printed '$out'"
# It must be jitffi's library that answered, not the system libffi (the loader lists what it
# loads, as ldd has it do).
loaded() { $run LD_TRACE_LOADED_OBJECTS=1 LD_LIBRARY_PATH="$libdir" "$1"; }
loaded "$work/prog" | grep "$libdir/libjitffi.so" >/dev/null || fail "consumer is not linked to $libdir/libjitffi.so"

# 3. The drop-in, asked for: `pkg-config libffi` finds jitffi's libffi.so.8.
cmake --install "$build_dir" --prefix "$prefix" --component libffi >/dev/null
ls "$libdir/libffi.so.8" >/dev/null
no_unique "$libdir/libffi.so.8"
grep -qx 'License: MIT' "$pcdir/libffi.pc" || fail "libffi.pc has no License: MIT"
pkg-config --validate libffi || fail "libffi.pc does not validate"
"$cc" -Wall -Wextra -Werror "$work/prog.c" $(pkg-config --cflags --libs libffi) -o "$work/prog_libffi"
out=$($run LD_LIBRARY_PATH="$libdir" "$work/prog_libffi")
[ "$out" = "25" ] || fail "libffi.pc consumer printed '$out'"
loaded "$work/prog_libffi" | grep "$libdir/libffi.so.8" >/dev/null || fail "libffi.pc consumer does not load the drop-in"
# One libffi version everywhere: libffi.pc, the header's macros, the library's answer.
cat > "$work/version.c" <<'C'
#include <ffi.h>
#include <stdio.h>
int main(void) {
  printf("%s %d %s %lu\n", FFI_VERSION_STRING, FFI_VERSION_NUMBER, ffi_get_version(), ffi_get_version_number());
  return 0;
}
C
"$cc" -Wall -Wextra -Werror "$work/version.c" $(pkg-config --cflags --libs libffi) -o "$work/version"
pcversion=$(pkg-config --modversion libffi)
IFS=. read -r major minor patch <<<"$pcversion"
want="$pcversion $((major * 10000 + minor * 100 + patch)) $pcversion $((major * 10000 + minor * 100 + patch))"
got=$($run LD_LIBRARY_PATH="$libdir" "$work/version")
[ "$got" = "$want" ] || fail "libffi versions disagree: header and library say '$got', libffi.pc '$pcversion'"

# 4. A CMake project: find_package(jitffi) → jitffi::jitffi, C++20 from the target. (A cross
# toolchain looks for packages under its roots only: the prefix is made one.)
[ ${#cmake_args[@]} -gt 0 ] && cmake_args+=("-DCMAKE_FIND_ROOT_PATH=$prefix")
cmake -S "$source_dir/tests/install/consumer" -B "$work/consumer" "${cmake_args[@]}" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/consumer" >/dev/null
$run "$work/consumer/consumer"

# 5. The package's metadata (configuring the check project fails on a wrong answer).
static_target=""
[ "$static" = 1 ] && static_target=jitffi::jitffi_static
cmake -S "$source_dir/tests/install/package_check" -B "$work/package_check" "${cmake_args[@]}" -DCMAKE_PREFIX_PATH="$prefix" \
  -DJITFFI_STATIC_TARGET="$static_target" >"$work/package_check.log" 2>&1 || { cat "$work/package_check.log"; fail "package metadata"; }

# 6. Static linking.
if [ "$static" = 1 ]; then
  for pc in libffi jitffi; do
    "$cc" -static -Wall -Wextra -Werror "$work/prog.c" $(pkg-config --static --cflags --libs $pc) -o "$work/prog_static_$pc"
    if readelf -d "$work/prog_static_$pc" | grep -q NEEDED; then fail "prog_static_$pc is not statically linked"; fi
    out=$($run "$work/prog_static_$pc")
    [ "$out" = "25" ] || fail "static $pc.pc consumer printed '$out'"
  done
  cmake -S "$source_dir/tests/install/consumer_static" -B "$work/consumer_static" "${cmake_args[@]}" \
    -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
  cmake --build "$work/consumer_static" >/dev/null
  if readelf -d "$work/consumer_static/consumer_static" | grep -q 'libjitffi'; then fail "consumer_static needs libjitffi.so"; fi
  $run "$work/consumer_static/consumer_static"
  # The program with its own asmjit beside libjitffi.a (built where the target is x86-64).
  beside=""
  if [ -e "$work/consumer_static/beside" ]; then
    $run "$work/consumer_static/beside"
    beside=", static beside the program's own asmjit"
  fi
  echo "install test passed (shared, drop-in, CMake package, static$beside)"
else
  echo "install test passed (shared, drop-in, CMake package; static libraries not built: JITFFI_BUILD_STATIC=OFF)"
fi
