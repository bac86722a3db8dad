# SPDX-License-Identifier: MIT
# Cross-building jitffi for aarch64 Linux on a Debian x86-64 host: the cross compiler from
# g++-aarch64-linux-gnu, the libraries from Debian's arm64 multiarch packages (libgtest-dev:arm64,
# libbenchmark-dev:arm64, libffi-dev:arm64, libasmjit-dev:arm64; scripts/cross-deps.sh installs
# them), and the tests run under qemu-user (below). scripts/test.sh's aarch64 stage uses it.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_ASM_COMPILER aarch64-linux-gnu-gcc)
# The sysroot of the cross toolchain, then the multiarch tree: packages are found in either, and
# under any root the caller gives (-DCMAKE_FIND_ROOT_PATH=PREFIX: an install prefix to find
# packages in, as the packaging tests do).
list(APPEND CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu /usr)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Running target programs: under qemu-user, through cmake/qemu-user-run.sh (the sysroot's
# libraries before the multiarch ones; the loader's variables given to the program, not to qemu).
# JITFFI_QEMU_AARCH64 names the emulator: scripts/cross-deps.sh provides Debian 13's qemu, which,
# unlike Debian 12's, honours instruction-cache maintenance for generated code.
if(NOT JITFFI_QEMU_AARCH64)
  set(JITFFI_QEMU_AARCH64 qemu-aarch64)
endif()
set(CMAKE_CROSSCOMPILING_EMULATOR ${CMAKE_CURRENT_LIST_DIR}/qemu-user-run.sh ${JITFFI_QEMU_AARCH64}
    /usr/aarch64-linux-gnu)
