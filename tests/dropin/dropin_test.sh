#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The drop-in libffi.so.8, three ways:
#  1. the API tour built against the system libffi's header and library, run on the system
#     libffi, then run again on jitffi's libffi.so.8 (LD_LIBRARY_PATH) — same output;
#  2. the tour built against jitffi's header and libffi.so.8 — same output, plus the libffi 3.8
#     lines (self-checked);
#  3. the exported symbols: every symbol the system libffi.so.8 exports, under the same version
#     node; data objects of 24 bytes; jitffi's C extensions (jitffi_*) under its own version
#     nodes (JITFFI_x.y), none under libffi's; nothing else.
# JITFFI_RUN runs a program of the build's architecture (tests/CMakeLists.txt), its environment
# as NAME=VALUE arguments first: env natively, the emulator in cross builds.
set -euo pipefail
tour_system=$1 tour_jitffi=$2 dropin_dir=$3 system_lib=$4
run=${JITFFI_RUN:-env}
# The shipped (normal) build needs libc and libgcc_s.so.1, nothing else (the C++ library is linked
# in statically); the normal CI job checks that. libgcc_s.so.1 is the process's unwinder, linked
# dynamically on purpose: generated code's unwind tables are registered with the unwinder C++ code
# throws with (lib/runtime/unwind_p.h); it is part of every Linux base system (Debian's libc6
# depends on it). A sanitizer build's library needs the sanitizer runtime too.
allowed_needed='libc\.so\.6|ld-linux-x86-64\.so\.2|ld-linux-aarch64\.so\.1|ld-linux-riscv64-lp64d\.so\.1|libm\.so\.6|libgcc_s\.so\.1'
[ -n "${JITFFI_SANITIZER_RUNTIMES:-}" ] && allowed_needed="$allowed_needed|$JITFFI_SANITIZER_RUNTIMES"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

loaded() {  # which libffi a run actually mapped
  $run LD_DEBUG=libs "$@" 2>&1 >/dev/null | grep -o '[^ ]*libffi\.so\.8[^ ]*' | grep -v 'search\|trying' | tail -1
}

$run "$tour_system" > "$out/system.txt"
$run LD_LIBRARY_PATH="$dropin_dir" "$tour_system" > "$out/dropin.txt"
case "$(loaded LD_LIBRARY_PATH="$dropin_dir" "$tour_system")" in
  "$dropin_dir"/*) ;;
  *) echo "the drop-in run did not load $dropin_dir/libffi.so.8"; exit 1 ;;
esac
diff -u "$out/system.txt" "$out/dropin.txt" || { echo "system-built tour: jitffi's libffi.so.8 differs from the system's"; exit 1; }

$run "$tour_jitffi" > "$out/jitffi.txt"
# (Lines the system's header cannot have: libffi 3.8's API; the complex types where the system
# libffi's header has none — Debian 12's libffi 3.4.4 on riscv64, which libffi 3.8 has them on.)
skip='^v38 '
grep -q '^prep complex' "$out/system.txt" || skip="$skip|^(prep|call) complex"
grep -Ev "$skip" "$out/jitffi.txt" | diff -u "$out/system.txt" - || { echo "jitffi-built tour differs"; exit 1; }
grep -q '^v38 call plan: 42$' "$out/jitffi.txt" || { echo "libffi 3.8 part missing"; exit 1; }

# Symbols: name, version node, size of each exported ffi_* symbol.
syms() { objdump -T "$1" | awk '$NF ~ /^ffi_/ {print $NF, $(NF-1)}' | sort; }
syms "$system_lib" > "$out/system.syms"
syms "$dropin_dir/libffi.so.8" > "$out/dropin.syms"
missing=$(comm -23 "$out/system.syms" "$out/dropin.syms")
[ -z "$missing" ] || { echo "missing or differently versioned symbols:"; echo "$missing"; exit 1; }
# Beyond libffi's API only jitffi's C extensions (ffi.h, "jitffi extensions"), in their own node.
others=$(objdump -T "$dropin_dir/libffi.so.8" | awk '/DF|DO/ && $NF !~ /^(ffi_|jitffi_)/ && $0 !~ /\*(UND|ABS)\*/' || true)
[ -z "$others" ] || { echo "exported beyond libffi's API:"; echo "$others"; exit 1; }
extensions=$(objdump -T "$dropin_dir/libffi.so.8" | awk '/DF|DO/ && $NF ~ /^jitffi_/ {print $(NF-1), $NF}' | LC_ALL=C sort | tr '\n' ' ')
expected="JITFFI_0.1 jitffi_call_errno JITFFI_0.1 jitffi_type_bitfield_struct JITFFI_0.1 jitffi_type_free \
JITFFI_0.1 jitffi_type_struct_at JITFFI_0.1 jitffi_type_struct_packed JITFFI_0.1 jitffi_type_union "
[ "$extensions" = "$expected" ] || { echo "jitffi's extensions (node, name): $extensions"; exit 1; }
badsize=$(objdump -T "$dropin_dir/libffi.so.8" | awk '$2 ~ /g/ && / DO / && $NF ~ /^ffi_type_/ && $5 != "0000000000000018"')
[ -z "$badsize" ] || { echo "ffi_type objects must be 24 bytes:"; echo "$badsize"; exit 1; }
needed=$(readelf -d "$dropin_dir/libffi.so.8" | awk '/NEEDED/ {print $NF}' | tr -d '[]' | grep -v -E "^($allowed_needed)\$" || true)
[ -z "$needed" ] || { echo "libffi.so.8 needs more than libc and libgcc_s: $needed"; exit 1; }
readelf -d "$dropin_dir/libffi.so.8" | grep -q 'NEEDED.*\[libgcc_s\.so\.1\]' ||
  { echo "libffi.so.8 does not link the process's unwinder (libgcc_s.so.1)"; exit 1; }
echo "drop-in test passed ($(wc -l < "$out/system.txt") lines identical, $(wc -l < "$out/dropin.syms") symbols)"
