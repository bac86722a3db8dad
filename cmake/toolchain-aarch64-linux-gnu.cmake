# SPDX-License-Identifier: MIT
# Cross-building jitffi for aarch64 Linux on a Debian x86-64 host: the cross compiler from
# g++-aarch64-linux-gnu, the libraries from Debian's arm64 multiarch packages (libgtest-dev:arm64,
# libbenchmark-dev:arm64, libffi-dev:arm64, libasmjit-dev:arm64), and the tests run under
# qemu-user (scripts/cross.sh provides JITFFI_QEMU_AARCH64: Debian 13's qemu, which, unlike
# Debian 12's, honours instruction-cache maintenance for generated code).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_ASM_COMPILER aarch64-linux-gnu-gcc)
# The sysroot of the cross toolchain, then the multiarch tree: packages are found in either.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu /usr)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Running target programs: with -L alone the loader may pick the multiarch libc (a different glibc
# build than the sysroot's loader) and programs that start threads hang, so the sysroot's libraries
# come first on the library path (REFERENCE.md, "Cross building and running here").
if(NOT JITFFI_QEMU_AARCH64)
  set(JITFFI_QEMU_AARCH64 qemu-aarch64)
endif()
set(CMAKE_CROSSCOMPILING_EMULATOR
    ${JITFFI_QEMU_AARCH64} -L /usr/aarch64-linux-gnu
    -E LD_LIBRARY_PATH=/usr/aarch64-linux-gnu/lib:/usr/lib/aarch64-linux-gnu)
