#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# qemu-user-run.sh QEMU SYSROOT [NAME=VALUE...] PROGRAM [ARGS...]: runs a program of another
# architecture under qemu-user. The cross toolchain files make it CMAKE_CROSSCOMPILING_EMULATOR,
# so CTest, the build-time generators and the tests' scripts (JITFFI_RUN) all run target programs
# through it.
#
# NAME=VALUE arguments before the program are the program's environment, as env(1) takes them:
# that is how a caller gives the program the dynamic loader's variables (LD_LIBRARY_PATH,
# LD_PRELOAD, LD_DEBUG, ...), which in the environment would act on this script's shell and on
# qemu, host programs, instead. The program's library path is the given one, then the sysroot's:
# with -L alone the loader can take Debian's multiarch libc, a different glibc build than the
# sysroot's loader, and every program that starts a thread hangs (REFERENCE.md, "Cross building
# and running here"). The multiarch directory (/usr/lib/<triplet>: GoogleTest, the system libffi,
# ...) stays where the loader looks by default, after a program's own RUNPATH, so that a test
# linked to the build's libffi.so.8 does not get the system's.
set -euo pipefail
qemu=$1 sysroot=$2
shift 2
library_path=$sysroot/lib
options=()
while [ $# -gt 0 ]; do
  case $1 in
    LD_LIBRARY_PATH=*) library_path=${1#LD_LIBRARY_PATH=}:$sysroot/lib ;;
    [A-Za-z_]*=*) options+=(-E "$1") ;;
    *) break ;;
  esac
  shift
done
exec "$qemu" -L "$sysroot" -E "LD_LIBRARY_PATH=$library_path" "${options[@]}" "$@"
