#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The jitffi command-line tool: every subcommand, --help on each, and each error path with its
# exit status (0 success, 1 failure, 2 bad usage, 128+N for a callee killed by signal N) and a
# message on stderr. `call` results are checked against Python's own (math, zlib, os, errno,
# signal, struct): an independent implementation on the same machine.
#   cli_test.sh JITFFI PROJECT-VERSION HOST-ARCH JIT
# HOST-ARCH is the tool's architecture (lib/CMakeLists.txt's folder name: x64, a64, rv64); JIT is 1
# where the build has the JIT (JITFFI_JIT), 0 where it has none (no listings at all); JITFFI_RUN
# runs it (tests/CMakeLists.txt: env natively, the emulator in cross builds), the tool's
# environment first as NAME=VALUE arguments (with_env below). Checks of generated code name an
# x86-64 ABI: its listings are available on every host.
set -uo pipefail
jitffi=$1
version=$2
arch=$3
jit=$4
run=${JITFFI_RUN:-env}
case $arch in
  x64) host_abi=sysv-x64 run_abis="sysv-x64 win64" ld_format=elf64-x86-64 ;;
  a64) host_abi=aapcs64 run_abis="aapcs64 apple-arm64 win-arm64" ld_format=elf64-littleaarch64 ;;
  rv64) host_abi=rv64 run_abis="rv64" ld_format=elf64-littleriscv ;;
  *) echo "cli_test: no expectations for architecture '$arch'"; exit 1 ;;
esac
with_env=()  # NAME=VALUE for the tool's environment, in the next expect
emulated=0   # under an emulator (qemu-user) rather than natively
[ "$run" != env ] && emulated=1
fails=0
out=$(mktemp) err=$(mktemp) work=$(mktemp -d)
trap 'rm -f "$out" "$err"; rm -rf "$work"' EXIT
py() { python3 -c "$@"; }

# expect STATUS STDOUT-PATTERN STDERR-PATTERN -- ARGS...   (patterns: grep -E; "" = any)
expect() {
  local status=$1 opat=$2 epat=$3
  shift 4
  timeout 20 $run "${with_env[@]}" "$jitffi" "$@" >"$out" 2>"$err"   # nothing here takes more than moments
  local got=$?
  local ok=1
  [ "$got" = "$status" ] || ok=0
  if [ -n "$opat" ] && ! grep -Eq -- "$opat" "$out"; then ok=0; fi
  if [ -n "$epat" ] && ! grep -Eq -- "$epat" "$err"; then ok=0; fi
  if [ "$status" = 0 ] && [ -s "$err" ]; then ok=0; fi   # success prints nothing on stderr
  if [ "$status" != 0 ] && [ ! -s "$err" ]; then ok=0; fi  # failures say why on stderr
  if [ $ok = 0 ]; then
    echo "FAIL: jitffi $* -> status $got (want $status)"
    sed 's/^/  out: /' "$out" | head -5
    sed 's/^/  err: /' "$err" | head -5
    fails=$((fails + 1))
  fi
}

# expect_out STATUS STDOUT STDERR-PATTERN -- ARGS...   (STDOUT: the whole of it, exactly)
expect_out() {
  local status=$1 want=$2 epat=$3
  shift 4
  expect "$status" "" "$epat" -- "$@"
  if [ "$(cat "$out")" != "$want" ]; then
    echo "FAIL: jitffi $*: stdout is not as expected"
    printf '%s\n' "$want" | sed 's/^/  want: /'
    sed 's/^/  got:  /' "$out"
    fails=$((fails + 1))
  fi
}

# usage and help
expect 2 "" "usage: jitffi" -- 
expect 0 "usage: jitffi <command>" "" -- --help
expect 2 "" "unknown command" -- frobnicate
for cmd in plan disasm call bench; do
  expect 0 "usage: jitffi $cmd" "" -- $cmd --help
done
# the version is the project's (CMake's project(VERSION)); -V is --version
expect 0 "^jitffi $version \(libffi API [0-9.]+\)$" "" -- --version
expect 0 "^jitffi $version " "" -- -V
# options: --opt=value as well as --opt value; -- ends the options; flags take no value
expect 0 "^i32\(i32\)  \[win64\]$" "" -- plan --abi=win64 'i32(i32)'
expect 0 "^i32\(i32\)  \[win64\]$" "" -- plan 'i32(i32)' --abi win64
expect 0 "^i32\(i32\)  \[$host_abi\]$" "" -- plan -- 'i32(i32)'
expect 2 "" "--errno takes no value" -- call libc.so.6 abs 'i32(i32)' 1 --errno=1
expect 2 "" "unknown option --abbi for plan" -- plan 'i32()' --abbi=win64

# Each command's help lists the ABIs it can use on this host, and exactly those work: every
# listed one is accepted, every other one refused as bad usage. Every host classifies for every
# ABI and lists code for x86-64's (with the JIT; without it, none); it runs code of its own
# architecture's ABIs.
for cmd in plan disasm call; do
  listed=$($run "$jitffi" $cmd --help | sed -n "s/^ABIs for $cmd on this host: //p" | sed 's/ (default)//; s/,//g')
  must="sysv-x64 win64"
  [ $cmd = call ] && must=$run_abis
  [ $cmd = disasm ] && [ "$jit" = 0 ] && must=""
  for abi in $must; do
    case " $listed " in *" $abi "*) ;; *) echo "FAIL: $cmd --help does not list $abi ($listed)"; fails=$((fails + 1)) ;; esac
  done
  for abi in sysv-x64 win64 gnuw64 aapcs64 apple-arm64 win-arm64 rv64; do
    case $cmd in
      call) args=(call libc.so.6 getpid 'i32()') ;;
      *) args=($cmd 'i32(i32)') ;;
    esac
    case " $listed " in
      *" $abi "*) expect 0 "" "" -- "${args[@]}" --abi $abi ;;
      *) expect 2 "" "--abi $abi is not available for $cmd on this host" -- "${args[@]}" --abi $abi ;;
    esac
  done
done

# plan
expect 0 "^a0: direct xmm0=0\+8  # f64" "" -- plan 'i32(f64, ptr, {f32,f32}, ...)' --abi sysv-x64
expect 0 "count=rax:2" "" -- plan 'i32(f64, ptr, {f32,f32}, ...)' --abi sysv-x64
expect 0 "indirect rcx ->rax" "" -- plan '{i64,i64,i64}(i32)' --abi win64
expect 0 "xmm1=0\+8 rdx=0\+8" "" -- plan 'i32(i32, ..., f64)' --abi win64
expect 0 "^a2: direct v1=0\+4 v2=4\+4  # \{f32,f32\}" "" -- plan 'i32(f64, ptr, {f32,f32}, ...)' --abi aapcs64
expect 0 "^ret: indirect x8  #" "" -- plan '{i64,i64,i64}(i32)' --abi aapcs64
# Apple arm64: variadic arguments on the stack, named stack arguments packed; Windows arm64:
# every argument of a variadic function in x registers (a double too), then the stack.
expect 0 "^a1: direct \[sp\+0\]=0\+8  # f64" "" -- plan 'i32(ptr, ..., f64)' --abi apple-arm64
expect 0 "^a9: direct \[sp\+2\]=0\+2  # i16" "" -- plan 'void(i64, i64, i64, i64, i64, i64, i64, i64, i8, i16)' --abi apple-arm64
expect 0 "^a1: direct x1=0\+8  # f64" "" -- plan 'i32(ptr, ..., f64)' --abi win-arm64
expect 0 "^a7: direct x7=0\+8 \[sp\+0\]=8\+4  # \{i32,i32,i32\}" "" -- \
  plan 'void(i32, ..., i32, i32, i32, i32, i32, i32, {i32,i32,i32})' --abi win-arm64
expect 0 "^ret: direct v0=0\+8  # ld" "" -- plan 'ld(ld)' --abi win-arm64
if [ "$jit" = 1 ]; then
  expect 0 "^fmov x1, d0|^ldr x1, \[" "" -- disasm 'i32(ptr, ..., f64)' --abi win-arm64
  expect 0 "^strh w" "" -- disasm 'void(i64, i64, i64, i64, i64, i64, i64, i64, i8, i16)' --abi apple-arm64
fi
expect 1 "" "at position 7: expected" -- plan 'i32(i32'
expect 1 "" "must be promoted" -- plan 'i32(ptr, ..., f32)'
expect 2 "" "unknown ABI 'mips'" -- plan 'i32()' --abi mips
expect 2 "" "plan takes one signature" -- plan
expect 2 "" "unknown option --frob" -- plan 'i32()' --frob
expect 2 "" "--abi needs a value" -- plan 'i32()' --abi
# Small descriptions of huge values: answered at once (these used to hang or run out of memory).
expect 0 "^a0: ignore  # \{\{\{\}\[65536\]\}\[65536\]\}$" "" -- plan 'void({{{}[65536]}[65536]})'
expect 1 "" "return value: a value of at least 2\^62 bytes is larger than the 16777216-byte limit" -- \
  plan '{{{{i8[65536]}[65536]}[65536]}[65536]}()'
expect 1 "" "argument 0: a value of 4294967296 bytes is larger than the 16777216-byte limit" -- \
  plan 'i32({{i8[65536]}[65536]})'
expect 0 "^a0: direct xmm0=0\+8 xmm1=8\+8  # \{f64\[2\]\}$" "" -- plan 'void({f64[2]})' --abi sysv-x64

# disasm: listings of generated code (a build without the JIT has none, and says so)
if [ "$jit" = 1 ]; then
  expect 0 "movsxd rdi, dword ptr \[rdi\] +; a0: bytes 0\+4" "" -- disasm 'i32(i32, i32)' --abi sysv-x64
  expect 0 "call r11" "" -- disasm 'i32(i32, i32)' --abi sysv-x64
  expect 0 "mov qword ptr \[rsp\], rdi +; a0: bytes 0\+4" "" -- disasm 'i32(i32, i32)' --abi sysv-x64 --shape slots --closure
  expect 0 "call qword ptr \[r10\+0x28\]" "" -- disasm 'f64({f64,f64})' --abi sysv-x64 --closure
  expect 0 "save what the caller's ABI preserves" "" -- disasm 'i32(i32)' --closure --abi win64 --handler sysv
  expect 0 "lea r8, \[rsp\+0x20\]" "" -- disasm 'i32(i32)' --closure --abi win64 --handler win64
  if $run "$jitffi" disasm 'i32(i32)' --closure --abi win64 --handler win64 | grep -q "save what"; then
    echo "FAIL: a Win64 closure entry with a Win64 handler saves registers"
    fails=$((fails + 1))
  fi
  # AArch64 on any host: --abi aapcs64, or --arch a64 (the architecture's first ABI)
  expect 0 "^ldrsw x0, \[x0\] +; a0: bytes 0\+4" "" -- disasm 'i32(i32, i32)' --arch a64
  expect 0 "^blr x16$" "" -- disasm 'i32(i32, i32)' --abi aapcs64
  expect 0 "^ldp x0, x16, \[x17, 24\]$" "" -- disasm 'f64({f64,f64})' --closure --arch aarch64
  expect 0 "^; i32\(i32\)  \[sysv-x64, call stub" "" -- disasm 'i32(i32)' --arch x64
else
  expect 1 "" "built without the JIT \(JITFFI_JIT=OFF\)" -- disasm 'i32(i32)'
  expect 1 "" "built without the JIT \(JITFFI_JIT=OFF\)" -- disasm 'f64({f64,f64})' --closure
fi
expect 0 "^ret: indirect x8  #" "" -- plan '{i64,i64,i64}(i32)' --arch arm64
expect 2 "" "unknown architecture 'mips'" -- disasm 'i32(i32)' --arch mips
expect 2 "" "--abi win64 is not an ABI of aarch64" -- plan 'i32(i32)' --arch a64 --abi win64
# RISC-V 64 on any host: planned (registers by their psABI names, NaN-boxed floats, an unsigned
# int sign-extended); no code to list (asmjit has no RISC-V assembler), so disasm refuses it
expect 0 "^a0: direct fa0=0\+4:n  # f32" "" -- plan 'u32(f32, u32)' --abi rv64
expect 0 "^a1: direct a0=0\+4:s  # u32" "" -- plan 'u32(f32, u32)' --arch rv64
expect 0 "^ret: indirect a0  #" "" -- plan '{i64,i64,i64}(i32)' --abi riscv64
expect 2 "" "--abi rv64 is not available for disasm on this host" -- disasm 'i32(i32)' --abi rv64
expect 2 "" "--handler is sysv or win64" -- disasm 'i32()' --closure --handler fastcall
expect 2 "" "--handler is for closure entries" -- disasm 'i32()' --handler win64
expect 2 "" "--shape is avalues or slots" -- disasm 'i32()' --shape rows
expect 1 "" "parse error" -- disasm '{i32'

# call
expect 0 "^0.5403023058681398$" "" -- call libm.so.6 cos 'f64(f64)' 1.0
expect 0 "^12$" "" -- call libm.so.6 ldexpf 'f32(f32, i32)' 1.5 3
expect 0 "^5$" "" -- call libm.so.6 hypotl 'ld(ld, ld)' 3 4
expect 0 "^42$" "" -- call libc.so.6 abs 'i32(i32)' -42
expect 0 "^5$" "" -- call libc.so.6 strlen 'u64(str)' hello
expect 0 "^\{3,2\}$" "" -- call libc.so.6 div '{i32,i32}(i32, i32)' 17 5
expect 0 "^5$" "" -- call libm.so.6 cabs 'f64(c64)' '{3,4}'
# A complex short {-5, 0} is the 4 bytes 0x0000fffb in abs's int; labs(-(2^33 + 1)) in rax is the
# complex int {1, 2}; fabs reads the low lane of a vector in xmm0 (v0 on AArch64). RISC-V passes
# a vector as an aggregate ("Fixed-length vectors are treated as aggregates"): a 16-byte one in
# a0 and a1, whose bits ldiv divides (C's truncating division of the lanes' bit patterns).
expect 0 "^65531$" "" -- call libc.so.6 abs 'i32(ci16)' '{-5,0}'
expect 0 "^\{1,2\}$" "" -- call libc.so.6 labs 'ci32(i64)' -- -8589934593
if [ "$arch" = rv64 ]; then
  expect_out 0 "$(py '
import struct
x, y = (struct.unpack("<q", struct.pack("<d", v))[0] for v in (7.0, -2.5))
q = abs(x) // abs(y) * (1 if (x < 0) == (y < 0) else -1)
print("{%d,%d}" % (q, x - q * y))')" "" -- call libc.so.6 ldiv '{i64,i64}(f64x2)' '{7,-2.5}'
else
  expect 0 "^2.5$" "" -- call libm.so.6 fabs 'f64(f64x2)' '{-2.5,7}'
fi
expect 1 "" "has 1 lane\(s\), f64x2 has 2" -- call libm.so.6 fabs 'f64(f64x2)' '{-2.5}'
# Records: bit-fields read and written by their bits (a=5 in bits 0-2, b=17 in bits 3-7: byte 141,
# then c=3: 0x038d = 909 as gcc lays the struct out), a union given its first member.
expect 0 "^909$" "" -- call libc.so.6 abs 'i32({u32:3,u32:5,i8})' '{5,17,3}'
expect 0 "^\{5,17,3\}$" "" -- call libc.so.6 labs '{u32:3,u32:5,i8}(i64)' 909
expect 0 "^1065353216$" "" -- call libc.so.6 abs 'i32(union{f32,i32})' '{1.0}'
expect 1 "" "has 2 field\(s\), \{u32:3,u32:5,i8\} has 3" -- call libc.so.6 abs 'i32({u32:3,u32:5,i8})' '{5,17}'
expect 0 "^10$" "" -- call libc.so.6 snprintf 'i32(ptr, u64, str, ..., i32, f64)' null 0 '%d %f' 1 2.5
expect 0 "^255$" "" -- call libc.so.6 strtol 'i64(str, ptr, i32)' ff null 16
expect 0 "" "" -- call libc.so.6 srand 'void(u32)' 7
[ ! -s "$out" ] || { echo "FAIL: a void call printed something"; fails=$((fails + 1)); }
# On AArch64 hosts the Apple and Windows conventions run too: a Linux function whose arguments
# travel alike under them (their differences are the plan tests' and the golden listings').
if [ "$arch" = a64 ]; then
  expect 0 "^0.5403023058681398$" "" -- call libm.so.6 cos 'f64(f64)' 1.0 --abi apple-arm64
  expect 0 "^12$" "" -- call libm.so.6 ldexpf 'f32(f32, i32)' 1.5 3 --abi win-arm64
  expect 0 "^\{3,2\}$" "" -- call libc.so.6 div '{i32,i32}(i32, i32)' 17 5 --abi win-arm64
fi
# Arguments are numbered from 0, as plan and disasm number them (a0, a1, ...).
expect 1 "" "argument 0: '99999999999' does not fit i32" -- call libc.so.6 abs 'i32(i32)' 99999999999
expect 1 "" "argument 0: '-1' does not fit u8" -- call libc.so.6 abs 'u8(u8)' -1
expect 1 "" "argument 0: 'x1' is not an integer" -- call libc.so.6 abs 'i32(i32)' x1
expect 1 "" "argument 1: 'x' is not an integer" -- call libc.so.6 div '{i32,i32}(i32, i32)' 1 x
expect 1 "" "argument 0: '1.5q' is not a number" -- call libm.so.6 cos 'f64(f64)' 1.5q
expect 1 "" "has 1 field\(s\)" -- call libc.so.6 abs 'i32({i32,i32})' '{1}'
expect 1 "" "cannot load library libnope.so.9" -- call libnope.so.9 f 'i32()'
expect 1 "" "no symbol no_such_symbol_here in libc.so.6" -- call libc.so.6 no_such_symbol_here 'i32()'
expect 1 "" "signature: parse error: at position 4" -- call libc.so.6 abs 'i32(' 1
expect 1 "" "the signature has 1 argument\(s\), 2 given" -- call libc.so.6 abs 'i32(i32)' 1 2
expect 2 "" "call needs LIB SYMBOL SIG" -- call libc.so.6 abs
# `--` ends the options: what follows is a value even when it looks like one.
expect_out 0 "7" "" -- call libc.so.6 strlen 'u64(str)' -- --errno
expect 1 "" "argument 0: a value of 4294967296 bytes is larger than the 16777216-byte limit" -- \
  call libc.so.6 abs 'i32({{i8[65536]}[65536]})' 1
# Arrays take their elements in braces.
expect 0 "^5$" "" -- call libm.so.6 cabs 'f64({f64[2]})' '{{3,4}}'
expect 0 "^\{\{3,2\}\}$" "" -- call libc.so.6 div '{i32[2]}(i32, i32)' 17 5
expect 1 "" "argument 0: field 0: '\{3,4,5\}' has 3 element\(s\), f64\[2\] has 2" -- call libm.so.6 cabs 'f64({f64[2]})' '{{3,4,5}}'
expect 1 "" "argument 0: field 1 lies past an explicit size" -- call libc.so.6 abs 'i32({i32,i32}#4:4)' '{1,2}'

# Strings: a str result is its text, a str argument is the text itself (never an address); str
# is the tool's spelling of ptr (so is a pointer to plain char), parse errors keep the user's
# positions.
expect_out 0 "$(py 'import errno, os; print(os.strerror(errno.ENOENT))')" "" -- call libc.so.6 strerror 'str(i32)' "$(py 'import errno; print(errno.ENOENT)')"
expect_out 0 "$(py 'print(int("0x1f", 0))')" "" -- call libc.so.6 strtol 'i64(str, ptr, i32)' 0x1f null 0
expect_out 0 "$(py 'import os; print(os.environ["HOME"])')" "" -- call libc.so.6 getenv 'const char *(char*)' HOME
expect_out 0 "null" "" -- call libc.so.6 getenv 'str(str)' JITFFI_NO_SUCH_VARIABLE_SET
expect 1 "" "at position 17: expected a type .*found '\)'" -- call libc.so.6 strlen 'u64(const char*, )' hi
expect 1 "" "argument 0: 'hello' is not a pointer: null, an address" -- call libc.so.6 strlen 'u64(ptr)' hello

# C's type names, read as the ABI's C compiler has them (the c_types_* oracles check the names;
# these check the tool passes its --abi to the parser): long is 32 bits under Windows (LLP64),
# plain char unsigned under AAPCS64. A pointer to plain char is text, other pointers are not.
expect 0 "^i32\(i32\)  \[win64\]$" "" -- plan 'long(long)' --abi win64
expect 0 "^i32\(i32\)  \[win-arm64\]$" "" -- plan 'long(long)' --abi win-arm64
expect 0 "^i64\(i64\)  \[apple-arm64\]$" "" -- plan 'long(long)' --abi apple-arm64
expect 0 "^i32\(i32\)  \[gnuw64\]$" "" -- plan 'long int(signed long)' --abi=gnuw64
expect 0 "^i64\(i64\)  \[sysv-x64\]$" "" -- plan 'long(long)' --abi sysv-x64
expect 0 "^u64\(ptr, u64\)  \[sysv-x64\]$" "" -- plan 'unsigned long(const char*, size_t)' --abi sysv-x64
expect 0 "^u32\(ptr, u64\)  \[win64\]$" "" -- plan 'unsigned long(const char*, size_t)' --abi win64
expect 0 "^u8\(i8, u8\)  \[aapcs64\]$" "" -- plan 'char(signed char, unsigned char)' --abi aapcs64
expect 0 "^i8\(i8, u8\)  \[sysv-x64\]$" "" -- plan 'char(signed char, unsigned char)' --abi sysv-x64
expect 0 "^a0: direct rcx=0\+4:s  # i32$" "" -- plan 'void(long)' --abi win64
expect 1 "" "at position 5: expected a type \('long char' is no C type\)" -- plan 'void(long char)'
expect 1 "" "at position 19: expected ',' or '\)', found 's, int\)'" -- plan 'size_t(const char *s, int)'
expect_out 0 "$(py 'print(int("0x1f", 0))')" "" -- call libc.so.6 strtol 'long(const char*, char**, int)' 0x1f null 0
expect_out 0 "$(py 'print(int("1f", 16)); print("a1: zz")')" "" -- call libc.so.6 strtoul 'unsigned long(const char *restrict, char **restrict, int)' 0x1fzz out:char* 16
expect_out 0 "$(py 'print(abs(-5000000000))')" "" -- call libc.so.6 labs 'long(long)' -- -5000000000
expect_out 0 "$(py 'print(len("hello"))')" "" -- call libc.so.6 strlen 'size_t(char const *)' hello
expect 1 "" "argument 0: 'hello' is not a pointer: null, an address" -- call libc.so.6 strlen 'size_t(unsigned char*)' hello
expect 1 "" "argument 0: '5000000000' does not fit i32" -- call libc.so.6 abs 'int(int)' 5000000000

# Out-parameters: out:TYPE passes a fresh zeroed TYPE and prints what the callee left there;
# buf:N a zeroed N-byte buffer printed as text; out:str a char* the callee sets.
expect_out 0 "$(py 'import math; m, e = math.frexp(8.0); print(m); print("a1:", e)')" "" -- call libm.so.6 frexp 'f64(f64, ptr)' 8 out:i32
expect_out 0 "$(py 'import math; m, e = math.frexp(-3.0); print(m); print("a1:", e)')" "" -- call libm.so.6 frexp 'f64(f64, ptr)' -3 out:i32
expect_out 0 "$(py 'print(int("1f", 16)); print("a1: zz")')" "" -- call libc.so.6 strtol 'i64(str, ptr, i32)' 0x1fzz out:str 16
expect_out 0 "$(py 'import math; f, i = math.modf(2.75); print(f); print("a1:", "%g" % i)')" "" -- call libm.so.6 modf 'f64(f64, ptr)' 2.75 out:f64
expect_out 0 "$(py 's = "x=%d y=%s" % (-42, "ok"); print(len(s)); print("a0:", s)')" "" -- call libc.so.6 snprintf 'i32(ptr, u64, str, ..., i32, str)' buf:32 32 'x=%d y=%s' -42 ok
(cd "$work" && expect_out 0 "$(py 'import os; print(os.getcwd()); print("a0:", os.getcwd())')" "" -- call libc.so.6 getcwd 'str(ptr, u64)' buf:4096 4096)
expect 0 "^a1: \{[0-9]+,[0-9]+\}$" "" -- call libc.so.6 clock_gettime 'i32(i32, ptr)' 0 'out:{i64,i64}'
expect 1 "" "argument 1: out:TYPE: at position 0: expected a type" -- call libm.so.6 frexp 'f64(f64, ptr)' 8 out:i3
expect 1 "" "buf:N takes a size N from 1" -- call libc.so.6 getcwd 'str(ptr, u64)' buf:0 0
expect 1 "" "argument 0: out:TYPE: a \{\{i8\[65536\]\}\[65536\]\} is larger than 16777216 bytes" -- \
  call libc.so.6 abs 'i32(ptr)' 'out:{{i8[65536]}[65536]}'

# errno, when asked: set to 0 before the call, printed with its name and message after it.
expect_out 0 "$(py 'import errno, os; print(-1); print("errno: %d %s (%s)" % (errno.ENOENT, errno.errorcode[errno.ENOENT], os.strerror(errno.ENOENT)))')" "" -- call libc.so.6 open 'i32(str, i32)' "$work/no/such/file" 0 --errno
expect_out 0 "$(py 'import errno, os; print(-1); print("errno: %d %s (%s)" % (errno.EBADF, errno.errorcode[errno.EBADF], os.strerror(errno.EBADF)))')" "" -- call libc.so.6 close 'i32(i32)' --errno -- -1
expect 0 "^errno: 0$" "" -- call libc.so.6 getpid 'i32()' --errno

# A crash in the callee: the signal's name, where, in what, and the exit status 128+N (N from the
# shell's own table).
expect $((128 + $(kill -l SEGV))) "" "^jitffi: SIGSEGV \(segmentation fault, address 0x0\) in the call to strlen; exit status $((128 + $(kill -l SEGV)))$" -- call libc.so.6 strlen 'u64(ptr)' null
expect $((128 + $(kill -l ABRT))) "" "^jitffi: SIGABRT \(aborted\) in the call to abort" -- call libc.so.6 abort 'void()'
expect $((128 + $(kill -l FPE))) "" "^jitffi: SIGFPE .* in the call to raise" -- call libc.so.6 raise 'i32(i32)' "$(kill -l FPE)"
# (qemu-user reports a fault in the first page at the page's start.)
fault_at_c=0xc
[ $emulated = 1 ] && fault_at_c='0x(c|0)'
expect $((128 + $(kill -l SEGV))) "" "SIGSEGV \(segmentation fault, address $fault_at_c\) in reading what strtoul returned" -- call libc.so.6 strtoul 'str(str, ptr, i32)' 12 null 10

# Library names as users type them (as ctypes.util.find_library finds them): the soname, the
# development name (on Debian an ld script), lib<name>, <name>, a path (the libm the tool itself
# loads, as its loader lists it); a GNU ld script of our own, as a path and found through
# LD_LIBRARY_PATH.
cos1=$(py 'import math; print(repr(math.cos(1.0)))')
libm=$($run LD_TRACE_LOADED_OBJECTS=1 "$jitffi" | sed -n 's/^[[:space:]]*libm\.so\.6 => \([^ ]*\) .*/\1/p')
[ -n "$libm" ] || { echo "FAIL: no libm.so.6 among the tool's libraries"; fails=$((fails + 1)); }
for name in libm.so.6 libm.so libm m "$libm"; do
  expect_out 0 "$cos1" "" -- call "$name" cos 'f64(f64)' 1.0
done
# A bare name with no development file (libz.so) is found through the ld.so cache, which an
# emulated program does not have: the cache it reads is the build machine's.
if [ $emulated = 0 ]; then
  expect_out 0 "$(py 'import zlib; print(zlib.ZLIB_RUNTIME_VERSION)')" "" -- call z zlibVersion 'str()'
else
  echo "note: 'jitffi call z' not checked: under an emulator the ld.so cache is the build machine's"
fi
cat >"$work/libjitffiscript.so" <<SCRIPT
/* GNU ld script: the first loadable shared object counts */
OUTPUT_FORMAT($ld_format)
GROUP ( $work/libmissing.a $libm AS_NEEDED ( /nonexistent/libneeded.so.1 ) )
SCRIPT
expect_out 0 "$cos1" "" -- call "$work/libjitffiscript.so" cos 'f64(f64)' 1.0
with_env=(LD_LIBRARY_PATH="$work")
expect_out 0 "$cos1" "" -- call jitffiscript cos 'f64(f64)' 1.0
with_env=()
expect 1 "" "cannot load library jitffi_no_such_lib: .*no libjitffi_no_such_lib.so.\* in the ld.so cache" -- call jitffi_no_such_lib f 'i32()'

# bench: options, and where its files go (the report itself is exercised by its own quick run)
expect 2 "" "bench takes no arguments" -- bench extra
expect 2 "" "--json needs a value" -- bench --json
expect 2 "" "--chart needs a value" -- bench --chart
# Nothing is written unless asked: a run in an empty directory leaves it empty, and its report
# names no chart.
rm -rf "${work:?}"/*
(
  cd "$work" && $run VALGRIND=none "$jitffi" bench --quick --filter '^call/b/(jitffi|libffi)_ffi_call$' >"$out" 2>"$err"
) || { echo "FAIL: jitffi bench --quick failed"; sed 's/^/  err: /' "$err" | head -5; fails=$((fails + 1)); }
if [ -n "$(ls -A "$work")" ] || grep -q -- "- chart:" "$out" || ! grep -q "^# jitffi benchmark report" "$out"; then
  echo "FAIL: jitffi bench without --chart/--json wrote files ($(ls -A "$work")) or named a chart"
  fails=$((fails + 1))
fi
# --chart FILE: the chart, named in the report; its red figure for b is libffi's ffi_call over
# jitffi's ffi_call, the two medians the JSON of the same run holds.
(
  cd "$work" && $run VALGRIND=none "$jitffi" bench --quick --filter '^call/b/(jitffi|libffi)_ffi_call$' \
    --chart "$work/c.svg" --json "$work/r.json" >"$out" 2>"$err"
) || { echo "FAIL: jitffi bench --chart failed"; sed 's/^/  err: /' "$err" | head -5; fails=$((fails + 1)); }
want=$(python3 -c '
import json, sys
r = {m["method"]: m["median_ns"] for m in json.load(open(sys.argv[1]))["wall"]["results"]}
print("libffi/jitffi %.1f×" % (r["libffi_ffi_call"] / r["jitffi_ffi_call"]))' "$work/r.json")
if ! grep -q -- "- chart: $work/c.svg" "$out" || ! grep -q "^<svg" "$work/c.svg" ||
   ! grep -q ">$want<" "$work/c.svg" || ! grep -q "jitffi ffi_call / ffi_closure" "$work/c.svg"; then
  echo "FAIL: jitffi bench --chart: no chart, or its ratio is not '$want'"
  fails=$((fails + 1))
fi

if [ $fails -gt 0 ]; then
  echo "$fails CLI check(s) failed"
  exit 1
fi
echo "all CLI checks passed"
