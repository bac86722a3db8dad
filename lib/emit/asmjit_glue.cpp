// SPDX-License-Identifier: MIT
// Linked wherever asmjit is. See cmake/asmjit.cmake: the stderr that asmjit's debug output uses, renamed in our copy of
// Debian's archive so the archive can be linked into a shared library.
#include <cstdio>

extern "C" __attribute__((visibility("hidden"))) FILE* jitffi_asmjit_stderr;
FILE* jitffi_asmjit_stderr = stderr;
