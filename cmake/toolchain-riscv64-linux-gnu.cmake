# SPDX-License-Identifier: MIT
# Cross-building jitffi for riscv64 Linux (LP64D) on a Debian x86-64 host: the cross compiler from
# g++-riscv64-linux-gnu (scripts/deps.sh installs it). Debian 12 has no riscv64 packages: the
# tests' GoogleTest and libffi (the oracle) are built from source with this compiler into a prefix
# (scripts/riscv64-deps.sh), which the caller gives as CMAKE_FIND_ROOT_PATH (-DCMAKE_FIND_ROOT_PATH=
# PREFIX). There is no asmjit for RISC-V: the build has no JIT (JITFFI_JIT is forced OFF,
# lib/CMakeLists.txt). The tests run under qemu-user (below). scripts/test.sh's riscv64 stage uses it.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR riscv64)
set(CMAKE_LIBRARY_ARCHITECTURE riscv64-linux-gnu)
set(CMAKE_C_COMPILER riscv64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER riscv64-linux-gnu-g++)
set(CMAKE_ASM_COMPILER riscv64-linux-gnu-gcc)
# The sysroot of the cross toolchain, and any root the caller gives (the prefix of the tests'
# libraries; an install prefix to find packages in, as the packaging tests do).
list(APPEND CMAKE_FIND_ROOT_PATH /usr/riscv64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Running target programs: under qemu-user, through cmake/qemu-user-run.sh (the sysroot's
# libraries; the loader's variables given to the program, not to qemu). JITFFI_QEMU_RISCV64 names
# the emulator: the same Debian 13 qemu-user scripts/cross-deps.sh provides for the aarch64 stage.
if(NOT JITFFI_QEMU_RISCV64)
  set(JITFFI_QEMU_RISCV64 qemu-riscv64)
endif()
set(CMAKE_CROSSCOMPILING_EMULATOR ${CMAKE_CURRENT_LIST_DIR}/qemu-user-run.sh ${JITFFI_QEMU_RISCV64}
    /usr/riscv64-linux-gnu)
